import { sql, type Kysely } from 'kysely';

/**
 * A draft care plan's version, answered with the plan and sent back with an edit (`If-Match`):
 * two people editing one draft at once (a social worker and the manager who asked for changes)
 * would otherwise have the later save silently undo the earlier, since a draft is replaced whole.
 * Every change to a plan (an edit, a goal's status) moves it on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table care_plan add column version integer not null default 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table care_plan drop column version`.execute(db);
}
