import { sql, type Kysely } from 'kysely';

/**
 * The unresolved alerts of one case (issue 11, recording an event): after an event the case's
 * alerts whose obligation was met or is gone are resolved, by `case_id`. Without an index that was
 * a scan of every alert of the installation at every event recorded. Partial: resolved alerts,
 * most of them in time, are never looked up by case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index alert_unresolved_case_idx on alert (case_type, case_id)
    where resolved_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index alert_unresolved_case_idx`.execute(db);
}
