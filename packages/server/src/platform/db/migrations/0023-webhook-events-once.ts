import { sql, type Kysely } from 'kysely';

/**
 * Webhook events that must go out once per thing, not once per sweep (issue 16:
 * `obligation.overdue`). The sweep sees an overdue obligation every time it runs; the key of
 * each event published is kept here, so an insert that conflicts means "already told". Keys are
 * ids and rule keys only, never personal data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table webhook_event_once (
    event_key text primary key,
    organisation_id uuid not null references organisation (id),
    published_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table webhook_event_once`.execute(db);
}
