import { sql, type Kysely } from 'kysely';

/**
 * Writes sent with an `Idempotency-Key` (the web sends one with every change it posts): the key
 * claimed per user before the change is made, with a keyed fingerprint of the request, so that
 * the same request sent again after its answer was lost (a dropped mobile connection, a proxy
 * that gave up) is never made twice. The answers themselves are kept by the process that gave
 * them, not here.
 * Kept for a day (platform/idempotency.ts): a day's rows are few, so forgetting them reads the
 * table whole rather than keep an index every claim would write to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table idempotent_request (
    user_id uuid not null references app_user (id) on delete cascade,
    key text not null,
    fingerprint text not null,
    created_at timestamptz not null default now(),
    primary key (user_id, key)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotent_request`.execute(db);
}
