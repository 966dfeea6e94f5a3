import { describe, expect, it } from 'vitest';
import { CARE_CASE_IMPORT_SPECS, type CareCaseImportField } from './care-case-import-columns.ts';
import { checkCareCaseRow } from './care-case-import.ts';
import { guessImportMapping, unmappedRequiredFields } from './import-columns.ts';
import type { ImportCell } from './import-cells.ts';

const mapping = Object.fromEntries(
  CARE_CASE_IMPORT_SPECS.map((spec) => [spec.field, spec.field]),
) as Record<CareCaseImportField, string>;
const check = (cells: Partial<Record<CareCaseImportField, ImportCell>>) =>
  checkCareCaseRow(7, mapping, (field) => cells[field] ?? null, '2025-01-01');

describe('care-case rows of a spreadsheet', () => {
  it('guesses the columns from Bengali and Hindi headers', () => {
    const bengali = guessImportMapping(
      ['কেস নং', 'সারভাইভার আইডি', 'উদ্ধারের তারিখ', 'হোম'],
      {},
      CARE_CASE_IMPORT_SPECS,
    );
    expect(bengali).toMatchObject({ externalId: 'কেস নং', personExternalId: 'সারভাইভার আইডি' });
    expect(unmappedRequiredFields(bengali, CARE_CASE_IMPORT_SPECS)).toEqual([]);
    const hindi = guessImportMapping(['केस आईडी', 'पीड़िता आईडी'], {}, CARE_CASE_IMPORT_SPECS);
    expect(unmappedRequiredFields(hindi, CARE_CASE_IMPORT_SPECS)).toEqual([]);
  });

  it('turns a row into the case and its events, codes written in Bengali included', () => {
    const { value, problems } = check({
      externalId: 'C-1',
      personExternalId: 'P-1',
      rescueDate: 43831,
      rescuedBy: 'পুলিশ',
      traffickingStatus: 'possible',
      statusDecidedBy: 'NGO',
      typeOfExploitation: 'যৌন শোষণ',
      cwcProductionDate: '02/01/2020',
    });
    expect(problems).toEqual([]);
    expect(value?.events.map((event) => event.type)).toEqual([
      'rescue.identified',
      'victim.produced_before_cwc',
    ]);
    expect(value?.events[0]?.data).toMatchObject({
      rescuedBy: 'police',
      traffickingStatus: 'PossibleVictimOfTrafficking',
      traffickingStatusDecidedBy: 'NGO',
      typeOfExploitation: ['SexualExploitation'],
    });
    expect(value?.state.phase).toBe('interim_care');
  });

  it('says in plain words what does not fit: a closure while she is still in the shelter', () => {
    const { value, problems } = check({
      externalId: 'C-2',
      personExternalId: 'P-2',
      shelterAdmissionDate: '01/02/2020',
      shelter: 'Test Home',
      closedDate: '01/03/2020',
      closureReason: 'restored',
    });
    expect(value).toBeUndefined();
    expect(problems[0]?.reason).toContain('end the placement before closing the case');
  });

  it('refuses unknown codes and a rescue without its facts, each on its column', () => {
    const { problems } = check({
      externalId: 'C-3',
      personExternalId: 'P-3',
      rescueDate: '2020-01-01',
      rescuedBy: 'army',
      traffickingStatus: 'actual',
      statusDecidedBy: 'Police',
    });
    expect(problems.map((problem) => [problem.column, problem.code])).toEqual([
      ['rescuedBy', 'unknown_code'],
      ['typeOfExploitation', 'empty'],
    ]);
  });

  it('does not invent a trafficking status nobody assessed: a rescue without one is refused', () => {
    const { value, problems } = check({
      externalId: 'C-4',
      personExternalId: 'P-4',
      rescueDate: '2020-01-01',
      rescuedBy: 'police',
      typeOfExploitation: 'labour',
    });
    expect(value).toBeUndefined();
    expect(problems.map((problem) => [problem.column, problem.code])).toEqual([
      ['traffickingStatus', 'empty'],
      ['statusDecidedBy', 'empty'],
    ]);
    expect(problems[0]?.reason).toContain('trafficking status');
  });
});
