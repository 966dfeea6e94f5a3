import { describe, expect, it } from 'vitest';
import { describeImportProblem, type ImportCell } from './import-cells.ts';
import { guessImportMapping, unmappedRequiredFields } from './import-columns.ts';
import {
  TRAINING_PARTICIPANT_IMPORT_SPECS,
  type TrainingParticipantImportField,
} from './training-participant-import-columns.ts';
import { checkTrainingParticipantRow } from './training-participant-import.ts';

const mapping = Object.fromEntries(
  TRAINING_PARTICIPANT_IMPORT_SPECS.map((spec) => [spec.field, spec.field]),
) as Record<TrainingParticipantImportField, string>;
const check = (cells: Partial<Record<TrainingParticipantImportField, ImportCell>>) =>
  checkTrainingParticipantRow(5, mapping, (field) => cells[field] ?? null);

describe('training participants in a spreadsheet (issues 14 and 16)', () => {
  it('maps the trainings CSV columns and Bengali and Hindi headers by themselves', () => {
    const csv = guessImportMapping(
      ['official', 'organisation', 'cadre', 'rank', 'pre_score', 'post_score'],
      {},
      TRAINING_PARTICIPANT_IMPORT_SPECS,
    );
    expect(csv).toMatchObject({ preScore: 'pre_score', postScore: 'post_score' });
    expect(unmappedRequiredFields(csv, TRAINING_PARTICIPANT_IMPORT_SPECS)).toEqual([]);
    const bengali = guessImportMapping(
      ['কর্মকর্তার নাম', 'সংস্থা', 'ক্যাডার', 'জেলা'],
      {},
      TRAINING_PARTICIPANT_IMPORT_SPECS,
    );
    expect(bengali).toMatchObject({ official: 'কর্মকর্তার নাম', district: 'জেলা' });
    expect(unmappedRequiredFields(bengali, TRAINING_PARTICIPANT_IMPORT_SPECS)).toEqual([]);
    const hindi = guessImportMapping(
      ['अधिकारी का नाम', 'विभाग', 'संवर्ग'],
      {},
      TRAINING_PARTICIPANT_IMPORT_SPECS,
    );
    expect(unmappedRequiredFields(hindi, TRAINING_PARTICIPANT_IMPORT_SPECS)).toEqual([]);
  });

  it('turns a row into a participant, a cadre in Hindi and a number cell score included', () => {
    const { value, problems } = check({
      official: 'Test SI Arun Demokumar',
      organisation: 'Test Police Station',
      cadre: 'पुलिस',
      rank: 'Sub-Inspector',
      preScore: 42,
      postScore: '78.5',
    });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      cadre: 'police',
      rank: 'Sub-Inspector',
      posting: null,
      preScore: 42,
      postScore: 78.5,
    });
    // Without an id column, a re-run is keyed on the official and the organisation.
    expect(value?.externalId).toBe('test si arun demokumar\u0000test police station');
  });

  it('says in plain words what is wrong with each cell', () => {
    const { value, problems } = check({
      official: '',
      organisation: 'Test Court',
      cadre: 'astronaut',
      postScore: 130,
      preScore: 'ten',
    });
    expect(value).toBeUndefined();
    expect(problems.map(describeImportProblem)).toEqual([
      "row 5, column 'official': is empty; the official’s name is required",
      "row 5, column 'cadre': astronaut is not a cadre (police, prosecutor, magistrate, judge, CWC member, DLSA, labour department, shelter staff, other)",
      "row 5, column 'preScore': ten is not a score from 0 to 100",
      "row 5, column 'postScore': 130 is not a score from 0 to 100",
    ]);
    expect(problems.map((problem) => problem.code)).toEqual([
      'empty',
      'unknown_code',
      'not_a_score',
      'not_a_score',
    ]);
  });
});
