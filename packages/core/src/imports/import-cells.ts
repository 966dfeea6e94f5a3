import type { ImportMapping, PersonImportField } from './import-columns.ts';
import { checkImportExternalId } from './import-row-rules.ts';

/** A cell as the reader hands it over: text, a number, a date (xlsx date cells) or nothing. */
export type ImportCell = string | number | Date | null;

/** A problem with one cell (or the row): where, what was there, and why it cannot go in. */
/** What is wrong, as a code the screens translate (the reason is its English sentence). */
export const IMPORT_PROBLEM_CODES = [
  'empty',
  'too_long',
  'not_a_date',
  'future_date',
  'before_1900',
  'unknown_sex',
  'unknown_age_band',
  'not_a_phone',
  'not_a_country',
  'duplicate_id',
  'likely_duplicate',
  'duplicate_in_file',
  'batch_failed',
  'unknown_code',
  'out_of_sequence',
  'unknown_person',
  'unknown_organisation',
  'changed_after_import',
  'not_a_score',
  'unknown_offence',
  'not_an_fir_number',
  'fir_exists',
  'unknown_official',
  'ambiguous_official',
  'repeated_official',
  'not_a_cnr',
  'not_an_amount',
  'cnr_exists',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

export interface ImportProblem {
  row: number;
  column: string | null;
  code: ImportProblemCode;
  score?: number;
  /** For a row like an earlier row of the same file: that row. */
  otherRow?: number;
  /** The cell as written; shown to the person importing, never stored or audited. */
  value?: string;
  reason: string;
}

/** "row 212, column 'DOB': 31/02/2011 is not a date" */
export function describeImportProblem(problem: ImportProblem): string {
  const where =
    problem.column === null
      ? `row ${problem.row}`
      : `row ${problem.row}, column '${problem.column}'`;
  return problem.value === undefined
    ? `${where}: ${problem.reason}`
    : `${where}: ${problem.value} ${problem.reason}`;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function isoOf(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** What a spreadsheet shows in a cell formatted as a date whose number is no date. */
export const INVALID_DATE_TEXT = '########';

/** The cell as text, as a person would read it. */
export function importCellText(cell: ImportCell): string {
  if (cell === null) return '';
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? INVALID_DATE_TEXT : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/**
 * A calendar date from a cell: an xlsx date, an Excel serial number (days since 1899-12-30, as
 * a cell reads when its date format was lost), or text written YYYY-MM-DD or day first
 * (DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY — Indian records write the day first).
 */
export function parseImportDate(cell: ImportCell): string | undefined {
  if (cell === null) return undefined;
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
  }
  const text = String(cell).trim();
  const serial =
    typeof cell === 'number' ? cell : /^\d{4,5}(\.\d+)?$/u.test(text) ? Number(text) : NaN;
  if (!Number.isNaN(serial)) {
    if (serial < 1 || serial > 2_958_465) return undefined;
    return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u.exec(text);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(text);
  if (dayFirst) return isoOf(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  return undefined;
}

const SEX_WORDS: Record<string, 'female' | 'male' | 'transgender' | 'other' | 'unknown'> = {
  female: 'female',
  f: 'female',
  woman: 'female',
  girl: 'female',
  মহিলা: 'female',
  নারী: 'female',
  মেয়ে: 'female',
  महिला: 'female',
  स्त्री: 'female',
  लड़की: 'female',
  male: 'male',
  m: 'male',
  man: 'male',
  boy: 'male',
  পুরুষ: 'male',
  ছেলে: 'male',
  पुरुष: 'male',
  लड़का: 'male',
  transgender: 'transgender',
  tg: 'transgender',
  'তৃতীয় লিঙ্গ': 'transgender',
  রূপান্তরকামী: 'transgender',
  रूपांतरलिंगी: 'transgender',
  ट्रांसजेंडर: 'transgender',
  other: 'other',
  অন্যান্য: 'other',
  अन्य: 'other',
  unknown: 'unknown',
  'not known': 'unknown',
  অজানা: 'unknown',
  अज्ञात: 'unknown',
};

const AGE_BANDS = ['0-11', '12-14', '15-17', '18-24', '25-34', '35+', 'unknown'] as const;
type AgeBand = (typeof AGE_BANDS)[number];

/** The age band of someone born on `birthDate`, on `today`. */
export function ageBandOn(birthDate: string, today: string): AgeBand {
  const [birthYear, birthRest] = [Number(birthDate.slice(0, 4)), birthDate.slice(5)];
  const age = Number(today.slice(0, 4)) - birthYear - (today.slice(5) < birthRest ? 1 : 0);
  if (age < 12) return '0-11';
  if (age < 15) return '12-14';
  if (age < 18) return '15-17';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  return '35+';
}

export interface ImportedPerson {
  externalId: string;
  sex: 'female' | 'male' | 'transgender' | 'other' | 'unknown';
  ageBand: AgeBand;
  birthYearEstimate?: number;
  originState?: string;
  originCountry?: string;
  languages: string[];
  identity: {
    legalName: string;
    aliases: string[];
    birthDate?: string;
    phones: string[];
  };
}

const PHONE = /^\+?[\d\s()-]{6,20}$/u;
const COUNTRY = /^[A-Z]{2}$/u;
const list = (text: string) =>
  text
    .split(/[;,|]/u)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/**
 * What every kind of row check starts from: the row's problems, and readers of its cells by field
 * (an unmapped field reads as empty), so each kind says what is wrong in the same words.
 * `date(field)` is a date written in any way the import reads, not in the future (`today`, an ISO
 * day) and not before 1900; otherwise a problem on its cell, and undefined.
 */
export function importRowReader<Field extends string>(
  row: number,
  mapping: ImportMapping,
  read: (field: Field) => ImportCell,
  today?: string,
) {
  const problems: ImportProblem[] = [];
  const column = (field: Field): string => mapping[field] ?? field;
  const cell = (field: Field): ImportCell => (mapping[field] ? read(field) : null);
  const text = (field: Field): string => importCellText(cell(field));
  const problem = (field: Field, code: ImportProblemCode, reason: string, value?: string): void => {
    problems.push({
      row,
      column: column(field),
      code,
      ...(value === undefined ? {} : { value }),
      reason,
    });
  };
  const date = (field: Field): string | undefined => {
    if (today === undefined) throw new Error('importRowReader: checking a date needs today');
    const value = cell(field);
    if (importCellText(value) === '') return undefined;
    const parsed = parseImportDate(value);
    if (!parsed) problem(field, 'not_a_date', 'is not a date', importCellText(value));
    else if (parsed > today) problem(field, 'future_date', 'is in the future', parsed);
    else if (parsed < '1900-01-01') problem(field, 'before_1900', 'is before 1900', parsed);
    else return parsed;
    return undefined;
  };
  return { problems, column, cell, text, problem, date };
}

/** The readers of one row's cells, as `importRowReader` gives them. */
export type ImportRowReader<Field extends string> = ReturnType<typeof importRowReader<Field>>;

/**
 * Checks one data row against the mapping and turns it into a person, or says in plain words
 * what is wrong with each cell. `read(field)` gives the cell of the field's column.
 */
export function checkPersonRow(
  row: number,
  mapping: ImportMapping,
  read: (field: PersonImportField) => ImportCell,
  today: string,
): { person?: ImportedPerson; problems: ImportProblem[] } {
  const { problems, text, problem, date } = importRowReader(row, mapping, read, today);

  const externalId = text('externalId');
  checkImportExternalId(externalId, problem);
  const legalName = text('legalName');
  if (legalName === '') problem('legalName', 'empty', 'is empty; the name is required');
  else if (legalName.length > 200)
    problem('legalName', 'too_long', 'is longer than 200 characters');

  const sexText = text('sex');
  const sex = SEX_WORDS[sexText.toLowerCase()];
  if (sexText === '')
    problem('sex', 'empty', 'is empty; write female, male, transgender, other or unknown');
  else if (!sex)
    problem(
      'sex',
      'unknown_sex',
      'is not a sex Dawn knows (female, male, transgender, other or unknown)',
      sexText,
    );

  const birthDate = date('birthDate');

  let ageBand: AgeBand = birthDate ? ageBandOn(birthDate, today) : 'unknown';
  const bandText = text('ageBand').replace(/\s+/gu, '');
  if (bandText !== '') {
    const band = AGE_BANDS.find((candidate) => candidate === bandText.toLowerCase());
    if (!band)
      problem(
        'ageBand',
        'unknown_age_band',
        `is not an age band (${AGE_BANDS.join(', ')})`,
        bandText,
      );
    else if (!birthDate) ageBand = band;
  }

  const phones = list(text('phone'));
  for (const phone of phones)
    if (!PHONE.test(phone)) problem('phone', 'not_a_phone', 'is not a phone number', phone);

  const countryText = text('originCountry');
  const originCountry = countryText.toUpperCase();
  if (originCountry !== '' && !COUNTRY.test(originCountry))
    problem(
      'originCountry',
      'not_a_country',
      'is not a two-letter country code such as IN, BD or NP',
      countryText,
    );

  const originState = text('originState');
  const languages = list(text('languages'));
  const aliases = list(text('aliases'));

  if (problems.length > 0 || !sex) return { problems };
  return {
    problems,
    person: {
      externalId,
      sex,
      ageBand,
      ...(birthDate ? { birthYearEstimate: Number(birthDate.slice(0, 4)) } : {}),
      ...(originState ? { originState: originState.slice(0, 100) } : {}),
      ...(originCountry ? { originCountry } : {}),
      languages: languages.slice(0, 10),
      identity: {
        legalName,
        aliases: aliases.slice(0, 20),
        ...(birthDate ? { birthDate } : {}),
        phones: phones.slice(0, 10),
      },
    },
  };
}
