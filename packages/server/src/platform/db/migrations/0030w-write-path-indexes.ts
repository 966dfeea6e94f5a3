import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the write paths: two indexes that every obligation or alert written kept up to date
 * and no query needs. A programme's first sweep writes hundreds of thousands of both.
 *
 * - `alert_unresolved_case_idx` (0027d) is `alert_unresolved_idx` (0009) again, column for column
 *   and with the same condition: the later one goes.
 * - `obligation_case_idx (case_type, case_id)` is the start of the unique
 *   `obligation_identity (case_type, case_id, obligation_key)`, which answers the same lookups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists alert_unresolved_case_idx`.execute(db);
  await sql`drop index if exists obligation_case_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index obligation_case_idx on obligation (case_type, case_id)`.execute(db);
  await sql`create index alert_unresolved_case_idx on alert (case_type, case_id)
    where resolved_at is null`.execute(db);
}
