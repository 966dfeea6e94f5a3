import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the first sweep: an insert on `obligation` only adds obligations, so the rows of
 * `satisfied_deadline` it changes are those of the (case, satisfying event) pairs its new rows
 * name. When no such pair is stored yet (a programme's first sweep, a case's first deadlines, an
 * event satisfying deadlines for the first time), the pair's row is exactly the new rows'
 * aggregate: written from the transition table alone, with no read of the case's obligations
 * and no delete (0034t read back every inserted case's obligations, case by case, and deleted
 * its rows before writing them again). A case one of whose new pairs is stored already (an
 * upsert adding an obligation a stored event satisfies) is rebuilt from `obligation` as before.
 * Updates and deletes are unchanged.
 */

const SATISFYING_EVENT = `explanation -> 'satisfyingEvent' ->> 'id'`;

/** As 0034t: the cases rebuilt case by case through their index. */
const rebuildByCase = `
    delete from satisfied_deadline where ctid = any (array(
      select stored.ctid from unnest(cases) as changed(id)
        cross join lateral (select ctid from satisfied_deadline
          where legal_case_id = changed.id offset 0) stored));
    insert into satisfied_deadline (legal_case_id, event_id, on_time, deadlines)
    select o.case_id, o.event_id, bool_and(o.status = 'met'),
           jsonb_agg(jsonb_build_object('rule', o.rule, 'subject', o.subject, 'status', o.status)
                     order by o.rule, o.subject)
      from unnest(cases) as changed(id)
      cross join lateral (
        select case_id, ${SATISFYING_EVENT} as event_id, status, rule, subject
          from obligation
         where case_type = 'legal_case' and case_id = changed.id
           and ${SATISFYING_EVENT} is not null
        offset 0) o
     group by o.case_id, o.event_id
    on conflict (legal_case_id, event_id)
      do update set on_time = excluded.on_time, deadlines = excluded.deadlines`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The probe of `satisfied_deadline` is an `exists` that `offset 0` keeps a subplan: one index
  // look-up a new row, whatever the statistics (a semi-join planned on the statistics of an
  // empty table could scan the whole table once a batch, as 0034t found of the rebuild).
  await sql`create or replace function satisfied_deadline_inserted() returns trigger
    language plpgsql as $$
      declare
        cases uuid[];
      begin
        select array_agg(distinct n.case_id) into cases
          from new_rows n
         where n.case_type = 'legal_case' and n.${sql.raw(SATISFYING_EVENT)} is not null
           and exists (select 1 from satisfied_deadline stored
                        where stored.legal_case_id = n.case_id
                          and stored.event_id = n.${sql.raw(SATISFYING_EVENT)}
                        offset 0);
        if cases is not null then
          ${sql.raw(rebuildByCase)};
        end if;
        insert into satisfied_deadline (legal_case_id, event_id, on_time, deadlines)
        select n.case_id, n.event_id, bool_and(n.status = 'met'),
               jsonb_agg(jsonb_build_object('rule', n.rule, 'subject', n.subject,
                                            'status', n.status)
                         order by n.rule, n.subject)
          from (select case_id, ${sql.raw(SATISFYING_EVENT)} as event_id, status, rule, subject
                  from new_rows
                 where case_type = 'legal_case') n
         where n.event_id is not null
           and (cases is null or n.case_id <> all(cases))
         group by n.case_id, n.event_id
        on conflict (legal_case_id, event_id)
          do update set on_time = excluded.on_time, deadlines = excluded.deadlines;
        return null;
      end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function satisfied_deadline_inserted() returns trigger
    language plpgsql as $$
      declare
        cases uuid[];
      begin
        select array_agg(distinct case_id) into cases
          from (select o.case_id from new_rows o
                 where o.case_type = 'legal_case' and o.${sql.raw(SATISFYING_EVENT)} is not null) c;
        if cases is not null then
          ${sql.raw(rebuildByCase)};
        end if;
        return null;
      end $$`.execute(db);
}
