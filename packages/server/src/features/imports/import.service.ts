import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import {
  checkPersonRow,
  duplicatesWithinFile,
  describeImportProblem,
  DomainError,
  guessImportMapping,
  PERSON_IMPORT_FIELDS,
  unmappedRequiredFields,
  type ImportedPerson,
  type ImportKind,
  type ImportMapping,
  type ImportProblem,
  type ImportProblemCode,
} from '@dawn/core';
import { deny, requirePermission, scopeOf } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { StoredImportProblem } from '../../platform/db/schema-imports.ts';
import { LIKELY_DUPLICATE_SCORE, likelyDuplicates } from '../persons/person-matching.ts';
import { createPersonsInTransaction, writeIdentities } from '../persons/person.service.ts';
import { identitySchema, newPersonSchema, type NewPerson } from '../persons/person.schemas.ts';
import { readImportFile, type ImportFile } from './import-file.reader.ts';
import {
  advanceJob,
  findJob,
  importedRecords,
  saveMapping,
  savedMapping,
  upsertImportRecords,
} from './import.repository.ts';
import { publishWebhookEvent } from '../webhooks/webhook.publish.ts';

/**
 * Spreadsheet imports (issue 16). A dry run checks every row and says what would happen; the run
 * writes in batches, each in one transaction (all of its rows or none), idempotent on the
 * external id column. Identities go through the persons use-cases into the vault; nothing here
 * stores, logs or audits a cell's value.
 */
export const IMPORT_BATCH_ROWS = 500;

export type RowAction = 'create' | 'update' | 'skip' | 'not_imported';

export interface RowIssue {
  column: string | null;
  code: ImportProblemCode;
  value?: string;
  pseudonym?: string;
  score?: number;
  otherRow?: number;
}

export interface RowReport {
  row: number;
  externalId: string | null;
  action: RowAction;
  /** Plain sentences, cell values included: shown to the importer, never stored. */
  problems: string[];
  /** The same, as codes the screens translate. */
  issues: RowIssue[];
  duplicateOf?: { personId: string; pseudonym: string; score: number };
}

export interface DryRunReport {
  kind: ImportKind;
  headerRow: number;
  headers: string[];
  mapping: ImportMapping;
  totalRows: number;
  toCreate: number;
  toUpdate: number;
  toSkip: number;
  notImported: number;
  rows: RowReport[];
}

interface CheckedRow {
  row: number;
  externalId: string | null;
  person?: ImportedPerson;
  problems: ImportProblem[];
}

const todayInIndia = () => new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);

async function requireImporter(deps: Deps): Promise<Actor> {
  const { actor } = await requirePermission(deps.db, 'import:run');
  for (const permission of ['person:write', 'identity:write'] as const)
    if (scopeOf(actor, permission) === undefined) return deny(deps.db, { permission });
  return actor;
}

/** Checks every row on its own and against the rows above it (one external id, one row). */
function checkRows(file: ImportFile, mapping: ImportMapping): CheckedRow[] {
  const rows = checkEachRow(file, mapping);
  // Two rows of one file for one person would be created twice: the later one waits for review.
  const twins = duplicatesWithinFile(
    rows.map((row) => row.person?.identity),
    LIKELY_DUPLICATE_SCORE,
  );
  twins.forEach((twin, index) => {
    const row = rows[index];
    const earlier = twin ? rows[twin.earlier] : undefined;
    if (!row || !twin || !earlier) return;
    row.problems.push({
      row: row.row,
      column: null,
      code: 'duplicate_in_file',
      otherRow: earlier.row,
      score: twin.score,
      reason: `may be the same person as row ${earlier.row} (similarity ${twin.score}); review before importing`,
    });
    delete row.person;
  });
  return rows;
}

function checkEachRow(file: ImportFile, mapping: ImportMapping): CheckedRow[] {
  const today = todayInIndia();
  const position = new Map(file.headers.map((header, index) => [header, index]));
  const firstRowOf = new Map<string, number>();
  return file.rows.map(({ row, cells }) => {
    const checked = checkPersonRow(
      row,
      mapping,
      (field) => {
        const header = mapping[field];
        const index = header === undefined ? undefined : position.get(header);
        return index === undefined ? null : (cells[index] ?? null);
      },
      today,
    );
    const externalIdCell = mapping.externalId
      ? cells[position.get(mapping.externalId) ?? -1]
      : null;
    const externalId =
      externalIdCell === null || externalIdCell === undefined ? '' : String(externalIdCell).trim();
    if (externalId !== '') {
      const first = firstRowOf.get(externalId);
      if (first !== undefined) {
        checked.problems.push({
          row,
          column: mapping.externalId ?? null,
          code: 'duplicate_id',
          value: externalId,
          reason: `is already the id of row ${first}; each row needs its own id`,
        });
        delete checked.person;
      } else firstRowOf.set(externalId, row);
    }
    return {
      row,
      externalId: externalId === '' ? null : externalId,
      ...(checked.person && checked.problems.length === 0 ? { person: checked.person } : {}),
      problems: checked.problems,
    };
  });
}

function mappingFor(file: ImportFile, requested: ImportMapping | undefined, saved: ImportMapping) {
  const mapping = requested ?? guessImportMapping(file.headers, saved);
  for (const [field, header] of Object.entries(mapping)) {
    if (!(PERSON_IMPORT_FIELDS as readonly string[]).includes(field))
      throw new DomainError('VALIDATION_FAILED', `mapping.${field}: is not a field Dawn imports`, {
        issues: [{ path: `mapping.${field}`, message: 'is not a field Dawn imports' }],
      });
    if (!file.headers.includes(header))
      throw new DomainError(
        'VALIDATION_FAILED',
        `mapping.${field}: the file has no column “${header}”`,
        {
          issues: [{ path: `mapping.${field}`, message: `the file has no column “${header}”` }],
        },
      );
  }
  const missing = unmappedRequiredFields(mapping);
  if (missing.length > 0)
    throw new DomainError(
      'VALIDATION_FAILED',
      `mapping: choose the column for ${missing.join(', ')}`,
      {
        issues: missing.map((field) => ({
          path: `mapping.${field}`,
          message: 'choose its column',
        })),
      },
    );
  return mapping;
}

/** The persons use-case's own schema, at the boundary: its defaults and limits hold here too. */
function toNewPerson(person: ImportedPerson): NewPerson {
  // zod drops what the schema does not know (the external id).
  return newPersonSchema.parse(person);
}

/** A keyed fingerprint of what a row would store: equal means a re-run has nothing to change. */
function rowHash(deps: Deps, organisationId: string, person: ImportedPerson): string {
  return deps.vault.fingerprint(organisationId, 'import_row', JSON.stringify(person));
}

async function classify(
  deps: Deps,
  organisationId: string,
  rows: CheckedRow[],
): Promise<RowReport[]> {
  const good = rows.filter((row) => row.person);
  const existing = await importedRecords(
    deps.db,
    organisationId,
    'persons',
    good.map((row) => row.externalId ?? ''),
  );
  const fresh = good.filter((row) => !existing.has(row.externalId ?? ''));
  const duplicates = await likelyDuplicates(
    deps.db,
    deps.vault,
    organisationId,
    fresh.map((row) => row.person?.identity ?? { legalName: '', aliases: [], phones: [] }),
  );
  const duplicateOf = new Map(fresh.map((row, index) => [row.row, duplicates[index]]));
  return rows.map((row) => {
    const base = { row: row.row, externalId: row.externalId };
    if (!row.person)
      return {
        ...base,
        action: 'not_imported',
        problems: row.problems.map(describeImportProblem),
        issues: row.problems.map(({ column, code, value, otherRow, score }) => ({
          column,
          code,
          ...(value === undefined ? {} : { value }),
          ...(otherRow === undefined ? {} : { otherRow }),
          ...(score === undefined ? {} : { score }),
        })),
      };
    const record = existing.get(row.externalId ?? '');
    if (record)
      return {
        ...base,
        action: record.rowHash === rowHash(deps, organisationId, row.person) ? 'skip' : 'update',
        problems: [],
        issues: [],
      };
    const duplicate = duplicateOf.get(row.row);
    if (duplicate)
      return {
        ...base,
        action: 'not_imported',
        problems: [
          `row ${row.row}: may be the same person as ${duplicate.pseudonym} (similarity ${duplicate.score}); review before importing`,
        ],
        issues: [
          {
            column: null,
            code: 'likely_duplicate',
            pseudonym: duplicate.pseudonym,
            score: duplicate.score,
          },
        ],
        duplicateOf: duplicate,
      };
    return { ...base, action: 'create', problems: [], issues: [] };
  });
}

function count(reports: RowReport[], action: RowAction): number {
  return reports.filter((report) => report.action === action).length;
}

/** The dry run: what each row would do, and why a row cannot go in. Nothing is written. */
export async function dryRunImport(
  deps: Deps,
  content: Buffer,
  requestedMapping?: ImportMapping,
): Promise<DryRunReport> {
  const actor = await requireImporter(deps);
  const saved = await savedMapping(deps.db, actor.organisationId, 'persons');
  const file = await readImportFile(content, requestedMapping ?? saved);
  const mapping = mappingFor(file, requestedMapping, saved);
  const checked = checkRows(file, mapping);
  const reports: RowReport[] = [];
  for (let start = 0; start < checked.length; start += IMPORT_BATCH_ROWS)
    reports.push(
      ...(await classify(
        deps,
        actor.organisationId,
        checked.slice(start, start + IMPORT_BATCH_ROWS),
      )),
    );
  const report: DryRunReport = {
    kind: 'persons',
    headerRow: file.headerRow,
    headers: file.headers,
    mapping,
    totalRows: reports.length,
    toCreate: count(reports, 'create'),
    toUpdate: count(reports, 'update'),
    toSkip: count(reports, 'skip'),
    notImported: count(reports, 'not_imported'),
    rows: reports,
  };
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'import.dry_run',
      details: {
        kind: 'persons',
        rows: report.totalRows,
        toCreate: report.toCreate,
        toUpdate: report.toUpdate,
        toSkip: report.toSkip,
        notImported: report.notImported,
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

function storedProblems(report: RowReport, checked: CheckedRow): StoredImportProblem[] {
  if (report.duplicateOf)
    return [
      {
        row: report.row,
        column: null,
        code: 'likely_duplicate',
        pseudonym: report.duplicateOf.pseudonym,
        score: report.duplicateOf.score,
        reason: `may be the same person as ${report.duplicateOf.pseudonym} (similarity ${report.duplicateOf.score}); review before importing`,
      },
    ];
  // Where and why, without the cell's value: the job row outlives the upload.
  return checked.problems.map(({ row, column, code, reason, otherRow, score }) => ({
    row,
    column,
    code,
    reason,
    ...(otherRow === undefined ? {} : { otherRow, score }),
  }));
}

/**
 * The real run: checks as the dry run does, then commits batch by batch. `resumeJobId` continues
 * a job that stopped (same file) from its first uncommitted batch; a re-run of a finished file
 * creates nothing twice, by external id.
 */
export async function startImport(
  deps: Deps,
  content: Buffer,
  options: {
    mapping?: ImportMapping;
    resumeJobId?: string;
    onProgress?: (progress: ImportProgress) => void;
  } = {},
): Promise<StartedImport> {
  const actor = await requireImporter(deps);
  const saved = await savedMapping(deps.db, actor.organisationId, 'persons');
  const file = await readImportFile(content, options.mapping ?? saved);
  const mapping = mappingFor(file, options.mapping, saved);
  const checked = checkRows(file, mapping);
  const fingerprint = deps.vault.fingerprint(
    actor.organisationId,
    'import_file',
    createHash('sha256').update(content).digest('hex'),
  );
  let jobId: string;
  let startAt = 0;
  if (options.resumeJobId) {
    const job = await findJob(deps.db, actor.organisationId, options.resumeJobId);
    if (!job) throw new DomainError('NOT_FOUND', 'Not found.');
    if (job.file_fingerprint !== fingerprint)
      throw new DomainError(
        'CONFLICT',
        'This is not the file of that import: resume it with the same file.',
      );
    jobId = job.id;
    startAt = job.next_row;
    await deps.db
      .updateTable('import_job')
      .set({ status: 'running', finished_at: null })
      .where('id', '=', jobId)
      .execute();
  } else {
    jobId = await deps.db.transaction().execute(async (trx) => {
      await saveMapping(trx, actor.organisationId, 'persons', mapping, actor.userId);
      const job = await trx
        .insertInto('import_job')
        .values({
          organisation_id: actor.organisationId,
          kind: 'persons',
          status: 'running',
          file_fingerprint: fingerprint,
          total_rows: checked.length,
          next_row: 0,
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: 'import.mapping_saved',
        details: { kind: 'persons', fields: Object.keys(mapping) },
      });
      await recordAudit(trx, {
        action: 'import.started',
        entityType: 'import_job',
        entityId: job.id,
        details: { kind: 'persons', rows: checked.length },
      });
      return job.id;
    });
  }
  const finished = runBatches(deps, actor, jobId, checked, startAt, options.onProgress);
  return { jobId, totalRows: checked.length, finished };
}

async function runBatches(
  deps: Deps,
  actor: Actor,
  jobId: string,
  checked: CheckedRow[],
  startAt: number,
  onProgress?: (progress: ImportProgress) => void,
): Promise<void> {
  try {
    for (let start = startAt; start < checked.length; start += IMPORT_BATCH_ROWS) {
      const batch = checked.slice(start, start + IMPORT_BATCH_ROWS);
      const nextRow = start + batch.length;
      try {
        await commitBatch(deps, actor, jobId, batch, nextRow);
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
            details: { firstRow: batch[0]?.row ?? 0, rows: batch.length },
          });
        });
      }
      onProgress?.({ jobId, done: nextRow, total: checked.length });
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
          kind: 'persons',
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
      return row;
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

async function commitBatch(
  deps: Deps,
  actor: Actor,
  jobId: string,
  batch: CheckedRow[],
  nextRow: number,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const reports = await classify({ ...deps, db: trx }, actor.organisationId, batch);
    const byRow = new Map(batch.map((row) => [row.row, row]));
    const toCreate = reports.flatMap((report) => {
      const person = byRow.get(report.row)?.person;
      return report.action === 'create' && person ? [person] : [];
    });
    const toUpdate = reports.flatMap((report) => {
      const person = byRow.get(report.row)?.person;
      return report.action === 'update' && person ? [person] : [];
    });
    const createdIds = await createPersonsInTransaction(
      deps,
      trx,
      actor,
      toCreate.map((person) => toNewPerson(person)),
    );
    const existing = await importedRecords(
      trx,
      actor.organisationId,
      'persons',
      toUpdate.map((person) => person.externalId),
    );
    const updates = toUpdate.flatMap((person) => {
      const record = existing.get(person.externalId);
      return record ? [{ person, personId: record.entityId }] : [];
    });
    // Every changed row's facts in one statement, not one update per row.
    if (updates.length > 0) {
      const facts = updates.map(({ person, personId }) => ({
        id: personId,
        sex: person.sex,
        age_band: person.ageBand,
        birth_year_estimate: person.birthYearEstimate ?? null,
        origin_state: person.originState ?? null,
        origin_country: person.originCountry ?? null,
        languages: person.languages,
      }));
      await sql`update person set sex = facts.sex, age_band = facts.age_band,
          birth_year_estimate = facts.birth_year_estimate, origin_state = facts.origin_state,
          origin_country = facts.origin_country,
          languages = array(select jsonb_array_elements_text(facts.languages))
        from jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) as facts(id uuid, sex text,
          age_band text, birth_year_estimate int, origin_state text, origin_country text,
          languages jsonb)
        where person.id = facts.id and person.organisation_id = ${actor.organisationId}`.execute(
        trx,
      );
    }
    await writeIdentities(
      deps,
      trx,
      updates.map(({ person, personId }) => ({
        personId,
        organisationId: actor.organisationId,
        identity: identitySchema.parse(person.identity),
      })),
    );
    await upsertImportRecords(trx, [
      ...toCreate.map((person, index) => ({
        organisation_id: actor.organisationId,
        kind: 'persons',
        external_id: person.externalId,
        entity_id: createdIds[index] ?? '',
        row_hash: rowHash(deps, actor.organisationId, person),
        job_id: jobId,
      })),
      ...updates.map(({ person, personId }) => ({
        organisation_id: actor.organisationId,
        kind: 'persons',
        external_id: person.externalId,
        entity_id: personId,
        row_hash: rowHash(deps, actor.organisationId, person),
        job_id: jobId,
      })),
    ]);
    const notImported = reports.filter((report) => report.action === 'not_imported');
    await advanceJob(trx, jobId, {
      nextRow,
      created: toCreate.length,
      updated: updates.length,
      skipped: count(reports, 'skip'),
      notImported: notImported.length,
      problems: notImported.flatMap((report) => {
        const row = byRow.get(report.row);
        return row ? storedProblems(report, row) : [];
      }),
    });
    await recordAudit(trx, {
      action: 'import.batch_committed',
      entityType: 'import_job',
      entityId: jobId,
      details: {
        firstRow: batch[0]?.row ?? 0,
        lastRow: batch.at(-1)?.row ?? 0,
        created: toCreate.length,
        updated: updates.length,
        personIds: [...createdIds, ...updates.map((update) => update.personId)],
      },
    });
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
