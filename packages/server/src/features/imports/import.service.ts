import {
  describeImportProblem,
  DomainError,
  unmappedRequiredFields,
  type ImportKind,
  type ImportMapping,
  type ImportProblemCode,
} from '@dawn/core';
import { deny, requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import type { DryRunReport, ImportDecision, ImportPipeline } from './import-pipeline.ts';
import { dryRun, start, type ImportOptions, type StartedImport } from './import.job.ts';
import { findJob, saveMapping, savedMapping } from './import.repository.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { carePipeline } from './care-case.pipeline.ts';
import { legalCasePipeline } from './legal-case.pipeline.ts';
import { personPipeline } from './person.pipeline.ts';
import { trainingParticipantPipeline } from './training-participant.pipeline.ts';
import { visibleSession } from '../trainings/training.service.ts';

/**
 * Spreadsheet imports (issue 16): the use-cases the routes and the CLI call. The generic job
 * (import.job.ts) runs a kind's pipeline (person.pipeline.ts, care-case.pipeline.ts).
 */
export type {
  DryRunReport,
  ImportDecision,
  RowReport,
  RowIssue,
  RowAction,
} from './import-pipeline.ts';
export type { ImportProgress, StartedImport } from './import.job.ts';
export { IMPORT_BATCH_ROWS } from './import.job.ts';

const PIPELINES: { [Kind in ImportKind]: ImportPipeline<never> } = {
  persons: personPipeline as ImportPipeline<never>,
  care_cases: carePipeline as ImportPipeline<never>,
  legal_cases: legalCasePipeline as ImportPipeline<never>,
  // Its columns and fields; a run goes into one session (pipelineFor).
  training_participants: trainingParticipantPipeline('') as ImportPipeline<never>,
};

export function pipelineOf(kind: ImportKind): ImportPipeline<unknown> {
  return PIPELINES[kind];
}

/**
 * The pipeline of a dry run or a run. A participant list goes into a training session that the
 * caller may manage (else "not found"), named when the job is created and remembered by the job
 * for its resume.
 */
async function pipelineFor(
  deps: Deps,
  kind: ImportKind,
  trainingSessionId: string | undefined,
): Promise<ImportPipeline<unknown>> {
  if (kind !== 'training_participants') return pipelineOf(kind);
  if (!trainingSessionId)
    throw new DomainError(
      'VALIDATION_FAILED',
      'trainingSessionId: choose the training session the participants go into',
      {
        issues: [
          {
            path: 'trainingSessionId',
            message: 'choose the training session the participants go into',
          },
        ],
      },
    );
  await visibleSession(deps, trainingSessionId, 'training:write');
  return trainingParticipantPipeline(trainingSessionId);
}

/** The dry run: what each row would do, and why a row cannot go in. Nothing is written. */
export async function dryRunImport(
  deps: Deps,
  content: Buffer,
  requestedMapping?: ImportMapping,
  kind: ImportKind = 'persons',
  trainingSessionId?: string,
  decisions?: ImportDecision[],
): Promise<DryRunReport> {
  const pipeline = await pipelineFor(deps, kind, trainingSessionId);
  return dryRun(deps, pipeline, content, requestedMapping, decisions);
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
  let { trainingSessionId } = rest;
  if (kind === 'training_participants' && rest.resumeJobId) {
    // A resumed job writes into the session it was created for, whatever the caller says.
    const { actor } = await requirePermission(deps.db, 'import:run');
    const job = await findJob(deps.db, actor.organisationId, rest.resumeJobId);
    if (!job)
      return deny(deps.db, {
        permission: 'import:run',
        entityType: 'import_job',
        entityId: rest.resumeJobId,
      });
    trainingSessionId = job.training_session_id ?? undefined;
  }
  const pipeline = await pipelineFor(deps, kind, trainingSessionId);
  return start(deps, pipeline, content, {
    ...rest,
    ...(kind === 'training_participants' && trainingSessionId ? { trainingSessionId } : {}),
  });
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
  /** Persons recorded with the rows' care cases (survivors new to Dawn). */
  personsCreated: number;
  /** Rows linked to a person already in Dawn, as the importer answered. */
  linked: number;
  problems: {
    row: number;
    column: string | null;
    code: ImportProblemCode;
    message: string;
    pseudonym?: string;
    score?: number;
    otherRow?: number;
  }[];
  /** Rows whose re-trafficking check could not run after they were imported. */
  followUpFailed: { firstRow: number; lastRow: number }[];
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
    personsCreated: job.persons_created,
    linked: job.linked,
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
    followUpFailed: job.follow_up_failed,
    startedAt: new Date(job.started_at).toISOString(),
    finishedAt: job.finished_at ? new Date(job.finished_at).toISOString() : null,
  };
}

export interface SavedMappingView {
  kind: ImportKind;
  /** The organisation's saved mapping: for each field, the header of its column. */
  mapping: ImportMapping;
  /** The fields of the kind, in order, and whether each must have a column. */
  fields: { field: string; required: boolean }[];
}

/** The column mapping the organisation saved for a kind (its last import's, or as edited). */
export async function getSavedMapping(deps: Deps, kind: ImportKind): Promise<SavedMappingView> {
  const { actor } = await requirePermission(deps.db, 'import:run');
  const pipeline = pipelineOf(kind);
  return {
    kind,
    mapping: await savedMapping(deps.db, actor.organisationId, kind),
    fields: pipeline.specs.map(({ field, required }) => ({ field, required })),
  };
}

/** Saves an edited mapping for a kind: every field one of the kind's, every required one given. */
export async function saveImportMapping(
  deps: Deps,
  kind: ImportKind,
  mapping: ImportMapping,
): Promise<SavedMappingView> {
  const { actor } = await requirePermission(deps.db, 'import:run');
  const pipeline = pipelineOf(kind);
  const fields = new Set(pipeline.specs.map((spec) => spec.field));
  const issues = [
    ...Object.keys(mapping)
      .filter((field) => !fields.has(field))
      .map((field) => ({ path: `mapping.${field}`, message: 'is not a field Dawn imports' })),
    ...unmappedRequiredFields(mapping, pipeline.specs).map((field) => ({
      path: `mapping.${field}`,
      message: 'choose its column',
    })),
  ];
  const first = issues[0];
  if (first)
    throw new DomainError('VALIDATION_FAILED', `${first.path}: ${first.message}`, { issues });
  await deps.db.transaction().execute(async (trx) => {
    await saveMapping(trx, actor.organisationId, kind, mapping, actor.userId);
    await recordAudit(trx, {
      action: 'import.mapping_saved',
      details: { kind, fields: Object.keys(mapping) },
    });
  });
  return getSavedMapping(deps, kind);
}
