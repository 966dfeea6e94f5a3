import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the first sweep: `webhook_event_once.organisation_id` was a foreign key, checked by a
 * trigger for each key written. A programme's first sweep records the key of every overdue
 * obligation (27,000 for 3,000 bench cases), and the key's check was 45 % of that insert's
 * PostgreSQL CPU (370-380 ms against 200-240 ms without it, 27,000 keys). As migration 0031g did
 * for `obligation`, the rule is now checked once per statement from the rows it wrote (a
 * transition table): the organisations they name are locked as a foreign key locks them
 * (`for key share`, so none can be deleted before the writer commits) and a row naming none is
 * refused with the same error class (23503). An organisation still named by a key is refused
 * deletion or a new id by a row trigger on `organisation`, which is written rarely. The keys are
 * only ever inserted (`on conflict do nothing`), never updated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_event_once
    drop constraint if exists webhook_event_once_organisation_id_fkey`.execute(db);
  await sql`create or replace function webhook_event_organisation_exists() returns trigger
    language plpgsql as $$
    begin
      perform 1 from organisation
        where organisation.id in (select distinct organisation_id from new_rows)
        for key share;
      if exists (select 1 from new_rows where not exists (
          select 1 from organisation where organisation.id = new_rows.organisation_id)) then
        raise foreign_key_violation using
          message = 'a webhook event names an organisation that does not exist';
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger webhook_event_organisation_inserted after insert on webhook_event_once
    referencing new table as new_rows
    for each statement execute function webhook_event_organisation_exists()`.execute(db);
  await sql`create trigger webhook_event_organisation_updated after update on webhook_event_once
    referencing new table as new_rows
    for each statement execute function webhook_event_organisation_exists()`.execute(db);
  await sql`create or replace function organisation_webhook_events_restrict() returns trigger
    language plpgsql as $$
    begin
      if exists (select 1 from webhook_event_once
          where webhook_event_once.organisation_id = old.id) then
        raise foreign_key_violation using
          message = 'the organisation is still named by webhook events';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$`.execute(db);
  await sql`create trigger organisation_webhook_events_restrict
    before delete or update of id on organisation
    for each row execute function organisation_webhook_events_restrict()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists organisation_webhook_events_restrict on organisation`.execute(
    db,
  );
  await sql`drop function if exists organisation_webhook_events_restrict()`.execute(db);
  await sql`drop trigger if exists webhook_event_organisation_updated on webhook_event_once`.execute(
    db,
  );
  await sql`drop trigger if exists webhook_event_organisation_inserted on webhook_event_once`.execute(
    db,
  );
  await sql`drop function if exists webhook_event_organisation_exists()`.execute(db);
  await sql`alter table webhook_event_once add constraint webhook_event_once_organisation_id_fkey
    foreign key (organisation_id) references organisation (id)`.execute(db);
}
