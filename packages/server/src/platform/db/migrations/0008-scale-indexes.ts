import { sql, type Kysely } from 'kysely';

/**
 * Indexes that serve the hot reads at a programme's size (docs/performance.md): each list pages
 * from an index in its scope's order, and similar-person search reads one token's postings in
 * person order, index only, so two tokens meet in a merge join.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index identity_index_postings_idx
    on identity_index (kind, token_hash, person_id)`.execute(db);
  // The postings index starts with the same columns.
  await sql`drop index identity_index_lookup_idx`.execute(db);
  // Lists in organisation scope, in their sort order (a backward scan gives newest first).
  await sql`create index care_case_organisation_opened_idx
    on care_case (organisation_id, opened_at, code)`.execute(db);
  await sql`create index person_organisation_created_idx
    on person (organisation_id, created_at, id)`.execute(db);
  await sql`drop index person_organisation_idx`.execute(db);
  await sql`create index legal_case_organisation_hearing_idx
    on legal_case (organisation_id, next_hearing_at asc nulls last, created_at desc)`.execute(db);
  await sql`drop index legal_case_org_idx`.execute(db);
  await sql`create index rescue_operation_organisation_occurred_idx
    on rescue_operation (organisation_id, occurred_at)`.execute(db);
  await sql`create index obligation_organisation_due_idx
    on obligation (organisation_id, due_at, rule)`.execute(db);
  // The chosen-few report: events of a period, and whether a later event corrected one.
  await sql`create index legal_case_event_occurred_idx on legal_case_event (occurred_at)`.execute(
    db,
  );
  await sql`create index legal_case_event_supersedes_idx
    on legal_case_event (supersedes_id) where supersedes_id is not null`.execute(db);
  // Team scope starts from the caller's memberships of one kind of entity, index only.
  await sql`create index team_membership_user_entity_idx
    on team_membership (user_id, entity_type, entity_id)`.execute(db);
  await sql`drop index team_membership_user_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index team_membership_user_idx on team_membership (user_id)`.execute(db);
  await sql`drop index team_membership_user_entity_idx`.execute(db);
  await sql`drop index legal_case_event_supersedes_idx`.execute(db);
  await sql`drop index legal_case_event_occurred_idx`.execute(db);
  await sql`drop index obligation_organisation_due_idx`.execute(db);
  await sql`drop index rescue_operation_organisation_occurred_idx`.execute(db);
  await sql`create index legal_case_org_idx on legal_case (organisation_id, next_hearing_at)`.execute(
    db,
  );
  await sql`drop index legal_case_organisation_hearing_idx`.execute(db);
  await sql`create index person_organisation_idx on person (organisation_id)`.execute(db);
  await sql`drop index person_organisation_created_idx`.execute(db);
  await sql`drop index care_case_organisation_opened_idx`.execute(db);
  await sql`create index identity_index_lookup_idx on identity_index (kind, token_hash)`.execute(
    db,
  );
  await sql`drop index identity_index_postings_idx`.execute(db);
}
