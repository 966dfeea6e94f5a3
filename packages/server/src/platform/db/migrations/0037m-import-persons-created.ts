import { sql, type Kysely } from 'kysely';

/**
 * How many persons an import recorded besides its own records: a care-case register whose rows
 * name survivors new to Dawn records each with her case, and the summary says how many.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job add column persons_created integer not null default 0`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job drop column persons_created`.execute(db);
}
