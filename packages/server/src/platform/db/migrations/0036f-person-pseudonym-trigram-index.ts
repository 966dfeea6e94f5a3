import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the persons list searched by pseudonym (`search=`, `pseudonym ilike '%…%'`). Without
 * an index the page walks the organisation's persons newest first and drops every one whose
 * pseudonym does not match until it has a page: a few hundred rows for a common fragment, but the
 * whole organisation for a rare one, such as the code of one pseudonym (`Asha-7KQ2X`), which is
 * what staff search for. On 211,000 persons that walk took 535 ms; with this trigram index the
 * planner reads the few matching rows and sorts them (0.6 ms). Where the fragment is common the
 * planner still walks the newest first, as before. `pg_trgm` is installed by 0001 on PostgreSQL
 * and loaded by PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index person_pseudonym_trgm_idx
    on person using gin (pseudonym gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index person_pseudonym_trgm_idx`.execute(db);
}
