import type { ImportMapping } from '@dawn/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { StoredImportProblem } from '../../platform/db/schema-imports.ts';

type Db = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

export async function savedMapping(
  db: Db,
  organisationId: string,
  kind: string,
): Promise<ImportMapping> {
  const row = await db
    .selectFrom('import_mapping')
    .select('mapping')
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.mapping ?? {};
}

export async function saveMapping(
  db: Db,
  organisationId: string,
  kind: string,
  mapping: ImportMapping,
  userId: string,
): Promise<void> {
  const json = JSON.stringify(mapping);
  await db
    .insertInto('import_mapping')
    .values({ organisation_id: organisationId, kind, mapping: json, updated_by: userId })
    .onConflict((conflict) =>
      conflict
        .columns(['organisation_id', 'kind'])
        .doUpdateSet({ mapping: json, updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

/** The records already imported under these external ids: one round trip per batch. */
export async function importedRecords(
  db: Db,
  organisationId: string,
  kind: string,
  externalIds: string[],
): Promise<Map<string, { entityId: string; rowHash: string }>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('import_record')
    .select(['external_id', 'entity_id', 'row_hash'])
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', kind)
    .where('external_id', 'in', externalIds)
    .execute();
  return new Map(
    rows.map((row) => [row.external_id, { entityId: row.entity_id, rowHash: row.row_hash }]),
  );
}

export async function upsertImportRecords(
  trx: Transaction<DatabaseSchema>,
  rows: {
    organisation_id: string;
    kind: string;
    external_id: string;
    entity_id: string;
    row_hash: string;
    job_id: string;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('import_record')
    .values(rows)
    .onConflict((conflict) =>
      conflict.columns(['organisation_id', 'kind', 'external_id']).doUpdateSet((eb) => ({
        entity_id: eb.ref('excluded.entity_id'),
        row_hash: eb.ref('excluded.row_hash'),
        job_id: eb.ref('excluded.job_id'),
        updated_at: new Date(),
      })),
    )
    .execute();
}

export async function findJob(db: Db, organisationId: string, jobId: string) {
  return db
    .selectFrom('import_job')
    .selectAll()
    .where('id', '=', jobId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function advanceJob(
  db: Db,
  jobId: string,
  progress: {
    nextRow: number;
    created: number;
    updated: number;
    skipped: number;
    notImported: number;
    problems: StoredImportProblem[];
    personsCreated?: number;
    linked?: number;
  },
): Promise<void> {
  await db
    .updateTable('import_job')
    .set((eb) => ({
      next_row: progress.nextRow,
      created: eb('created', '+', progress.created),
      updated: eb('updated', '+', progress.updated),
      skipped: eb('skipped', '+', progress.skipped),
      not_imported: eb('not_imported', '+', progress.notImported),
      persons_created: eb('persons_created', '+', progress.personsCreated ?? 0),
      linked: eb('linked', '+', progress.linked ?? 0),
      problems: sql<never>`problems || ${JSON.stringify(progress.problems)}::jsonb`,
    }))
    .where('id', '=', jobId)
    .execute();
}

/** A batch whose follow-up failed after it was committed: its rows, for the summary. */
export async function recordFollowUpFailed(
  db: Db,
  jobId: string,
  rows: { firstRow: number; lastRow: number },
): Promise<void> {
  await db
    .updateTable('import_job')
    .set({
      follow_up_failed: sql<never>`follow_up_failed || ${JSON.stringify([rows])}::jsonb`,
    })
    .where('id', '=', jobId)
    .execute();
}

/** Organisations by name (any case), for a sheet that names its shelters: one round trip. */
export async function organisationsNamed(db: Db, names: string[]): Promise<Map<string, string>> {
  const lower = [...new Set(names.map((name) => name.toLowerCase()))];
  if (lower.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisation')
    .select(['id', sql<string>`lower(name)`.as('name')])
    .where(sql<string>`lower(name)`, 'in', lower)
    .orderBy('created_at')
    .execute();
  const found = new Map<string, string>();
  for (const row of rows) if (!found.has(row.name)) found.set(row.name, row.id);
  return found;
}

/**
 * The next care-case codes (`CC-2025-0042`) for cases opened in these years, in order: the same
 * per-year lock and numbering as a case opened on the form, in two statements for a whole batch.
 */
export async function reserveCareCaseCodes(
  trx: Transaction<DatabaseSchema>,
  organisationId: string,
  years: number[],
): Promise<string[]> {
  const distinct = [...new Set(years)].sort();
  if (distinct.length === 0) return [];
  const keys = distinct.map((year) => `care_case_code:${organisationId}:${year}`);
  await sql`select pg_advisory_xact_lock(hashtext(key))
    from unnest(${sql.val(keys)}::text[]) as key order by key`.execute(trx);
  const last = await sql<{ year: string; last: number }>`
    select substr(code, 4, 4) as year, max(substr(code, 9)::int) as last
    from care_case
    where organisation_id = ${organisationId}
      and code ~ '^CC-[0-9]{4}-[0-9]+$'
      and substr(code, 4, 4) = any(${sql.val(distinct.map(String))}::text[])
    group by 1`.execute(trx);
  const next = new Map(last.rows.map((row) => [Number(row.year), row.last]));
  return years.map((year) => {
    const number = (next.get(year) ?? 0) + 1;
    next.set(year, number);
    return `CC-${year}-${String(number).padStart(4, '0')}`;
  });
}

/** Of `ids`, the persons of the organisation: who an importer's answer may link a row to. */
export async function personsOfOrganisation(
  db: Db,
  organisationId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('person')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}
