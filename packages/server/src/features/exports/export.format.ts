import { once } from 'node:events';
import { createReadStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError, spreadsheetSafeText } from '@dawn/core';

export type ExportFormat = 'csv' | 'jsonl';

type Row = Readonly<Record<string, string | number | null>>;

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell per RFC 4180: quoted only when it holds a comma, a quote or a line break; text a
 * spreadsheet would run as a formula is written as text (`spreadsheetSafeText`, core).
 */
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : spreadsheetSafeText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One batch as text: CSV (a header before the first batch) or JSON Lines. Written by hand for
 * speed (a million rows a run); the files are read back with csv-parse, so a mistake here would
 * fail the export's own check.
 */
export function formatBatch(
  rows: readonly Row[],
  columns: readonly string[],
  format: ExportFormat,
  withHeader: boolean,
): string {
  if (format === 'jsonl') {
    return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length > 0 ? '\n' : '');
  }
  let text = withHeader ? `${columns.map(csvCell).join(',')}\r\n` : '';
  // A loop, not map/join: no array per row (a million rows a run, the garbage collector noticed).
  const last = columns.length - 1;
  for (const row of rows) {
    for (let index = 0; index < last; index += 1) text += `${csvCell(row[columns[index] ?? ''])},`;
    text += `${last >= 0 ? csvCell(row[columns[last] ?? '']) : ''}\r\n`;
  }
  return text;
}

/** Writes with backpressure: a slow disk or client slows the export instead of filling memory. */
export async function writeChunk(stream: WriteStream, chunk: string): Promise<void> {
  if (chunk.length === 0) return;
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Reads a written export back, row by row, as the file's reader would. */
export async function* readExport(
  path: string,
  format: ExportFormat,
): AsyncGenerator<Record<string, string | null>> {
  if (format === 'jsonl') {
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      yield JSON.parse(line) as Record<string, string | null>;
    }
    return;
  }
  // csv-parse is loaded when an export is read back, not at every start of the server.
  const { parse } = await import('csv-parse');
  const parser = createReadStream(path).pipe(parse({ columns: true }));
  for await (const record of parser) yield record as Record<string, string | null>;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const AFTER_CR = 4;

/**
 * Counts the records of an RFC 4180 CSV fed to it in chunks, and refuses one that is not
 * well-formed: a record with more or fewer cells than the first, a quote inside an unquoted cell,
 * text after a closing quote, a quote never closed, a carriage return without a line feed.
 *
 * Why not csv-parse, which reads the files everywhere else: the HTCDS check only counts, and
 * csv-parse built every cell of every row to do it, about a quarter of the export's CPU at a
 * million rows (issue 16). This walks the bytes once and builds nothing.
 */
export class CsvRecordCounter {
  private state = FIELD_START;
  private separators = 0;
  private cellsPerRecord = -1;
  records = 0;

  push(chunk: Uint8Array): void {
    let state = this.state;
    const length = chunk.length;
    for (let index = 0; index < length; index += 1) {
      const byte = chunk[index];
      switch (state) {
        case QUOTED: {
          // Skip to the next quote: cells in quotes may be long.
          const next = chunk.indexOf(QUOTE, index);
          if (next === -1) index = length;
          else {
            index = next;
            state = QUOTE_IN_QUOTED;
          }
          break;
        }
        case AFTER_CR:
          if (byte !== LF) this.refuse('a carriage return without a line feed');
          this.endRecord();
          state = FIELD_START;
          break;
        case QUOTE_IN_QUOTED:
          if (byte === QUOTE) state = QUOTED;
          else state = this.afterCell(byte, 'text after a closing quote');
          break;
        case FIELD_START:
          if (byte === QUOTE) state = QUOTED;
          else state = this.afterCell(byte, null);
          break;
        default:
          if (byte === QUOTE) this.refuse('a quote inside an unquoted cell');
          state = this.afterCell(byte, null);
      }
    }
    this.state = state;
  }

  /** The number of records, the header included. */
  end(): number {
    if (this.state === QUOTED) this.refuse('a quote that is never closed');
    if (this.state === AFTER_CR) this.refuse('a carriage return without a line feed');
    // The last record may lack its line break.
    if (this.state !== FIELD_START || this.separators > 0) this.endRecord();
    return this.records;
  }

  /** What a byte outside quotes means: a cell ends, a record ends, or the cell goes on. */
  private afterCell(byte: number | undefined, otherwise: string | null): number {
    if (byte === COMMA) {
      this.separators += 1;
      return FIELD_START;
    }
    if (byte === CR) return AFTER_CR;
    if (byte === LF) {
      this.endRecord();
      return FIELD_START;
    }
    if (otherwise !== null) this.refuse(otherwise);
    return UNQUOTED;
  }

  private endRecord(): void {
    const cells = this.separators + 1;
    if (this.cellsPerRecord === -1) this.cellsPerRecord = cells;
    else if (cells !== this.cellsPerRecord) {
      this.refuse(
        `record ${this.records + 1} has ${cells} cells where the header has ${this.cellsPerRecord}`,
      );
    }
    this.records += 1;
    this.separators = 0;
  }

  private refuse(what: string): never {
    throw new DomainError(
      'CONFLICT',
      `The export was not written: the file is not a well-formed CSV (${what}).`,
    );
  }
}

/**
 * How many rows a written export holds, without building an object per row (the HTCDS check
 * needs the count only): JSON Lines through the same parser as {@link readExport}, CSV through
 * {@link CsvRecordCounter}, which still refuses a row with more or fewer cells than the header.
 */
export async function countExportRows(path: string, format: ExportFormat): Promise<number> {
  if (format === 'jsonl') {
    let rows = 0;
    const records = readExport(path, format);
    for (let next = await records.next(); next.done !== true; next = await records.next())
      rows += 1;
    return rows;
  }
  const counter = new CsvRecordCounter();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    counter.push(chunk as Buffer);
  }
  // A CSV's first record is its header.
  return Math.max(counter.end() - 1, 0);
}

const CRLF = Buffer.from('\r\n');

/**
 * PostgreSQL's CSV (`COPY … TO STDOUT WITH (FORMAT csv)`) with each record ended by CRLF, as
 * RFC 4180 and the row path ({@link formatBatch}) end them: COPY ends a record with LF alone. A
 * line break inside a quoted cell is data and stays as it is; quotes are counted to tell the two
 * apart (an escaped quote is two, so the count stays right). Counts the records it passes.
 */
export class CrlfRecords extends Transform {
  records = 0;
  private inQuotes = false;

  constructor(private readonly onRecords: (records: number) => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const pieces: Buffer[] = [];
    let inQuotes = this.inQuotes;
    let start = 0;
    let records = this.records;
    const length = chunk.length;
    for (let index = 0; index < length; index += 1) {
      const byte = chunk[index];
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === LF && !inQuotes) {
        pieces.push(chunk.subarray(start, index), CRLF);
        start = index + 1;
        records += 1;
      }
    }
    if (start < length) pieces.push(chunk.subarray(start));
    this.inQuotes = inQuotes;
    if (records !== this.records) {
      this.records = records;
      this.onRecords(records);
    }
    done(null, Buffer.concat(pieces));
  }
}
