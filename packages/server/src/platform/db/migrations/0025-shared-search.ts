import { sql, type Kysely } from 'kysely';

/**
 * Scheme 3 of `identity_index` (migration 0021): Bengali and Devanagari names are transliterated
 * without their unspoken medial vowels (সরকার → sarkar, not sarakar), so an installation holding
 * identities is re-indexed by the server on start (or `dawn identities reindex`); one without
 * starts at 3.
 *
 * Similar-person search asks on every search which organisations share persons with the caller's
 * (care cases referred to it, issue 17 / docs/identity-matching.md): this index finds the
 * referrals made to one organisation without reading every care case event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update identity_index_scheme set scheme = 3
    where scheme = 2 and not exists (select 1 from person_identity)`.execute(db);
  await sql`create index care_case_event_referral_to_idx
    on care_case_event ((data->>'toOrganisationId'), case_id)
    where type = 'referral.made'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update identity_index_scheme set scheme = 2 where scheme = 3`.execute(db);
  await sql`drop index care_case_event_referral_to_idx`.execute(db);
}
