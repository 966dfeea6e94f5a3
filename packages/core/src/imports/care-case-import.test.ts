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

  it('finds the survivor’s own columns beside the case’s in a register that holds both', () => {
    const found = guessImportMapping(
      ['Case No', 'Survivor ID', 'Name', 'Sex', 'DOB', 'State', 'Rescue state', 'Shelter home'],
      {},
      CARE_CASE_IMPORT_SPECS,
    );
    expect(found).toMatchObject({
      legalName: 'Name',
      sex: 'Sex',
      birthDate: 'DOB',
      originState: 'State',
      rescueState: 'Rescue state',
      shelter: 'Shelter home',
    });
    expect(
      unmappedRequiredFields({ externalId: 'a', personExternalId: 'b' }, CARE_CASE_IMPORT_SPECS),
    ).toEqual([]);
  });

  it('reads the survivor from a row that names her, with the person id as her id', () => {
    const { value, problems } = check({
      externalId: 'C-5',
      personExternalId: 'P-5',
      legalName: 'Test Survivor Five',
      sex: 'F',
      birthDate: '03/04/2008',
      phone: '9000000005',
      cwcProductionDate: '2020-01-02',
    });
    expect(problems).toEqual([]);
    expect(value?.person).toMatchObject({
      externalId: 'P-5',
      sex: 'female',
      identity: {
        legalName: 'Test Survivor Five',
        birthDate: '2008-04-03',
        phones: ['9000000005'],
      },
    });
    // A row that does not name her links her by id alone.
    expect(
      check({ externalId: 'C-6', personExternalId: 'P-6', sex: 'F' }).value?.person,
    ).toBeUndefined();
  });

  it('refuses the survivor’s cells by the persons’ rules, each on its column', () => {
    const { value, problems } = check({
      externalId: 'C-7',
      personExternalId: 'P-7',
      legalName: 'Test Survivor Seven',
      phone: 'call the shelter',
    });
    expect(value).toBeUndefined();
    expect(problems.map((problem) => [problem.column, problem.code])).toEqual([
      ['sex', 'empty'],
      ['phone', 'not_a_phone'],
    ]);
  });
});
