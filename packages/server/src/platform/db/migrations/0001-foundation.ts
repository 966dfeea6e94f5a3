import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists fuzzystrmatch`.execute(db);

  await db.schema
    .createTable('installation')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('organisation')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('kind', 'text', (column) =>
      column
        .notNull()
        .check(
          sql`kind in ('ngo','police_station','ahtu','court','cwc','shelter_home','dlsa','hospital','school','training_provider')`,
        ),
    )
    .addColumn('district', 'text')
    .addColumn('state', 'text')
    .addColumn('country', 'text', (column) => column.notNull().defaultTo('IN'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('official')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('designation', 'text', (column) => column.notNull())
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('official_organisation_idx')
    .on('official')
    .column('organisation_id')
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('display_name', 'text', (column) => column.notNull())
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('official_id', 'uuid', (column) => column.references('official.id'))
    .addColumn('roles', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'text', (column) =>
      column
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active','disabled')`),
    )
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index app_user_email_idx on app_user (lower(email))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('app_user').execute();
  await db.schema.dropTable('official').execute();
  await db.schema.dropTable('organisation').execute();
  await db.schema.dropTable('installation').execute();
}
