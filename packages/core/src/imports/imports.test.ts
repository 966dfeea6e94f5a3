import { describe, expect, it } from 'vitest';
import {
  checkPersonRow,
  duplicatesWithinFile,
  describeImportProblem,
  guessImportMapping,
  importFileProblemMessage,
  importFileProblemOf,
  MAX_IMPORT_CELLS,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  parseImportDate,
  spreadsheetCellAddress,
  type ImportFileProblem,
  unmappedRequiredFields,
  type ImportCell,
  type PersonImportField,
} from './index.ts';

describe('import column mapping (issue 16)', () => {
  it('guesses the columns of an English, a Bengali and a Hindi sheet', () => {
    expect(guessImportMapping(['Sl. No.', 'Name', 'Gender', 'DOB', 'Mobile'])).toEqual({
      externalId: 'Sl. No.',
      legalName: 'Name',
      sex: 'Gender',
      birthDate: 'DOB',
      phone: 'Mobile',
    });
    expect(guessImportMapping(['আইডি', 'নাম', 'লিঙ্গ', 'জন্ম তারিখ'])).toMatchObject({
      externalId: 'আইডি',
      legalName: 'নাম',
      sex: 'লিঙ্গ',
      birthDate: 'জন্ম তারিখ',
    });
    expect(guessImportMapping(['आईडी', 'नाम', 'लिंग', 'जन्म तिथि', 'राज्य'])).toMatchObject({
      externalId: 'आईडी',
      legalName: 'नाम',
      sex: 'लिंग',
      originState: 'राज्य',
    });
  });

  it('prefers the organisation’s saved mapping and names what is still missing', () => {
    const mapping = guessImportMapping(['Case ref', 'Name', 'Sex'], { externalId: 'Case ref' });
    expect(mapping.externalId).toBe('Case ref');
    expect(unmappedRequiredFields(guessImportMapping(['Name']))).toEqual(['externalId', 'sex']);
  });
});

describe('import cells', () => {
  it('reads ISO, day-first, Excel serial and xlsx dates, and refuses impossible ones', () => {
    expect(parseImportDate('2011-02-28')).toBe('2011-02-28');
    expect(parseImportDate('28/02/2011')).toBe('2011-02-28');
    expect(parseImportDate('5-3-2010')).toBe('2010-03-05');
    expect(parseImportDate(40603)).toBe('2011-03-01');
    expect(parseImportDate('40603')).toBe('2011-03-01');
    expect(parseImportDate(new Date(Date.UTC(2012, 0, 9)))).toBe('2012-01-09');
    expect(parseImportDate('31/02/2011')).toBeUndefined();
    expect(parseImportDate('yesterday')).toBeUndefined();
  });

  it('a cell whose date is no date (an invalid Date) is a problem on its row, not a crash', () => {
    const checked = checkPersonRow(
      9,
      mapping,
      rowOf({ externalId: 'A-3', legalName: 'Test Parul', birthDate: new Date(Number.NaN) }),
      '2026-12-04',
    );
    expect(checked.problems.map(describeImportProblem)).toContain(
      "row 9, column 'DOB': ######## is not a date",
    );
  });

  const mapping = {
    externalId: 'ID',
    legalName: 'Name',
    sex: 'Sex',
    birthDate: 'DOB',
    phone: 'Phone',
    originCountry: 'Country',
  };
  const rowOf =
    (cells: Partial<Record<PersonImportField, ImportCell>>) => (field: PersonImportField) =>
      cells[field] ?? null;

  it('says what is wrong with each cell, in plain words, on its row', () => {
    const checked = checkPersonRow(
      212,
      mapping,
      rowOf({
        externalId: 'A-1',
        legalName: '',
        sex: 'robot',
        birthDate: '31/02/2011',
        originCountry: 'India',
      }),
      '2026-12-04',
    );
    expect(checked.person).toBeUndefined();
    expect(checked.problems.map(describeImportProblem)).toEqual([
      "row 212, column 'Name': is empty; the name is required",
      "row 212, column 'Sex': robot is not a sex Dawn knows (female, male, transgender, other or unknown)",
      "row 212, column 'DOB': 31/02/2011 is not a date",
      "row 212, column 'Country': India is not a two-letter country code such as IN, BD or NP",
    ]);
  });

  it('turns a good row into a person with an identity, the age band from the birth date', () => {
    const checked = checkPersonRow(
      3,
      mapping,
      rowOf({
        externalId: 'A-2',
        legalName: 'রহিমা খাতুন',
        sex: 'মহিলা',
        birthDate: 40603,
        phone: '+91 98300 12345',
      }),
      '2026-12-04',
    );
    expect(checked.problems).toEqual([]);
    expect(checked.person).toMatchObject({
      externalId: 'A-2',
      sex: 'female',
      ageBand: '15-17',
      birthYearEstimate: 2011,
      identity: { legalName: 'রহিমা খাতুন', birthDate: '2011-03-01', phones: ['+91 98300 12345'] },
    });
  });
});

describe('likely duplicates within one file', () => {
  it('finds a later row that is an earlier row written differently, and nothing else', () => {
    const found = duplicatesWithinFile(
      [
        { legalName: 'Rina Mondal', aliases: [], phones: ['+91 98300 12345'] },
        { legalName: 'Kabadala Tamasapo', aliases: [], phones: [] },
        undefined,
        { legalName: 'Reena Mandal', aliases: [], phones: ['098300 12345'] },
        { legalName: 'Lamanara Pabatoko', aliases: [], phones: [] },
      ],
      0.75,
    );
    expect(found.map((match) => match?.earlier)).toEqual([
      undefined,
      undefined,
      undefined,
      0,
      undefined,
    ]);
  });
});

describe('a refused file, worded for scripts and read back for the screen', () => {
  const problems: ImportFileProblem[] = [
    { kind: 'empty' },
    { kind: 'unreadable_workbook' },
    { kind: 'no_sheet' },
    { kind: 'no_headers' },
    { kind: 'too_many_rows', max: MAX_IMPORT_ROWS },
    { kind: 'too_many_cells', max: MAX_IMPORT_CELLS },
    { kind: 'too_large_opened', megabytes: 64 },
    { kind: 'value_too_far_right', cell: 'XFD7', max: MAX_IMPORT_COLUMNS },
    { kind: 'csv_value_too_far_right', line: 2, column: 300, max: MAX_IMPORT_COLUMNS },
    { kind: 'csv_unreadable_line', line: 41 },
  ];

  it.each(problems)('$kind reads back as itself', (problem) => {
    expect(importFileProblemOf(importFileProblemMessage(problem))).toEqual(problem);
  });

  it('words it does not know read back as nothing, and cells are named as a spreadsheet names them', () => {
    expect(importFileProblemOf('the moon is made of cheese')).toBeUndefined();
    expect(
      [1, 26, 27, 52, 256, 702, 703, 16_384].map((column) => spreadsheetCellAddress(column, 3)),
    ).toEqual(['A3', 'Z3', 'AA3', 'AZ3', 'IV3', 'ZZ3', 'AAA3', 'XFD3']);
  });
});
