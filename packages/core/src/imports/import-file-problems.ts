/**
 * Why a spreadsheet was refused before any of its rows was read, and the limits that bound what
 * reading one may cost. The server words the refusal in English for scripts (the message,
 * on the path `file`); the web reads the same words back into the reader's language. Both sides
 * use these functions, so a refusal cannot be worded in a way the screen does not know.
 */

/** The most data rows one file may hold. */
export const MAX_IMPORT_ROWS = 50_000;
/** The widest register read: more columns than any form has (and Excel 2003's limit). */
export const MAX_IMPORT_COLUMNS = 256;
/** The most cells a workbook's sheet may list (50,000 rows of 40 columns). */
export const MAX_IMPORT_CELLS = MAX_IMPORT_ROWS * 40;
/** The most a workbook may hold once unzipped, in megabytes. */
export const MAX_IMPORT_UNZIPPED_MEGABYTES = 64;

/** Every kind of refusal, for the screens that must word each one. */
export const IMPORT_FILE_PROBLEM_KINDS = [
  'empty',
  'unreadable_workbook',
  'no_sheet',
  'no_headers',
  'too_many_rows',
  'too_many_cells',
  'too_large_opened',
  'value_too_far_right',
  'csv_value_too_far_right',
  'csv_unreadable_line',
] as const satisfies readonly ImportFileProblem['kind'][];

export type ImportFileProblem =
  | { kind: 'empty' }
  | { kind: 'unreadable_workbook' }
  | { kind: 'no_sheet' }
  | { kind: 'no_headers' }
  | { kind: 'too_many_rows'; max: number }
  | { kind: 'too_many_cells'; max: number }
  | { kind: 'too_large_opened'; megabytes: number }
  | { kind: 'value_too_far_right'; cell: string; max: number }
  | { kind: 'csv_value_too_far_right'; line: number; column: number; max: number }
  | { kind: 'csv_unreadable_line'; line: number };

/** The refusal as the API words it. */
export function importFileProblemMessage(problem: ImportFileProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'the file is empty';
    case 'unreadable_workbook':
      return 'the workbook could not be read; save it again as .xlsx or .csv';
    case 'no_sheet':
      return 'the workbook has no sheet';
    case 'no_headers':
      return 'no row of headers was found: the first row should name the columns';
    case 'too_many_rows':
      return `the sheet has more than ${problem.max} rows; split it into smaller files`;
    case 'too_many_cells':
      return `the sheet has more than ${problem.max} cells; split it into smaller files`;
    case 'too_large_opened':
      return `the workbook is larger than ${problem.megabytes} MB once opened; split it into smaller files`;
    case 'value_too_far_right':
      return `cell ${problem.cell} holds a value beyond the ${problem.max} columns an import reads; delete what is to the right of the table and save again`;
    case 'csv_value_too_far_right':
      return `line ${problem.line}, column ${problem.column}, holds a value beyond the ${problem.max} columns an import reads; delete what is to the right of the table and save again`;
    case 'csv_unreadable_line':
      return `line ${problem.line} could not be read as CSV (a quotation mark may be missing)`;
  }
}

const PATTERNS: [RegExp, (match: RegExpExecArray) => ImportFileProblem][] = [
  [/^the file is empty$/u, () => ({ kind: 'empty' })],
  [/^the workbook could not be read;/u, () => ({ kind: 'unreadable_workbook' })],
  [/^the workbook has no sheet$/u, () => ({ kind: 'no_sheet' })],
  [/^no row of headers was found/u, () => ({ kind: 'no_headers' })],
  [/^the sheet has more than (\d+) rows;/u, (m) => ({ kind: 'too_many_rows', max: Number(m[1]) })],
  [
    /^the sheet has more than (\d+) cells;/u,
    (m) => ({ kind: 'too_many_cells', max: Number(m[1]) }),
  ],
  [
    /^the workbook is larger than (\d+) MB once opened;/u,
    (m) => ({ kind: 'too_large_opened', megabytes: Number(m[1]) }),
  ],
  [
    /^cell ([A-Z]{1,3}\d+) holds a value beyond the (\d+) columns/u,
    (m) => ({ kind: 'value_too_far_right', cell: m[1] ?? '', max: Number(m[2]) }),
  ],
  [
    /^line (\d+), column (\d+), holds a value beyond the (\d+) columns/u,
    (m) => ({
      kind: 'csv_value_too_far_right',
      line: Number(m[1]),
      column: Number(m[2]),
      max: Number(m[3]),
    }),
  ],
  [
    /^line (\d+) could not be read as CSV/u,
    (m) => ({ kind: 'csv_unreadable_line', line: Number(m[1]) }),
  ],
];

/** The problem an API refusal of a file names, or undefined for words this version does not know. */
export function importFileProblemOf(message: string): ImportFileProblem | undefined {
  for (const [pattern, read] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return read(match);
  }
  return undefined;
}

/** A1-style address of a cell, as a spreadsheet shows it (column 1 is A, 16,384 is XFD). */
export function spreadsheetCellAddress(column: number, row: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return `${letters}${row}`;
}
