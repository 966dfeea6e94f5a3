import {
  describeImportProblem,
  type ImportKind,
  type ImportMapping,
  type ImportProblemCode,
} from '@dawn/core';
import { deny, requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import type { DryRunReport, ImportPipeline } from './import-pipeline.ts';
import { dryRun, start, type ImportOptions, type StartedImport } from './import.job.ts';
import { findJob } from './import.repository.ts';
import { carePipeline } from './care-case.pipeline.ts';
import { personPipeline } from './person.pipeline.ts';

/**
 * Spreadsheet imports (issue 16): the use-cases the routes and the CLI call. The generic job
 * (import.job.ts) runs a kind's pipeline (person.pipeline.ts, care-case.pipeline.ts).
 */
export type { DryRunReport, RowReport, RowIssue, RowAction } from './import-pipeline.ts';
export type { ImportProgress, StartedImport } from './import.job.ts';
export { IMPORT_BATCH_ROWS } from './import.job.ts';

const PIPELINES: { [Kind in ImportKind]: ImportPipeline<never> } = {
  persons: personPipeline as ImportPipeline<never>,
  care_cases: carePipeline as ImportPipeline<never>,
};

export function pipelineOf(kind: ImportKind): ImportPipeline<unknown> {
  return PIPELINES[kind];
}

/** The dry run: what each row would do, and why a row cannot go in. Nothing is written. */
export async function dryRunImport(
  deps: Deps,
  content: Buffer,
  requestedMapping?: ImportMapping,
  kind: ImportKind = 'persons',
): Promise<DryRunReport> {
  return dryRun(deps, pipelineOf(kind), content, requestedMapping);
}

/**
 * The real run: checks as the dry run does, then commits batch by batch. `resumeJobId` continues
 * a job that stopped (same file) from its first uncommitted batch; a re-run of a finished file
 * creates nothing twice, by external id.
 */
export async function startImport(
  deps: Deps,
  content: Buffer,
  options: ImportOptions & { kind?: ImportKind } = {},
): Promise<StartedImport> {
  const { kind = 'persons', ...rest } = options;
  return start(deps, pipelineOf(kind), content, rest);
}

export interface ImportJobView {
  id: string;
  kind: string;
  status: 'running' | 'finished' | 'failed';
  totalRows: number;
  doneRows: number;
  created: number;
  updated: number;
  skipped: number;
  notImported: number;
  problems: {
    row: number;
    column: string | null;
    code: ImportProblemCode;
    message: string;
    pseudonym?: string;
    score?: number;
    otherRow?: number;
  }[];
  startedAt: string;
  finishedAt: string | null;
}

/** An import's progress and summary: which rows did not go in, and why. */
export async function getImportJob(deps: Deps, jobId: string): Promise<ImportJobView> {
  const { actor } = await requirePermission(deps.db, 'import:run', {
    type: 'import_job',
    id: jobId,
  });
  const job = await findJob(deps.db, actor.organisationId, jobId);
  if (!job)
    return deny(deps.db, { permission: 'import:run', entityType: 'import_job', entityId: jobId });
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    totalRows: job.total_rows,
    doneRows: job.next_row,
    created: job.created,
    updated: job.updated,
    skipped: job.skipped,
    notImported: job.not_imported,
    problems: job.problems
      .map(({ reason, ...problem }) => ({
        ...problem,
        code: problem.code as ImportProblemCode,
        message: describeImportProblem({
          row: problem.row,
          column: problem.column,
          code: problem.code as ImportProblemCode,
          reason,
        }),
      }))
      .sort((left, right) => left.row - right.row),
    startedAt: new Date(job.started_at).toISOString(),
    finishedAt: job.finished_at ? new Date(job.finished_at).toISOString() : null,
  };
}
