import { describe, expect, it } from 'vitest';
import { guessImportMapping, unmappedRequiredFields } from './import-columns.ts';
import type { ImportCell } from './import-cells.ts';
import { LEGAL_CASE_IMPORT_SPECS, type LegalCaseImportField } from './legal-case-import-columns.ts';
import { checkLegalCaseRow, importedOffenceCode } from './legal-case-import.ts';

const mapping = Object.fromEntries(
  LEGAL_CASE_IMPORT_SPECS.map((spec) => [spec.field, spec.field]),
) as Record<LegalCaseImportField, string>;
const check = (cells: Partial<Record<LegalCaseImportField, ImportCell>>) =>
  checkLegalCaseRow(7, mapping, (field) => cells[field] ?? null, '2025-01-01');

describe('legal-case rows of a spreadsheet', () => {
  it('guesses the columns from Bengali and Hindi headers', () => {
    const bengali = guessImportMapping(
      ['মামলা নং', 'এফআইআর নং', 'থানা', 'ধারা', 'অভিযুক্ত', 'গ্রেফতারের তারিখ'],
      {},
      LEGAL_CASE_IMPORT_SPECS,
    );
    expect(bengali).toMatchObject({
      externalId: 'মামলা নং',
      firNumber: 'এফআইআর নং',
      policeStation: 'থানা',
      offences: 'ধারা',
      accused: 'অভিযুক্ত',
      arrestDate: 'গ্রেফতারের তারিখ',
    });
    const hindi = guessImportMapping(
      ['मामला संख्या', 'थाना', 'धारा', 'आरोपी'],
      {},
      LEGAL_CASE_IMPORT_SPECS,
    );
    expect(hindi).toMatchObject({ policeStation: 'थाना', offences: 'धारा', accused: 'आरोपी' });
    expect(unmappedRequiredFields(hindi, LEGAL_CASE_IMPORT_SPECS)).toEqual([]);
  });

  it('reads offences as registers write them, and refuses a statute Dawn does not know', () => {
    expect(importedOffenceCode('BNS 143(4)')).toBe('BNS:143(4)');
    expect(importedOffenceCode('pocso s.6')).toBe('POCSO:6');
    expect(importedOffenceCode('IPC:370A(1)')).toBe('IPC:370A(1)');
    expect(importedOffenceCode('XYZ:12')).toBeUndefined();
    expect(importedOffenceCode('143(4)')).toBeUndefined();
  });

  it('turns a row into the FIR, the accused and each accused’s steps, in date order', () => {
    const { value, problems } = check({
      externalId: 'L-1',
      firNumber: '17',
      firDate: '10/01/2024',
      policeStation: 'Test Fictionganj PS',
      offences: 'BNS 143(4); ITPA:5',
      victimExternalId: 'P-1',
      accused: 'Test Accused One; পরীক্ষা কাল্পনিক',
      arrestDate: 45302, // 2024-01-11, its date format lost
      remandDate: '12/01/2024',
      remandCustody: 'পুলিশ',
      productionDate: '12/01/2024',
      chargesheetDate: '2024-03-01',
    });
    expect(problems).toEqual([]);
    expect(value?.fir).toEqual({
      number: '17',
      date: '2024-01-10',
      year: 2024,
      registeredAt: '2024-01-10T00:00:00+05:30',
    });
    expect(value?.offences).toEqual(['BNS:143(4)', 'ITPA:5']);
    expect(value?.accused).toEqual(['Test Accused One', 'পরীক্ষা কাল্পনিক']);
    expect(value?.events.map((event) => `${event.type} ${JSON.stringify(event.data)}`)).toEqual([
      'fir.registered {"offences":["BNS:143(4)","ITPA:5"]}',
      'accused.arrested {"accused":"A1"}',
      'accused.arrested {"accused":"A2"}',
      'accused.produced_before_magistrate {"accused":"A1"}',
      'accused.produced_before_magistrate {"accused":"A2"}',
      'accused.remanded {"accused":"A1","custody":"police"}',
      'accused.remanded {"accused":"A2","custody":"police"}',
      'chargesheet.filed {}',
    ]);
  });

  it('says what is wrong with each cell in plain words', () => {
    const { value, problems } = check({
      externalId: '',
      firNumber: '17',
      firDate: '31/02/2024',
      offences: 'XYZ:12',
      arrestDate: '2024-01-11',
    });
    expect(value).toBeUndefined();
    expect(
      problems.map((problem) => `${problem.column}: ${problem.value ?? ''} ${problem.reason}`),
    ).toEqual([
      'externalId:  is empty; every row needs its own id',
      'firDate: 31/02/2024 is not a date',
      'policeStation:  is empty; an FIR needs its number, date and police station',
      'offences: XYZ:12 is not an offence Dawn knows; write the statute and section, e.g. BNS:143(4), ITPA:5 or POCSO:6',
      "accused:  is empty; 'arrestDate' need the accused they are about",
    ]);
  });

  it('refuses steps that cannot have happened in that order', () => {
    const { problems } = check({
      externalId: 'L-2',
      firNumber: '18',
      firDate: '10/01/2024',
      policeStation: 'Test Fictionganj PS',
      chargesheetDate: '01/12/2023',
    });
    expect(problems).toMatchObject([{ code: 'out_of_sequence', column: null }]);
    expect(problems[0]?.reason).toContain('the dates do not fit together');
  });
});
