import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, recording an event: the event's statement (`writeEventAndDerived`) updates its case's
 * derived columns, and the statement-level trigger of the event insert (0029g) then updated the
 * same row again to bump `deadline_inputs_version`: two row versions of `legal_case` for each
 * event, neither a HOT update (the version is in `legal_case_deadline_stale_idx`'s predicate), so
 * every index of the case written twice. The recording statement now bumps the version in its own
 * update and says so for its event: it sets the transaction-local `dawn.inputs_bumped_by_event`
 * to the event's id, and the trigger leaves out the case of that one event. Every other insert of
 * events, by any writer, in any transaction (a later statement of the same one included: event ids
 * are never reused), bumps its cases as before. Same versions, one row version fewer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function deadline_inputs_legal_case_event_insertd() returns trigger
    language plpgsql as $$
        declare
          bumped uuid := nullif(current_setting('dawn.inputs_bumped_by_event', true), '')::uuid;
        begin
          if bumped is null or exists (select 1 from new_rows where id <> bumped) then
            update legal_case set deadline_inputs_version = deadline_inputs_version + 1
             where id in (select legal_case_id from new_rows where id is distinct from bumped);
          end if;
          return null;
        end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function deadline_inputs_legal_case_event_insertd() returns trigger
    language plpgsql as $$
        begin
          update legal_case set deadline_inputs_version = deadline_inputs_version + 1
           where id in (select legal_case_id from new_rows);
          return null;
        end $$`.execute(db);
}
