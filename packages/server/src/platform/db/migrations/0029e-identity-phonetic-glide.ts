import { sql, type Kysely } from 'kysely';

/**
 * Scheme 5 of `identity_index` (migration 0021): the phonetic key reads a w after a vowel and
 * not before one as the vowel it writes (Mowsumi/Mousumi, Chowdhury/Choudhury), so those
 * spellings share their key and their `pair` token (issue 17, docs/identity-matching.md). Keys
 * and pairs of such names change, so an installation holding identities is re-indexed by the
 * server on start (or `dawn identities reindex`); one without starts at 5. No schema change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update identity_index_scheme set scheme = 5
    where scheme = 4 and not exists (select 1 from person_identity)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The keys stored now are not the previous code's: 3 makes it re-index on start.
  await sql`update identity_index_scheme set scheme = 3 where scheme >= 4`.execute(db);
}
