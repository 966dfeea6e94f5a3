import { sql, type Kysely } from 'kysely';

/**
 * Spreadsheet imports (issue 16): the column mapping each organisation last used, one row per
 * import job (counts, the resume cursor, and problems without cell values), and, per imported
 * record, its external id, so a re-run creates nothing twice. No identity value is stored here:
 * identities go to the vault; the row fingerprint is a keyed hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_mapping')
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('mapping', 'jsonb', (column) => column.notNull())
    .addColumn('updated_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('import_mapping_pk', ['organisation_id', 'kind'])
    .execute();

  await db.schema
    .createTable('import_job')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) =>
      column.notNull().check(sql`status in ('running', 'finished', 'failed')`),
    )
    .addColumn('file_fingerprint', 'text', (column) => column.notNull())
    .addColumn('total_rows', 'integer', (column) => column.notNull())
    .addColumn('next_row', 'integer', (column) => column.notNull())
    .addColumn('created', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('not_imported', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('problems', 'jsonb', (column) => column.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('started_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('import_job_organisation_idx')
    .on('import_job')
    .columns(['organisation_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('import_record')
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('external_id', 'text', (column) => column.notNull())
    .addColumn('entity_id', 'uuid', (column) => column.notNull())
    .addColumn('row_hash', 'text', (column) => column.notNull())
    .addColumn('job_id', 'uuid', (column) => column.notNull().references('import_job.id'))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('import_record_pk', ['organisation_id', 'kind', 'external_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_record').execute();
  await db.schema.dropTable('import_job').execute();
  await db.schema.dropTable('import_mapping').execute();
}
