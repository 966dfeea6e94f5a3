import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the legal-case list filtered by an offence: the cases holding an offence, found
 * through their own index. The list's page looks for them first in a bounded walk of the
 * organisation's hearing order (legal-case.list.ts); where that walk does not hold a page (a rare
 * offence, or one whose cases sort late) the page reads the offence's cases from here and sorts
 * them, instead of walking the whole organisation's hearing order as it did (30,910 rows dropped
 * for a page of 26 at the bench's 4×). The exact total and the estimate of the filtered list may
 * read it too.
 *
 * `fastupdate = off`: new entries go into the index itself, not into a pending list that every
 * search reads until a vacuum or analyze folds it in (up to 4 MB, `gin_pending_list_limit`). With
 * a pending list the planner, rightly, found a sequential scan cheaper after 20,000 new cases, and
 * where autovacuum is off it stays. A case's few offences cost a few entries when its row version
 * changes an indexed column; an update that changes none (HOT) adds none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index legal_case_offences_idx on legal_case using gin (offences)
    with (fastupdate = off)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index legal_case_offences_idx`.execute(db);
}
