import { once } from 'node:events';
import { createReadStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export type ExportFormat = 'csv' | 'jsonl';

type Row = Readonly<Record<string, string | number | null>>;

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell per RFC 4180: quoted only when it holds a comma, a quote or a line break. */
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
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
  for (const row of rows) {
    text += `${columns.map((column) => csvCell(row[column])).join(',')}\r\n`;
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

/**
 * How many rows a written export holds, read back with the same parsers as {@link readExport}
 * but without building an object per row (the HTCDS check needs the count only). A CSV row with
 * more or fewer cells than the header still fails the parse.
 */
export async function countExportRows(path: string, format: ExportFormat): Promise<number> {
  let rows = 0;
  const records =
    format === 'jsonl'
      ? readExport(path, format)
      : createReadStream(path).pipe((await import('csv-parse')).parse());
  for await (const record of records) if (record !== undefined) rows += 1;
  // A CSV's first record is its header.
  return format === 'csv' ? Math.max(rows - 1, 0) : rows;
}
