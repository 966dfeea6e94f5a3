import { sql, type Kysely } from 'kysely';

/**
 * The legal-case view serves its obligations from the materialised `obligation` rows (issue 11);
 * the regime the engine chose (and why) is stored beside them on the case, written with them by
 * the sweep and after every event. Null until the case is first evaluated: the view then
 * computes on read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table legal_case
    add column deadline_regime text,
    add column deadline_regime_explanation text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table legal_case
    drop column deadline_regime,
    drop column deadline_regime_explanation`.execute(db);
}
