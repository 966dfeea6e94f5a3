import {
  DomainError,
  guessImportMapping,
  importFileProblemMessage,
  INVALID_DATE_TEXT,
  MAX_IMPORT_CELLS,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  MAX_IMPORT_UNZIPPED_MEGABYTES,
  spreadsheetCellAddress,
  type ImportFileProblem,
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

/**
 * The workbook is read whole in memory (merged headings need the whole sheet), at about a dozen
 * bytes of memory for each byte of sheet XML: 64 MB holds 50,000 rows of 30 columns, and the limit
 * keeps a workbook that unzips to gigabytes (a few kilobytes of repeated cells can) from taking
 * the server down. The limits themselves are core's (`import-file-problems.ts`).
 */
export const MAX_UNZIPPED_BYTES = MAX_IMPORT_UNZIPPED_MEGABYTES * 1024 * 1024;
const HEADER_SEARCH_ROWS = 10;

function refuse(problem: ImportFileProblem): never {
  const message = importFileProblemMessage(problem);
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
  // A number formatted as a date beyond any calendar (1e12, say) reads as Excel shows it.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? INVALID_DATE_TEXT : value;
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
  if (!header) refuse({ kind: 'no_headers' });
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
  if (rows.length > MAX_IMPORT_ROWS) refuse({ kind: 'too_many_rows', max: MAX_IMPORT_ROWS });
  return { headerRow: header.row, headers, rows };
}

/** A cell's opening tag in a sheet's XML, with or without a namespace prefix. */
const CELL_TAG = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/gu;

/**
 * Unzips every part of the workbook as a stream, counting, before exceljs inflates it whole: a
 * part over the limit stops the count at the limit, so memory never holds more than one chunk.
 * Cells are counted by their opening tag in the sheets' XML (`<c ` or `<x:c>`, not `<col`).
 */
async function checkUnzippedSize(content: Buffer): Promise<void> {
  // Loaded with the first workbook read, as exceljs is (which brings the same JSZip).
  const { default: jszip } = await import('jszip');
  let zip: Awaited<ReturnType<typeof jszip.loadAsync>>;
  try {
    zip = await jszip.loadAsync(content);
  } catch {
    refuse({ kind: 'unreadable_workbook' });
  }
  let bytes = 0;
  let cells = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/u.test(entry.name);
    let tail = '';
    // JSZip's stream is an old-style one (events, no async iteration): counted on its events,
    // paused for good at the first refusal.
    const refusal = await new Promise<ImportFileProblem | undefined>((resolve) => {
      const stream = entry.nodeStream('nodebuffer');
      const stop = (reason: ImportFileProblem) => {
        stream.pause();
        stream.removeAllListeners('data');
        resolve(reason);
      };
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_UNZIPPED_BYTES)
          return stop({ kind: 'too_large_opened', megabytes: MAX_IMPORT_UNZIPPED_MEGABYTES });
        if (!isSheet) return;
        // A tag split across two chunks is counted once: the previous chunk's end leads the
        // next, and a match is counted in the chunk it ends in.
        const text = tail + chunk.toString('latin1');
        for (const match of text.matchAll(CELL_TAG))
          if (match.index + match[0].length > tail.length) cells += 1;
        tail = text.slice(-16);
        if (cells > MAX_IMPORT_CELLS) stop({ kind: 'too_many_cells', max: MAX_IMPORT_CELLS });
      });
      stream.on('error', () => stop({ kind: 'unreadable_workbook' }));
      stream.on('end', () => resolve(undefined));
    });
    if (refusal) refuse(refusal);
  }
}

async function readXlsx(
  content: Buffer,
  saved: ImportMapping,
  specs: readonly ImportFieldSpec[],
): Promise<ImportFile> {
  await checkUnzippedSize(content);
  // exceljs (with unzipper and archiver) takes about 0.45 s to load: loaded by the first
  // workbook read, not by every start of the server.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    refuse({ kind: 'unreadable_workbook' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) refuse({ kind: 'no_sheet' });
  // Only the cells the sheet holds are read: asking a row for every column up to the sheet's
  // width would create a cell object for each (one stray value in column XFD made 16,384 a row).
  const read: { row: number; cells: Map<number, ImportCell> }[] = [];
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = new Map<number, ImportCell>();
    // A merged cell reads as its master's value in every cell it covers.
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const value = cellOf(cell.value);
      if (value === null) return;
      if (column > MAX_IMPORT_COLUMNS)
        refuse({
          kind: 'value_too_far_right',
          cell: spreadsheetCellAddress(column, rowNumber),
          max: MAX_IMPORT_COLUMNS,
        });
      cells.set(column, value);
      width = Math.max(width, column);
    });
    read.push({ row: rowNumber, cells });
  });
  const lines = read.map(({ row, cells }) => ({
    row,
    cells: Array.from({ length: width }, (_, index) => cells.get(index + 1) ?? null),
  }));
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
    refuse({ kind: 'csv_unreadable_line', line });
  }
  // Empty cells after a line's last value (trailing commas) are not columns; every line is as
  // wide as the widest, as a sheet's rows are, so a value past the header's end keeps a column.
  let width = 0;
  const lines = records.map((record, index) => {
    const cells = record.map((value) => (value.trim() === '' ? null : value.trim()));
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    if (cells.length > MAX_IMPORT_COLUMNS)
      refuse({
        kind: 'csv_value_too_far_right',
        line: index + 1,
        column: cells.length,
        max: MAX_IMPORT_COLUMNS,
      });
    width = Math.max(width, cells.length);
    return { row: index + 1, cells };
  });
  for (const line of lines) while (line.cells.length < width) line.cells.push(null);
  return withHeader(lines, saved, specs);
}

/** Reads an .xlsx workbook (its first sheet) or a UTF-8 .csv file, told apart by content. */
export async function readImportFile(
  content: Buffer,
  saved: ImportMapping = {},
  specs: readonly ImportFieldSpec[] = PERSON_IMPORT_SPECS,
): Promise<ImportFile> {
  if (content.length === 0) refuse({ kind: 'empty' });
  const isZip = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  return isZip ? readXlsx(content, saved, specs) : readCsv(content, saved, specs);
}
