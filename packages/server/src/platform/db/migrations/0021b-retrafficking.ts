import { sql, type Kysely } from 'kysely';

/**
 * Re-trafficking alerts (issue 17): a person recorded in a new care case or rescue operation who
 * resembles a survivor of another of the organisation's cases. One row per pair of persons, ever:
 * a pair decided "different people" is never suggested again, "same person" links the two cases.
 * The threshold is the organisation's own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table retrafficking_match (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisation (id),
    person_id uuid not null references person (id),
    case_type text not null check (case_type in ('care_case', 'rescue_operation')),
    case_id uuid not null,
    earlier_person_id uuid not null references person (id),
    earlier_case_type text not null check (earlier_case_type in ('care_case', 'rescue_operation')),
    earlier_case_id uuid not null,
    score real not null,
    status text not null default 'suggested'
      check (status in ('suggested', 'same_person', 'different_people')),
    decided_by uuid references app_user (id),
    decided_at timestamptz,
    created_at timestamptz not null default now(),
    pair_low uuid not null,
    pair_high uuid not null,
    check (pair_low < pair_high)
  )`.execute(db);
  await sql`create unique index retrafficking_match_pair_idx
    on retrafficking_match (organisation_id, pair_low, pair_high)`.execute(db);
  await sql`create index retrafficking_match_list_idx
    on retrafficking_match (organisation_id, created_at desc, id desc)`.execute(db);
  await sql`create index retrafficking_match_case_idx on retrafficking_match (case_id)`.execute(db);
  await sql`create index retrafficking_match_earlier_case_idx
    on retrafficking_match (earlier_case_id)`.execute(db);
  await sql`create table retrafficking_setting (
    organisation_id uuid primary key references organisation (id),
    threshold real not null check (threshold > 0 and threshold <= 1),
    updated_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table retrafficking_setting`.execute(db);
  await sql`drop table retrafficking_match`.execute(db);
}
