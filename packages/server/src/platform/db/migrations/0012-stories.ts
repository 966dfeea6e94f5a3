import { sql, type Kysely } from 'kysely';

/**
 * Survivors' stories under pseudonyms and the annual calendar (issue 13). A story's texts are
 * versions, never overwritten; consent to publish is a row of the consent ledger with the story and
 * the channel beside its purpose; editions hold one story per month.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table story (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      care_case_id uuid not null references care_case(id),
      person_id uuid not null references person(id),
      public_pseudonym text not null,
      original_language text not null check (original_language in ('en','bn','hi')),
      rescue_year integer check (rescue_year between 1950 and 2100),
      status text not null default 'draft'
        check (status in ('draft','read_back','approved','published')),
      approved_by uuid references app_user(id),
      approved_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index story_organisation_idx on story (organisation_id, updated_at desc, id)`.execute(
    db,
  );
  await sql`create index story_case_idx on story (care_case_id)`.execute(db);

  await sql`
    create table story_version (
      id uuid primary key default gen_random_uuid(),
      story_id uuid not null references story(id),
      language text not null check (language in ('en','bn','hi')),
      version integer not null,
      title text not null,
      body text not null,
      aspirations text not null default '',
      interests text not null default '',
      sha256 text not null,
      saved_by uuid references app_user(id),
      saved_at timestamptz not null default now(),
      unique (story_id, language, version)
    )`.execute(db);

  await sql`
    create table story_read_back (
      id uuid primary key default gen_random_uuid(),
      story_id uuid not null references story(id),
      read_at timestamptz not null,
      read_by uuid references app_user(id),
      language text not null check (language in ('en','bn','hi')),
      decision text not null check (decision in ('agreed','changes_requested')),
      changes_requested text,
      version_hashes jsonb not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index story_read_back_story_idx on story_read_back (story_id, recorded_at)`.execute(
    db,
  );

  await sql`
    create table story_guard_override (
      id uuid primary key default gen_random_uuid(),
      story_id uuid not null references story(id),
      finding_key text not null,
      language text not null,
      kind text not null,
      reason text not null,
      overridden_by uuid references app_user(id),
      overridden_at timestamptz not null default now(),
      unique (story_id, finding_key)
    )`.execute(db);

  // Consent to publish one story on one channel: purpose story_publication, story and channel here.
  await sql`alter table consent add column story_id uuid references story(id)`.execute(db);
  await sql`alter table consent add column channel text
    check (channel is null or channel in ('calendar_print','website','social_media'))`.execute(db);
  await sql`create index consent_story_idx on consent (story_id) where story_id is not null`.execute(
    db,
  );

  await sql`
    create table calendar_edition (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      year integer not null check (year between 2000 and 2100),
      title text not null,
      subtitle text not null default '',
      paper text not null default 'A4' check (paper in ('A4','A3')),
      orientation text not null default 'portrait' check (orientation in ('portrait','landscape')),
      bleed_marks boolean not null default false,
      status text not null default 'draft' check (status in ('draft','printed')),
      printed_at timestamptz,
      printed_by uuid references app_user(id),
      do_not_reprint boolean not null default false,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index calendar_edition_organisation_idx on calendar_edition (organisation_id, year)`.execute(
    db,
  );
  await sql`
    create table calendar_edition_month (
      edition_id uuid not null references calendar_edition(id),
      month integer not null check (month between 1 and 12),
      story_id uuid not null references story(id),
      languages text[] not null,
      primary key (edition_id, month)
    )`.execute(db);
  await sql`create index calendar_edition_month_story_idx on calendar_edition_month (story_id)`.execute(
    db,
  );

  await sql`
    create table calendar_holiday (
      id uuid primary key default gen_random_uuid(),
      month integer not null check (month between 1 and 12),
      day integer not null check (day between 1 and 31),
      name_en text not null,
      name_bn text not null,
      name_hi text not null,
      unique (month, day)
    )`.execute(db);
  await sql`
    insert into calendar_holiday (month, day, name_en, name_bn, name_hi) values
      (1, 26, 'Republic Day', 'প্রজাতন্ত্র দিবস', 'गणतंत्र दिवस'),
      (8, 15, 'Independence Day', 'স্বাধীনতা দিবস', 'स्वतंत्रता दिवस'),
      (10, 2, 'Gandhi Jayanti', 'গান্ধী জয়ন্তী', 'गांधी जयंती')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table calendar_holiday`.execute(db);
  await sql`drop table calendar_edition_month`.execute(db);
  await sql`drop table calendar_edition`.execute(db);
  await sql`drop index consent_story_idx`.execute(db);
  await sql`alter table consent drop column channel`.execute(db);
  await sql`alter table consent drop column story_id`.execute(db);
  await sql`drop table story_guard_override`.execute(db);
  await sql`drop table story_read_back`.execute(db);
  await sql`drop table story_version`.execute(db);
  await sql`drop table story`.execute(db);
}
