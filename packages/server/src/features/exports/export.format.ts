import { once } from 'node:events';
import { createReadStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';

export type ExportFormat = 'csv' | 'jsonl';

type Row = Readonly<Record<string, string | number | null>>;

/** One batch as text: CSV (RFC 4180, a header before the first batch) or JSON Lines. */
export function formatBatch(
  rows: readonly Row[],
  columns: readonly string[],
  format: ExportFormat,
  withHeader: boolean,
): string {
  if (format === 'jsonl') {
    return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length > 0 ? '\n' : '');
  }
  if (rows.length === 0)
    return withHeader ? stringify([], { header: true, columns: [...columns] }) : '';
  return stringify(rows as Row[], {
    header: withHeader,
    columns: [...columns],
    cast: { number: (value) => String(value) },
  });
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
  const parser = createReadStream(path).pipe(parse({ columns: true }));
  for await (const record of parser) yield record as Record<string, string | null>;
}
