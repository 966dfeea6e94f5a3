import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import {
  calendarDaySchema,
  CTDC_COLUMNS,
  ctdcQuasiIdentifiers,
  ctdcRow,
  ctdcRowQuasiIdentifiers,
  DomainError,
  HTCDS_EXPORT_COLUMNS,
  keyOf,
  MIN_PUBLISHED_K,
  planCtdcSuppression,
  smallestClass,
  toHtcdsRow,
} from '@dawn/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAuditAlone } from '../../platform/audit/audit.ts';
import { postgresPoolOf } from '../../platform/db/database.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { copyHtcdsCsv } from './htcds-copy.repository.ts';
import { casePersonBatches, countCasePersons, type ExportScope } from './export.repository.ts';
import {
  countExportRows,
  formatBatch,
  readExport,
  writeChunk,
  type ExportFormat,
} from './export.format.ts';

const date = calendarDaySchema;

export const exportRequestSchema = z
  .object({
    dataset: z.enum(['htcds', 'ctdc']),
    format: z.enum(['csv', 'jsonl']).default('csv'),
    from: date.optional().describe('registered on or after this day (Asia/Kolkata)'),
    to: date.optional().describe('registered on or before this day (Asia/Kolkata)'),
    k: z.coerce
      .number()
      .int('must be a whole number')
      .min(MIN_PUBLISHED_K, `must be at least ${MIN_PUBLISHED_K} for a published file`)
      .max(1000)
      .default(MIN_PUBLISHED_K)
      .describe('CTDC only: every published combination occurs at least k times'),
  })
  .refine((request) => !request.from || !request.to || request.from <= request.to, {
    message: 'must not be before from',
    path: ['to'],
  });
export type ExportRequest = z.output<typeof exportRequestSchema>;

export interface ExportSummary {
  dataset: 'htcds' | 'ctdc';
  format: ExportFormat;
  /** Case-persons read. */
  recordsIn: number;
  /** Rows written. */
  rows: number;
  k: number | null;
  recordsSuppressed: number;
  cellsSuppressed: number;
  /** CTDC: published equivalence-class sizes, [size, how many classes], smallest first. */
  classSizes: [number, number][];
}

export type ExportProgress = (done: number, total: number, phase: 'counting' | 'writing') => void;

export interface ExportOptions {
  /**
   * Read rows and format them in the process even where PostgreSQL could write the HTCDS CSV
   * itself (COPY): for the test that compares the two files.
   */
  rowPath?: boolean;
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00+05:30`);
const dayAfter = (day: string) => new Date(startOfDay(day).getTime() + 24 * 60 * 60 * 1000);

export function exportScope(request: ExportRequest, organisationId: string | null): ExportScope {
  return {
    organisationId,
    from: request.from ? startOfDay(request.from) : null,
    to: request.to ? dayAfter(request.to) : null,
  };
}

/**
 * Writes an export to `path`, streaming: case-persons are read through cursors and written as
 * they come, so memory stays flat at any size. The HTCDS CSV on PostgreSQL is written by
 * PostgreSQL (COPY, the mapping in SQL: htcds-copy.repository.ts), byte for byte the file the
 * row path writes, several times faster. The file is written under a temporary name, read
 * back and checked (HTCDS: its row count; CTDC: every combination at least k times), and only
 * then given its name: a file that fails its own check is never left behind.
 */
export async function writeExportFile(
  db: Kysely<DatabaseSchema>,
  request: ExportRequest,
  organisationId: string | null,
  path: string,
  onProgress: ExportProgress = () => undefined,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const scope = exportScope(request, organisationId);
  const partial = `${path}.partial`;
  const pool = options.rowPath === true ? undefined : postgresPoolOf(db);
  try {
    if (pool && request.dataset === 'htcds' && request.format === 'csv') {
      const summary = await writeHtcdsByCopy(db, pool, scope, partial, onProgress);
      await verifyFile(partial, summary);
      await rename(partial, path);
      return summary;
    }
    // One snapshot for every batch (and both CTDC passes): rows recorded meanwhile neither
    // appear half-way nor shift a class between counting and writing. JIT compilation costs more
    // than it saves on these short batch queries.
    const summary = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set local jit = off`.execute(trx);
        return request.dataset === 'htcds'
          ? writeHtcds(trx, request.format, scope, partial, onProgress)
          : writeCtdc(trx, request.format, request.k, scope, partial, onProgress);
      });
    await verifyFile(partial, summary);
    await rename(partial, path);
    return summary;
  } finally {
    await rm(partial, { force: true });
  }
}

async function writeHtcds(
  db: Transaction<DatabaseSchema>,
  format: ExportFormat,
  scope: ExportScope,
  path: string,
  onProgress: ExportProgress,
): Promise<ExportSummary> {
  const total = await countCasePersons(db, scope);
  const file = createWriteStream(path, { encoding: 'utf8' });
  let rows = 0;
  try {
    await writeChunk(file, formatBatch([], HTCDS_EXPORT_COLUMNS, format, true));
    for await (const batch of casePersonBatches(db, scope)) {
      await writeChunk(
        file,
        formatBatch(batch.map(toHtcdsRow), HTCDS_EXPORT_COLUMNS, format, false),
      );
      rows += batch.length;
      onProgress(rows, Math.max(total, rows), 'writing');
    }
  } finally {
    file.end();
    await finished(file);
  }
  return htcdsSummary(format, rows);
}

async function writeHtcdsByCopy(
  db: Kysely<DatabaseSchema>,
  pool: NonNullable<ReturnType<typeof postgresPoolOf>>,
  scope: ExportScope,
  path: string,
  onProgress: ExportProgress,
): Promise<ExportSummary> {
  const file = createWriteStream(path);
  let rows: number;
  try {
    await writeChunk(file, formatBatch([], HTCDS_EXPORT_COLUMNS, 'csv', true));
    rows = await copyHtcdsCsv(db, pool, scope, file, (done, total) => {
      onProgress(done, total, 'writing');
    });
  } finally {
    file.end();
    await finished(file);
  }
  return htcdsSummary('csv', rows);
}

const htcdsSummary = (format: ExportFormat, rows: number): ExportSummary => ({
  dataset: 'htcds',
  format,
  recordsIn: rows,
  rows,
  k: null,
  recordsSuppressed: 0,
  cellsSuppressed: 0,
  classSizes: [],
});

async function writeCtdc(
  db: Transaction<DatabaseSchema>,
  format: ExportFormat,
  k: number,
  scope: ExportScope,
  path: string,
  onProgress: ExportProgress,
): Promise<ExportSummary> {
  const total = await countCasePersons(db, scope);
  // First pass: the histogram of combinations (its size is the number of distinct combinations).
  const histogram = new Map<string, number>();
  let counted = 0;
  for await (const batch of casePersonBatches(db, scope)) {
    for (const facts of batch) {
      const key = keyOf(ctdcQuasiIdentifiers(facts));
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
    counted += batch.length;
    onProgress(counted, Math.max(total, counted) * 2, 'counting');
  }
  const plan = planCtdcSuppression(histogram, k);
  // Second pass: write each record as its published combination; dropped records are not written.
  const file = createWriteStream(path, { encoding: 'utf8' });
  let read = 0;
  let rows = 0;
  try {
    await writeChunk(file, formatBatch([], CTDC_COLUMNS, format, true));
    for await (const batch of casePersonBatches(db, scope)) {
      const published = [];
      for (const facts of batch) {
        const values = plan.generalise(ctdcQuasiIdentifiers(facts));
        if (values !== null) published.push(ctdcRow(values));
      }
      await writeChunk(file, formatBatch(published, CTDC_COLUMNS, format, false));
      rows += published.length;
      read += batch.length;
      onProgress(counted + read, Math.max(total, counted) * 2, 'writing');
    }
  } finally {
    file.end();
    await finished(file);
  }
  return {
    dataset: 'ctdc',
    format,
    recordsIn: read,
    rows,
    k,
    recordsSuppressed: read - rows,
    cellsSuppressed: plan.cellsSuppressed,
    classSizes: [...plan.classSizes].sort(([left], [right]) => left - right),
  };
}

/** Reads the written file back and refuses it unless it is what the summary says. */
export async function verifyFile(path: string, summary: ExportSummary): Promise<void> {
  const histogram = new Map<string, number>();
  let rows = 0;
  if (summary.dataset === 'htcds') rows = await countExportRows(path, summary.format);
  else {
    for await (const row of readExport(path, summary.format)) {
      rows += 1;
      const key = keyOf(ctdcRowQuasiIdentifiers(row));
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
  }
  if (rows !== summary.rows) {
    throw new DomainError(
      'CONFLICT',
      `The export was not written: the file holds ${rows} rows where ${summary.rows} were expected.`,
    );
  }
  const smallest = smallestClass(histogram);
  if (summary.k !== null && smallest !== null && smallest < summary.k) {
    throw new DomainError(
      'CONFLICT',
      `The export was not written: a combination occurs ${smallest} times, fewer than k = ${summary.k}.`,
    );
  }
}

/** The audit entry of an export: who (the actor of the context), what, how many rows. */
export async function auditExport(
  db: Kysely<DatabaseSchema>,
  request: ExportRequest,
  organisationId: string | null,
  summary: ExportSummary,
  actor?: { userId: string | null; organisationId: string | null },
): Promise<void> {
  await recordAuditAlone(db, {
    action: 'data.exported',
    ...(actor ? { actor } : {}),
    details: {
      dataset: summary.dataset,
      format: summary.format,
      organisationId,
      from: request.from ?? null,
      to: request.to ?? null,
      k: summary.k,
      rows: summary.rows,
      recordsSuppressed: summary.recordsSuppressed,
      cellsSuppressed: summary.cellsSuppressed,
    },
  });
}

/** The use-case of the API: the caller's own organisation, audited. */
export async function exportForCaller(
  db: Kysely<DatabaseSchema>,
  request: ExportRequest,
  path: string,
): Promise<ExportSummary> {
  const { actor } = await requirePermission(db, 'data_export:run');
  const summary = await writeExportFile(db, request, actor.organisationId, path);
  await auditExport(db, request, actor.organisationId, summary);
  return summary;
}
