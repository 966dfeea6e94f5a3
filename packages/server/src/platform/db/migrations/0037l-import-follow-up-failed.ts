import { sql, type Kysely } from 'kysely';

/**
 * The rows of an import whose follow-up could not run after their batch was committed (the
 * re-trafficking check of imported care cases): `[{ "firstRow": 2, "lastRow": 101 }, …]`. The
 * batch stands, as a case opened on the form stands when its check fails afterwards; the import's
 * summary says which rows were not checked, so the programme manager knows to look at them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job add column follow_up_failed jsonb not null default '[]'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job drop column follow_up_failed`.execute(db);
}
