import {
  DomainError,
  guessImportMapping,
  PERSON_IMPORT_SPECS,
  type ImportCell,
  type ImportFieldSpec,
  type ImportMapping,
} from '@dawn/core';
import type ExcelJS from 'exceljs';

/** A spreadsheet as the import reads it: its header row and data rows, numbered as shown. */
export interface ImportFile {
  headerRow: number;
  headers: string[];
  rows: { row: number; cells: ImportCell[] }[];
}

export const MAX_IMPORT_ROWS = 50_000;
const HEADER_SEARCH_ROWS = 10;

function refuse(message: string): never {
  throw new DomainError('VALIDATION_FAILED', `file: ${message}`, {
    issues: [{ path: 'file', message }],
  });
}

/** An exceljs cell value as text, number or date: rich text joined, formulas by their result. */
function cellOf(value: ExcelJS.CellValue): ImportCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellOf(value.result);
  if ('text' in value) return value.text;
  return null;
}

const textOf = (cell: ImportCell | undefined): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? '' : String(cell).trim();

/**
 * The header row is the one (among the first ten) whose words name the most fields: a sheet may
 * open with a title, or with group headings in merged cells above the real headers. A merged
 * heading repeats in every column it spans; repeats get "(2)", "(3)" so each column keeps a name.
 */
function withHeader(
  lines: { row: number; cells: ImportCell[] }[],
  saved: ImportMapping,
  specs: readonly ImportFieldSpec[],
): ImportFile {
  let best = -1;
  let bestScore = 0;
  lines.slice(0, HEADER_SEARCH_ROWS).forEach((line, index) => {
    const score = Object.keys(guessImportMapping(line.cells.map(textOf), saved, specs)).length;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  const header = lines[best];
  if (!header) refuse('no row of headers was found: the first row should name the columns');
  const seen = new Map<string, number>();
  const headers = header.cells.map((cell, position) => {
    const text = textOf(cell) || `Column ${position + 1}`;
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    return count === 1 ? text : `${text} (${count})`;
  });
  const rows = lines
    .slice(best + 1)
    .filter((line) => line.cells.some((cell) => textOf(cell) !== '' || cell instanceof Date));
  if (rows.length > MAX_IMPORT_ROWS)
    refuse(`the sheet has more than ${MAX_IMPORT_ROWS} rows; split it into smaller files`);
  return { headerRow: header.row, headers, rows };
}

async function readXlsx(
  content: Buffer,
  saved: ImportMapping,
  specs: readonly ImportFieldSpec[],
): Promise<ImportFile> {
  // exceljs (with unzipper and archiver) takes about 0.45 s to load: loaded by the first
  // workbook read, not by every start of the server.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    refuse('the workbook could not be read; save it again as .xlsx or .csv');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) refuse('the workbook has no sheet');
  const lines: { row: number; cells: ImportCell[] }[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: ImportCell[] = [];
    // A merged cell reads as its master's value in every cell it covers.
    for (let column = 1; column <= width; column += 1)
      cells.push(cellOf(row.getCell(column).value));
    lines.push({ row: rowNumber, cells });
  });
  return withHeader(lines, saved, specs);
}

async function readCsv(
  content: Buffer,
  saved: ImportMapping,
  specs: readonly ImportFieldSpec[],
): Promise<ImportFile> {
  // Loaded with the first CSV read, not at every start of the server.
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(content.toString('utf8').replace(/^\uFEFF/u, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    refuse(`line ${line} could not be read as CSV (a quotation mark may be missing)`);
  }
  return withHeader(
    records.map((record, index) => ({
      row: index + 1,
      cells: record.map((value) => (value.trim() === '' ? null : value.trim())),
    })),
    saved,
    specs,
  );
}

/** Reads an .xlsx workbook (its first sheet) or a UTF-8 .csv file, told apart by content. */
export async function readImportFile(
  content: Buffer,
  saved: ImportMapping = {},
  specs: readonly ImportFieldSpec[] = PERSON_IMPORT_SPECS,
): Promise<ImportFile> {
  if (content.length === 0) refuse('the file is empty');
  const isZip = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  return isZip ? readXlsx(content, saved, specs) : readCsv(content, saved, specs);
}
