import { createHash } from 'node:crypto';
import { DomainError, type ImportMapping, type Permission } from '@dawn/core';
import { deny, requirePermission, scopeOf } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { publishWebhookEvent } from '../webhooks/webhook.publish.ts';
import { readImportFile } from './import-file.reader.ts';
import type {
  CheckedRow,
  DryRunReport,
  ImportDecision,
  ImportDecisions,
  ImportPipeline,
  RowReport,
  WriteRow,
} from './import-pipeline.ts';
import { checkRows, mappingFor } from './import-rows.ts';
import { classify, count, decisionsByRow, storedProblems } from './import-reports.ts';
import {
  advanceJob,
  findJob,
  recordFollowUpFailed,
  saveMapping,
  savedMapping,
} from './import.repository.ts';

/**
 * The import job, the same for every kind (issue 16): read the file, map its columns, check every
 * row; the dry run says what each row would do; the run commits batch by batch, each in one
 * transaction (all of its rows or none), resumable from the job's cursor and idempotent on the
 * external id column. Nothing here stores, logs or audits a cell's value.
 */
export const IMPORT_BATCH_ROWS = 500;

async function requireImporter(deps: Deps, pipeline: ImportPipeline<unknown>): Promise<Actor> {
  const { actor } = await requirePermission(deps.db, 'import:run');
  return requireEach(deps, actor, pipeline.permissions);
}

async function requireEach(
  deps: Deps,
  actor: Actor,
  permissions: readonly Permission[],
): Promise<Actor> {
  for (const permission of permissions)
    if (scopeOf(actor, permission) === undefined) return deny(deps.db, { permission });
  return actor;
}

async function readAndCheck<Value>(
  deps: Deps,
  pipeline: ImportPipeline<Value>,
  actor: Actor,
  content: Buffer,
  requested: ImportMapping | undefined,
) {
  const saved = await savedMapping(deps.db, actor.organisationId, pipeline.kind);
  const file = await readImportFile(content, requested ?? saved, pipeline.specs);
  const mapping = mappingFor(pipeline, file, requested, saved);
  // Columns that record a person ask for what recording her on the form asks for.
  await requireEach(deps, actor, pipeline.permissionsFor?.(mapping) ?? []);
  return { file, mapping, checked: checkRows(pipeline, file, mapping) };
}

/** The dry run: what each row would do, and why a row cannot go in. Nothing is written. */
export async function dryRun<Value>(
  deps: Deps,
  pipeline: ImportPipeline<Value>,
  content: Buffer,
  requestedMapping?: ImportMapping,
  decisions?: readonly ImportDecision[],
): Promise<DryRunReport> {
  const actor = await requireImporter(deps, pipeline);
  const { file, mapping, checked } = await readAndCheck(
    deps,
    pipeline,
    actor,
    content,
    requestedMapping,
  );
  const answers = decisionsByRow(decisions);
  const reports: RowReport[] = [];
  for (let start = 0; start < checked.length; start += IMPORT_BATCH_ROWS)
    reports.push(
      ...(await classify(
        deps,
        pipeline,
        actor.organisationId,
        checked.slice(start, start + IMPORT_BATCH_ROWS),
        answers,
      )),
    );
  const report: DryRunReport = {
    kind: pipeline.kind,
    headerRow: file.headerRow,
    headers: file.headers,
    mapping,
    totalRows: reports.length,
    toCreate: count(reports, 'create'),
    toUpdate: count(reports, 'update'),
    toLink: count(reports, 'link'),
    toSkip: count(reports, 'skip'),
    notImported: count(reports, 'not_imported'),
    newPersons: new Set(reports.flatMap((report) => report.newPerson ?? [])).size,
    rows: reports,
  };
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'import.dry_run',
      details: {
        kind: pipeline.kind,
        rows: report.totalRows,
        toCreate: report.toCreate,
        toUpdate: report.toUpdate,
        toLink: report.toLink,
        toSkip: report.toSkip,
        notImported: report.notImported,
        newPersons: report.newPersons,
      },
    }),
  );
  return report;
}

export interface ImportProgress {
  jobId: string;
  done: number;
  total: number;
}

export interface StartedImport {
  jobId: string;
  totalRows: number;
  /** Resolves when every batch has been tried; the job row holds the summary. */
  finished: Promise<void>;
}

export interface ImportOptions {
  mapping?: ImportMapping;
  resumeJobId?: string;
  /** The session a participant list goes into (kind training_participants), kept on the job. */
  trainingSessionId?: string;
  /**
   * The importer's answers to rows listed for review, kept on the job: a resumed job works by the
   * answers it started with.
   */
  decisions?: ImportDecision[];
  onProgress?: (progress: ImportProgress) => void;
  /** Tests only: stop (as a crash would) after this many batches. */
  stopAfterBatches?: number;
}

/**
 * The real run: checks as the dry run does, then commits batch by batch. `resumeJobId` continues
 * a job that stopped (same file) from its first uncommitted batch; a re-run of a finished file
 * creates nothing twice, by external id.
 */
export async function start<Value>(
  deps: Deps,
  pipeline: ImportPipeline<Value>,
  content: Buffer,
  options: ImportOptions = {},
): Promise<StartedImport> {
  const actor = await requireImporter(deps, pipeline);
  const { mapping, checked } = await readAndCheck(deps, pipeline, actor, content, options.mapping);
  const fingerprint = deps.vault.fingerprint(
    actor.organisationId,
    'import_file',
    createHash('sha256').update(content).digest('hex'),
  );
  let jobId: string;
  let startAt = 0;
  let decisions = decisionsByRow(options.decisions);
  if (options.resumeJobId) {
    const job = await findJob(deps.db, actor.organisationId, options.resumeJobId);
    if (!job) throw new DomainError('NOT_FOUND', 'Not found.');
    if (job.file_fingerprint !== fingerprint || job.kind !== pipeline.kind)
      throw new DomainError(
        'CONFLICT',
        'This is not the file of that import: resume it with the same file.',
      );
    jobId = job.id;
    startAt = job.next_row;
    decisions = decisionsByRow(job.decisions);
    await deps.db
      .updateTable('import_job')
      .set({ status: 'running', finished_at: null })
      .where('id', '=', jobId)
      .execute();
  } else {
    jobId = await deps.db.transaction().execute(async (trx) => {
      await saveMapping(trx, actor.organisationId, pipeline.kind, mapping, actor.userId);
      const job = await trx
        .insertInto('import_job')
        .values({
          organisation_id: actor.organisationId,
          kind: pipeline.kind,
          status: 'running',
          file_fingerprint: fingerprint,
          total_rows: checked.length,
          next_row: 0,
          created_by: actor.userId,
          training_session_id: options.trainingSessionId ?? null,
          decisions: JSON.stringify(options.decisions ?? []),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: 'import.mapping_saved',
        details: { kind: pipeline.kind, fields: Object.keys(mapping) },
      });
      await recordAudit(trx, {
        action: 'import.started',
        entityType: 'import_job',
        entityId: job.id,
        details: {
          kind: pipeline.kind,
          rows: checked.length,
          ...(options.decisions?.length ? { decisions: options.decisions.length } : {}),
        },
      });
      return job.id;
    });
  }
  const finished = runBatches(deps, pipeline, actor, jobId, checked, startAt, {
    ...options,
    decisions,
  });
  return { jobId, totalRows: checked.length, finished };
}

async function runBatches<Value>(
  deps: Deps,
  pipeline: ImportPipeline<Value>,
  actor: Actor,
  jobId: string,
  checked: CheckedRow<Value>[],
  startAt: number,
  options: Omit<ImportOptions, 'decisions'> & { decisions: ImportDecisions },
): Promise<void> {
  let batches = 0;
  try {
    for (let start = startAt; start < checked.length; start += IMPORT_BATCH_ROWS) {
      if (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches) {
        // As a crash would leave it: running, its cursor at the first uncommitted batch.
        return;
      }
      batches += 1;
      const batch = checked.slice(start, start + IMPORT_BATCH_ROWS);
      const nextRow = start + batch.length;
      try {
        await commitBatch(deps, pipeline, actor, jobId, batch, nextRow, options.decisions);
      } catch (error) {
        // The batch rolled back whole: say so for each of its rows, and go on with the next.
        if (error instanceof DomainError && error.code === 'NOT_FOUND') throw error;
        await deps.db.transaction().execute(async (trx) => {
          await advanceJob(trx, jobId, {
            nextRow,
            created: 0,
            updated: 0,
            skipped: 0,
            notImported: batch.length,
            problems: batch.map((row) => ({
              row: row.row,
              column: null,
              code: 'batch_failed',
              reason: 'was not imported: its batch could not be saved and was rolled back',
            })),
          });
          await recordAudit(trx, {
            action: 'import.batch_failed',
            outcome: 'failure',
            entityType: 'import_job',
            entityId: jobId,
            details: { kind: pipeline.kind, firstRow: batch[0]?.row ?? 0, rows: batch.length },
          });
        });
      }
      options.onProgress?.({ jobId, done: nextRow, total: checked.length });
    }
    await deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('import_job')
        .set({ status: 'finished', finished_at: new Date() })
        .where('id', '=', jobId)
        .returning(['created', 'updated', 'skipped', 'not_imported'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: 'import.finished',
        entityType: 'import_job',
        entityId: jobId,
        details: {
          kind: pipeline.kind,
          created: row.created,
          updated: row.updated,
          skipped: row.skipped,
          notImported: row.not_imported,
        },
      });
      // Subscribers hear of it from the outbox, in the transaction that finishes the job.
      await publishWebhookEvent(trx, actor.organisationId, 'import.finished', {
        importId: jobId,
        created: row.created,
        updated: row.updated,
        skipped: row.skipped,
        failed: row.not_imported,
      });
    });
  } catch (error) {
    await deps.db
      .updateTable('import_job')
      .set({ status: 'failed', finished_at: new Date() })
      .where('id', '=', jobId)
      .execute();
    throw error;
  }
}

async function commitBatch<Value>(
  deps: Deps,
  pipeline: ImportPipeline<Value>,
  actor: Actor,
  jobId: string,
  batch: CheckedRow<Value>[],
  nextRow: number,
  decisions: ImportDecisions,
): Promise<void> {
  const written = await deps.db.transaction().execute(async (trx) => {
    const reports = await classify(
      { ...deps, db: trx },
      pipeline,
      actor.organisationId,
      batch,
      decisions,
    );
    const toWrite = reports.flatMap((report, index): WriteRow<Value>[] => {
      const row = batch[index];
      const { action, linkTo } = report;
      return row?.value !== undefined &&
        (action === 'create' || action === 'update' || action === 'link')
        ? [{ row, value: row.value, action, ...(linkTo === undefined ? {} : { linkTo }) }]
        : [];
    });
    const written = await pipeline.write({ ...deps, db: trx }, trx, actor, jobId, toWrite);
    const notImported = reports.flatMap((report, index) => {
      const row = batch[index];
      return report.action === 'not_imported' && row ? storedProblems(report, row) : [];
    });
    await advanceJob(trx, jobId, {
      nextRow,
      created: written.created,
      updated: written.updated,
      skipped: count(reports, 'skip'),
      notImported: count(reports, 'not_imported'),
      problems: notImported,
      personsCreated: written.personsCreated ?? 0,
      linked: written.linked ?? 0,
    });
    await recordAudit(trx, {
      action: 'import.batch_committed',
      entityType: 'import_job',
      entityId: jobId,
      details: {
        kind: pipeline.kind,
        firstRow: batch[0]?.row ?? 0,
        lastRow: batch.at(-1)?.row ?? 0,
        created: written.created,
        updated: written.updated,
        ...(written.personsCreated ? { personsCreated: written.personsCreated } : {}),
        ...(written.linked ? { linked: written.linked } : {}),
        entityIds: written.entityIds,
      },
    });
    return written;
  });
  try {
    await written.afterCommit?.(deps);
  } catch (error) {
    // The batch stands, as a case opened on the form stands when its check fails afterwards;
    // the failure is audited without a cell's value, and the summary names the rows unchecked.
    const rows = { firstRow: batch[0]?.row ?? 0, lastRow: batch.at(-1)?.row ?? 0 };
    await recordFollowUpFailed(deps.db, jobId, rows);
    await recordAuditAlone(deps.db, {
      action: 'import.follow_up_failed',
      outcome: 'failure',
      entityType: 'import_job',
      entityId: jobId,
      details: {
        kind: pipeline.kind,
        firstRow: rows.firstRow,
        // What failed, never with a value: a database's SQLSTATE or Dawn's error code when the
        // error has one (a message may quote a cell), else the error's kind.
        error: errorCodeOf(error),
      },
    });
  }
}

/** What failed, without a value a message might quote: a SQLSTATE, a DomainError code or a kind. */
export function errorCodeOf(error: unknown): string {
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'unknown';
}
