import { sql, type Kysely } from 'kysely';

/**
 * Keyset paging for the legal-case and rescue-operation lists (issue 11): each list's index now
 * ends with the row's id, so the sort key is unique and a cursor names exactly one row. They
 * replace the indexes of 0008 that had the same leading columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index legal_case_organisation_hearing_id_idx
    on legal_case (organisation_id, next_hearing_at asc nulls last, created_at desc, id desc)`.execute(
    db,
  );
  await sql`drop index legal_case_organisation_hearing_idx`.execute(db);
  await sql`create index rescue_operation_organisation_occurred_id_idx
    on rescue_operation (organisation_id, occurred_at, id)`.execute(db);
  await sql`drop index rescue_operation_organisation_occurred_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index rescue_operation_organisation_occurred_idx
    on rescue_operation (organisation_id, occurred_at)`.execute(db);
  await sql`drop index rescue_operation_organisation_occurred_id_idx`.execute(db);
  await sql`create index legal_case_organisation_hearing_idx
    on legal_case (organisation_id, next_hearing_at asc nulls last, created_at desc)`.execute(db);
  await sql`drop index legal_case_organisation_hearing_id_idx`.execute(db);
}
