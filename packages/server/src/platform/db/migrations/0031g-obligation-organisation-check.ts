import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the first sweep: `obligation.organisation_id` was a foreign key, checked by a trigger
 * for each row written (14 % of the time of inserting a batch's 5,500 obligations, in EXPLAIN
 * ANALYZE). The same rule is now checked once per statement, from the rows the statement wrote
 * (a transition table): the organisations they name are locked as a foreign key locks them
 * (`for key share`, so none can be deleted before the writer commits) and a row naming none is
 * refused with the same error class (23503). The other side of the key, an organisation still
 * named by an obligation, is refused deletion or a new id by a row trigger on `organisation`,
 * which is written rarely.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table obligation drop constraint if exists obligation_organisation_id_fkey`.execute(
    db,
  );
  await sql`create or replace function obligation_organisation_exists() returns trigger
    language plpgsql as $$
    begin
      perform 1 from organisation
        where organisation.id in (select distinct organisation_id from new_rows)
        for key share;
      if exists (select 1 from new_rows where not exists (
          select 1 from organisation where organisation.id = new_rows.organisation_id)) then
        raise foreign_key_violation using
          message = 'an obligation names an organisation that does not exist';
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger obligation_organisation_inserted after insert on obligation
    referencing new table as new_rows
    for each statement execute function obligation_organisation_exists()`.execute(db);
  await sql`create trigger obligation_organisation_updated after update on obligation
    referencing new table as new_rows
    for each statement execute function obligation_organisation_exists()`.execute(db);
  await sql`create or replace function organisation_obligations_restrict() returns trigger
    language plpgsql as $$
    begin
      if exists (select 1 from obligation where obligation.organisation_id = old.id) then
        raise foreign_key_violation using
          message = 'the organisation is still named by obligations';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$`.execute(db);
  await sql`create trigger organisation_obligations_restrict
    before delete or update of id on organisation
    for each row execute function organisation_obligations_restrict()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists organisation_obligations_restrict on organisation`.execute(db);
  await sql`drop function if exists organisation_obligations_restrict()`.execute(db);
  await sql`drop trigger if exists obligation_organisation_updated on obligation`.execute(db);
  await sql`drop trigger if exists obligation_organisation_inserted on obligation`.execute(db);
  await sql`drop function if exists obligation_organisation_exists()`.execute(db);
  await sql`alter table obligation add constraint obligation_organisation_id_fkey
    foreign key (organisation_id) references organisation (id)`.execute(db);
}
