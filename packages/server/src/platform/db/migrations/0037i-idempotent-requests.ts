import { sql, type Kysely } from 'kysely';

/**
 * Writes sent with an `Idempotency-Key` (the web sends one with every change it posts): the key
 * claimed per user before the change is made, and once it is made, the answer, sealed by the
 * vault, so that the same request sent again after its answer was lost (a dropped mobile
 * connection, a proxy that gave up) is answered as the first was instead of being made twice.
 * Kept for a day (platform/idempotency.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table idempotent_request (
    user_id uuid not null references app_user (id) on delete cascade,
    key text not null,
    fingerprint text not null,
    created_at timestamptz not null default now(),
    status_code integer,
    content_type text,
    answer_sealed text,
    primary key (user_id, key)
  )`.execute(db);
  await sql`create index idempotent_request_created_at on idempotent_request (created_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table idempotent_request`.execute(db);
}
