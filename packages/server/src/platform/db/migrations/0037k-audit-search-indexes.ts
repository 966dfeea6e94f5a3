import { sql, type Kysely } from 'kysely';

/**
 * The auditor's search of the trail (`GET /api/audit`) on indexes that match it. It reads one
 * organisation's entries newest first, a page at a time (keyset on the id), narrowed by an action
 * or a kind of action, a user, a subject or dates. It had an index on each column alone, none
 * with the organisation or the order, so a page walked the whole trail backwards from its newest
 * entry until it had found fifty of the organisation's: at a state programme's size (a million
 * entries and more) a search for a rare action (every identity revealed) read them all.
 *
 * - `(actor_organisation_id, id)`: the organisation's entries newest first, read in order;
 * - `(actor_organisation_id, action, id)`: one action's entries, or each of a kind's, in order;
 * - `(actor_user_id, id)` in place of `(actor_user_id)`: one user's entries in order;
 * - `(entity_id)` in place of `(entity_type, entity_id)`: a subject's entries whether or not its
 *   kind is given (an id alone is as selective);
 * - the index on `action` alone goes: nothing reads the trail by action across organisations.
 *
 * One index more than before in all: every audited write (every change) maintains it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_event_organisation_idx on audit_event (actor_organisation_id, id)`.execute(
    db,
  );
  await sql`create index audit_event_organisation_action_idx
    on audit_event (actor_organisation_id, action, id)`.execute(db);
  await sql`create index audit_event_user_idx on audit_event (actor_user_id, id)`.execute(db);
  await sql`create index audit_event_subject_idx on audit_event (entity_id)`.execute(db);
  await sql`drop index audit_event_actor_idx`.execute(db);
  await sql`drop index audit_event_action_idx`.execute(db);
  await sql`drop index audit_event_entity_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_event_actor_idx on audit_event (actor_user_id)`.execute(db);
  await sql`create index audit_event_action_idx on audit_event (action)`.execute(db);
  await sql`create index audit_event_entity_idx on audit_event (entity_type, entity_id)`.execute(
    db,
  );
  await sql`drop index audit_event_subject_idx`.execute(db);
  await sql`drop index audit_event_user_idx`.execute(db);
  await sql`drop index audit_event_organisation_action_idx`.execute(db);
  await sql`drop index audit_event_organisation_idx`.execute(db);
}
