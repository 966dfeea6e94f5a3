import { sql, type Kysely } from 'kysely';

/**
 * Scheme 4 of `identity_index` (migration 0021): each name also stores `pair` tokens, one for each
 * two phonetic keys of its first words, so similar-person search reads a common full name's pair
 * as one short postings list instead of joining its two keys' long ones (issue 17,
 * docs/identity-matching.md). Persons indexed before have no pairs and a search by a full name
 * would miss them, so an installation holding identities is re-indexed by the server on start (or
 * `dawn identities reindex`); one without starts at 4. No new index: pairs are rows of
 * `identity_index`, read on `identity_index_postings_idx` like every other kind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update identity_index_scheme set scheme = 4
    where scheme = 3 and not exists (select 1 from person_identity)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from identity_index where kind = 'pair'`.execute(db);
  await sql`update identity_index_scheme set scheme = 3 where scheme = 4`.execute(db);
}
