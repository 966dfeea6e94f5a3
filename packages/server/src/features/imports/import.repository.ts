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
      problems: sql<never>`problems || ${JSON.stringify(progress.problems)}::jsonb`,
    }))
    .where('id', '=', jobId)
    .execute();
}
