import { sql, type Kysely } from 'kysely';

/**
 * Similar-person search asks on every search which organisations share persons with the caller's
 * (care cases referred to it, issue 17 / docs/identity-matching.md): this index finds the
 * referrals made to one organisation without reading every care case event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index care_case_event_referral_to_idx
    on care_case_event ((data->>'toOrganisationId'), case_id)
    where type = 'referral.made'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index care_case_event_referral_to_idx`.execute(db);
}
