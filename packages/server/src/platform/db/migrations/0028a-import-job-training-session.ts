import { sql, type Kysely } from 'kysely';

/**
 * Issue 16, training participants as an import kind: the job remembers the session its list goes
 * into, so a resumed job writes into the same session without being told again. Empty for every
 * other kind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job
    add column training_session_id uuid references training_session (id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job drop column training_session_id`.execute(db);
}
