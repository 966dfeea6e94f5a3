import { sql, type Kysely } from 'kysely';

/**
 * What the deadline sweep needs to leave a case alone (issue 11): a steady sweep used to read every
 * case's events and every stored obligation at every run. Now a legal case carries
 *
 * - `deadline_inputs_version`, bumped in the writing transaction by triggers on everything the
 *   engine's input or the stored obligation rows are made of: the case's offences, forum,
 *   organisation and FIR (the case code), its events and parties, a party's age band, birth-year
 *   estimate and record date, a victim's sealed identity (the birth date in the vault), and the
 *   name of the case's police station. Triggers, not the services, so that no writer (the API,
 *   imports, merges, the CLI, a key rotation) can forget it;
 * - `deadline_swept_version`: the version the stored obligations were computed from;
 * - `deadline_next_change_at`: the first instant at which the engine's result, or an alert of
 *   it, changes with the clock alone (an obligation falling overdue, an alert time, an event dated
 *   ahead, an appeal period growing by the day), null when none;
 * - `deadline_evaluated_at`: the instant the obligations were computed as of (a sweep asked about
 *   an earlier instant evaluates the case again).
 *
 * The sweep evaluates only the cases the three partial or small indexes below return. Every case
 * starts stale, so the first sweep after this migration evaluates all of them.
 * `deadline_sweep_pack` remembers the rule pack each case type was last swept with: another pack
 * (a new release, another configuration) makes the next sweep evaluate every case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table legal_case
    add column deadline_inputs_version bigint not null default 1,
    add column deadline_swept_version bigint,
    add column deadline_next_change_at timestamptz,
    add column deadline_evaluated_at timestamptz`.execute(db);
  await sql`create index legal_case_deadline_stale_idx on legal_case (created_at)
    where deadline_swept_version is distinct from deadline_inputs_version`.execute(db);
  await sql`create index legal_case_deadline_next_change_idx on legal_case (deadline_next_change_at)
    where deadline_next_change_at is not null`.execute(db);
  await sql`create index legal_case_deadline_evaluated_idx on legal_case (deadline_evaluated_at)
    where deadline_evaluated_at is not null`.execute(db);
  await sql`create table deadline_sweep_pack (
    case_type text primary key,
    fingerprint text not null,
    swept_at timestamptz not null default now())`.execute(db);

  // The case's own columns: the version moves in the same row, before it is written.
  await sql`create function deadline_inputs_case_changed() returns trigger language plpgsql as $$
    begin
      new.deadline_inputs_version := old.deadline_inputs_version + 1;
      return new;
    end $$`.execute(db);
  await sql`create trigger deadline_inputs_case_changed before update on legal_case for each row
    when (old.offences is distinct from new.offences
       or old.forum is distinct from new.forum
       or old.organisation_id is distinct from new.organisation_id
       or old.fir_number is distinct from new.fir_number
       or old.fir_year is distinct from new.fir_year
       or old.fir_police_station_id is distinct from new.fir_police_station_id)
    execute function deadline_inputs_case_changed()`.execute(db);

  // Events and parties: one statement-level trigger per operation, so a bulk import bumps each
  // case once per statement, not once per row.
  for (const table of ['legal_case_event', 'legal_case_party']) {
    for (const operation of ['insert', 'update', 'delete'] as const) {
      const name = `deadline_inputs_${table}_${operation}d`;
      const changed =
        operation === 'insert'
          ? sql`select legal_case_id from new_rows`
          : operation === 'delete'
            ? sql`select legal_case_id from old_rows`
            : sql`select legal_case_id from new_rows union select legal_case_id from old_rows`;
      const transition =
        operation === 'insert'
          ? sql`new table as new_rows`
          : operation === 'delete'
            ? sql`old table as old_rows`
            : sql`old table as old_rows new table as new_rows`;
      await sql`create function ${sql.raw(name)}() returns trigger language plpgsql as $$
        begin
          update legal_case set deadline_inputs_version = deadline_inputs_version + 1
           where id in (${changed});
          return null;
        end $$`.execute(db);
      await sql`create trigger ${sql.raw(name)} after ${sql.raw(operation)} on ${sql.raw(table)}
        referencing ${transition} for each statement execute function ${sql.raw(name)}()`.execute(
        db,
      );
    }
  }

  // A person's age facts, read for every case they are a party to.
  await sql`create function deadline_inputs_person_changed() returns trigger language plpgsql as $$
    begin
      update legal_case set deadline_inputs_version = deadline_inputs_version + 1
       where id in (select legal_case_id from legal_case_party where person_id = new.id);
      return null;
    end $$`.execute(db);
  await sql`create trigger deadline_inputs_person_changed after update on person for each row
    when (old.age_band is distinct from new.age_band
       or old.birth_year_estimate is distinct from new.birth_year_estimate
       or old.created_at is distinct from new.created_at)
    execute function deadline_inputs_person_changed()`.execute(db);

  // A victim's sealed identity holds the birth date the child rules read. Any write counts (the
  // sweep cannot see inside the ciphertext): a key rotation re-evaluates the victims' cases once.
  for (const operation of ['insert', 'update', 'delete'] as const) {
    const name = `deadline_inputs_identity_${operation}d`;
    const changed =
      operation === 'insert'
        ? sql`select person_id from new_rows`
        : operation === 'delete'
          ? sql`select person_id from old_rows`
          : sql`select person_id from new_rows union select person_id from old_rows`;
    const transition =
      operation === 'insert'
        ? sql`new table as new_rows`
        : operation === 'delete'
          ? sql`old table as old_rows`
          : sql`old table as old_rows new table as new_rows`;
    await sql`create function ${sql.raw(name)}() returns trigger language plpgsql as $$
      begin
        update legal_case set deadline_inputs_version = deadline_inputs_version + 1
         where id in (select legal_case_id from legal_case_party
                       where role = 'victim' and person_id in (${changed}));
        return null;
      end $$`.execute(db);
    await sql`create trigger ${sql.raw(name)} after ${sql.raw(operation)} on person_identity
      referencing ${transition} for each statement execute function ${sql.raw(name)}()`.execute(db);
  }

  // The police station's name is part of the case code stored on obligations and alerts.
  await sql`create function deadline_inputs_station_renamed() returns trigger language plpgsql as $$
    begin
      update legal_case set deadline_inputs_version = deadline_inputs_version + 1
       where fir_police_station_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger deadline_inputs_station_renamed after update on organisation for each row
    when (old.name is distinct from new.name)
    execute function deadline_inputs_station_renamed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger deadline_inputs_station_renamed on organisation`.execute(db);
  await sql`drop function deadline_inputs_station_renamed`.execute(db);
  for (const operation of ['insert', 'update', 'delete']) {
    await sql`drop trigger ${sql.raw(`deadline_inputs_identity_${operation}d`)} on person_identity`.execute(
      db,
    );
    await sql`drop function ${sql.raw(`deadline_inputs_identity_${operation}d`)}`.execute(db);
  }
  await sql`drop trigger deadline_inputs_person_changed on person`.execute(db);
  await sql`drop function deadline_inputs_person_changed`.execute(db);
  for (const table of ['legal_case_event', 'legal_case_party']) {
    for (const operation of ['insert', 'update', 'delete']) {
      const name = `deadline_inputs_${table}_${operation}d`;
      await sql`drop trigger ${sql.raw(name)} on ${sql.raw(table)}`.execute(db);
      await sql`drop function ${sql.raw(name)}`.execute(db);
    }
  }
  await sql`drop trigger deadline_inputs_case_changed on legal_case`.execute(db);
  await sql`drop function deadline_inputs_case_changed`.execute(db);
  await sql`drop table deadline_sweep_pack`.execute(db);
  await sql`alter table legal_case drop column deadline_inputs_version,
    drop column deadline_swept_version, drop column deadline_next_change_at,
    drop column deadline_evaluated_at`.execute(db);
}
