import { sql, type Kysely } from 'kysely';

/**
 * The accused across cases (issue 17): a keyed hash of each rescue's normalised address, so the
 * same premises can be compared without the address; and confirmed links between accused persons
 * (a suggestion stays a suggestion until someone confirms it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rescue_operation add column location_hash text`.execute(db);
  await sql`create index rescue_operation_location_hash_idx
    on rescue_operation (organisation_id, location_hash) where location_hash is not null`.execute(
    db,
  );
  await sql`create index rescue_operation_legal_case_idx
    on rescue_operation (legal_case_id) where legal_case_id is not null`.execute(db);
  await sql`create table accused_link (
    organisation_id uuid not null references organisation (id),
    person_low uuid not null references person (id),
    person_high uuid not null references person (id),
    score real not null,
    confirmed_by uuid references app_user (id),
    confirmed_at timestamptz not null default now(),
    primary key (organisation_id, person_low, person_high),
    check (person_low < person_high)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table accused_link`.execute(db);
  await sql`drop index rescue_operation_legal_case_idx`.execute(db);
  await sql`alter table rescue_operation drop column location_hash`.execute(db);
}
