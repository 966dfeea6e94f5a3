import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the last unpaged lists. Each index ends with the row's id, so a keyset cursor names
 * exactly one row:
 * - My work's tasks: someone's open tasks, soonest due first (overdue ones are the earliest), read
 *   from the index from the cursor on; done tasks are not in it, so it stays the size of the work
 *   still to do. It replaces `task_assignee_idx` (assignee_id, due_at), whose only reader this was.
 * - The trainings list: an organisation's programmes, newest first.
 * - The deadlines summary: the open, overdue and met-late deadlines of an organisation are counted
 *   by status from this index alone (an index-only scan), not by reading every deadline.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index task_open_assignee_due_idx
    on task (assignee_id, due_at, id) where done_at is null`.execute(db);
  await sql`drop index task_assignee_idx`.execute(db);
  await sql`create index training_programme_organisation_created_id_idx
    on training_programme (organisation_id, created_at desc, id desc)`.execute(db);
  await sql`drop index training_programme_organisation_idx`.execute(db);
  await sql`create index obligation_organisation_status_due_idx
    on obligation (organisation_id, status, due_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index obligation_organisation_status_due_idx`.execute(db);
  await sql`create index training_programme_organisation_idx
    on training_programme (organisation_id, created_at)`.execute(db);
  await sql`drop index training_programme_organisation_created_id_idx`.execute(db);
  await sql`create index task_assignee_idx on task (assignee_id, due_at)`.execute(db);
  await sql`drop index task_open_assignee_due_idx`.execute(db);
}
