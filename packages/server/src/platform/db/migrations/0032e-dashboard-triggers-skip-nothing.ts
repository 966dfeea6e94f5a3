import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, recording an event: the dashboard's read-model triggers ran their statements whatever
 * the rows written. An event that is not a milestone (a hearing, a remand, most of a timeline)
 * still ran the milestone upsert, and a write of obligations none of which is met or overdue (or
 * of events none of which is counted) still ran the counters' fold, each a plan of twenty to
 * forty nodes started and ended for nothing. Timed in a PostgreSQL procedure, one hearing a
 * transaction, the triggers were most of an event insert's cost (docs/performance.md).
 *
 * Each statement now runs only when its own condition finds a row in the transition table: the
 * condition its rows already filtered on, so what is written is the same. The statements are
 * 0031a's, copied as they stand; `down` puts them back without the conditions.
 */

const MILESTONE_TYPES = `'fir.registered', 'chargesheet.filed', 'court.judgment'`;
const COUNTED_TYPES = `'accused.bailed', 'court.hearing', 'court.judgment', 'appeal.filed', 'appeal.decided'`;
const COUNTED_STATUSES = `'met', 'met_late', 'overdue'`;

const REFRESH_MILESTONES = `
  insert into dashboard_legal_case
    (legal_case_id, organisation_id, police_station_id, court_id, fir_at, chargesheet_at, judgment_at)
  select legal_case.id, legal_case.organisation_id, legal_case.fir_police_station_id, legal_case.court_id,
         milestone.fir_at, milestone.chargesheet_at, milestone.judgment_at
    from legal_case
    left join (
      select e.legal_case_id,
             min(e.occurred_at) filter (where e.type = 'fir.registered') as fir_at,
             min(e.occurred_at) filter (where e.type = 'chargesheet.filed') as chargesheet_at,
             min(e.occurred_at) filter (where e.type = 'court.judgment') as judgment_at
        from legal_case_event e
       where e.legal_case_id in (select legal_case_id from inserted
        where type in (${MILESTONE_TYPES}) or supersedes_id is not null) and e.type in (${MILESTONE_TYPES})
         and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)
       group by e.legal_case_id) milestone on milestone.legal_case_id = legal_case.id
   where legal_case.id in (select legal_case_id from inserted
        where type in (${MILESTONE_TYPES}) or supersedes_id is not null)
   order by legal_case.id
  on conflict (legal_case_id) do update set
    organisation_id = excluded.organisation_id, police_station_id = excluded.police_station_id,
    court_id = excluded.court_id, fir_at = excluded.fir_at,
    chargesheet_at = excluded.chargesheet_at, judgment_at = excluded.judgment_at`;

const COUNT = {
  default_bail: `(e.type = 'accused.bailed' and e.data->>'kind' = 'default')::int`,
  hearings_held: `(e.type = 'court.hearing' and coalesce((e.data->>'adjourned')::boolean, false) = false)::int`,
  hearings_adjourned: `(e.type = 'court.hearing' and coalesce((e.data->>'adjourned')::boolean, false))::int`,
  convicted: `case when e.type = 'court.judgment' then (select count(*) from jsonb_array_elements(coalesce(e.data->'verdicts', '[]'::jsonb)) verdict where verdict->>'verdict' = 'convicted')::int else 0 end`,
  acquitted: `case when e.type = 'court.judgment' then (select count(*) from jsonb_array_elements(coalesce(e.data->'verdicts', '[]'::jsonb)) verdict where verdict->>'verdict' = 'acquitted')::int else 0 end`,
  appeals_filed: `(e.type = 'appeal.filed')::int`,
  appeals_decided: `(e.type = 'appeal.decided')::int`,
};
const COUNT_NAMES = Object.keys(COUNT) as (keyof typeof COUNT)[];

const ADD_COUNTS = `
    with delta as materialized (
      select (e.occurred_at at time zone 'Asia/Kolkata')::date as day, dims.organisation_id,
             dims.fir_police_station_id as police_station_id, dims.court_id,
             ${COUNT_NAMES.map((name) => `sum(e.sign * ${COUNT[name]}) as ${name}`).join(', ')}
        from (select e.*, 1 as sign from inserted e
             where e.type in (${COUNTED_TYPES})
               and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)
            union all
            select e.*, -1 as sign from legal_case_event e
             where e.id in (select supersedes_id from inserted where supersedes_id is not null)
               and e.type in (${COUNTED_TYPES})
               and not exists (select 1 from inserted same where same.id = e.id)
               and not exists (select 1 from legal_case_event earlier
                                where earlier.supersedes_id = e.id
                                  and not exists (select 1 from inserted same where same.id = earlier.id))) e join (select id, organisation_id, fir_police_station_id, court_id from legal_case) dims on dims.id = e.legal_case_id
       group by 1, 2, 3, 4
      having ${COUNT_NAMES.map((name) => `sum(e.sign * ${COUNT[name]}) <> 0`).join(' or ')}),
    locked as materialized (
      select counter.ctid as row_id from dashboard_legal_day counter join delta on counter.day = delta.day and counter.organisation_id = delta.organisation_id and counter.police_station_id is not distinct from delta.police_station_id and counter.court_id is not distinct from delta.court_id
         for update of counter skip locked),
    folded as (
      delete from dashboard_legal_day counter where counter.ctid = any (array(select row_id from locked))
      returning counter.day, counter.organisation_id, counter.police_station_id, counter.court_id, ${COUNT_NAMES.map((name) => `counter.${name}`).join(', ')})
    insert into dashboard_legal_day (day, organisation_id, police_station_id, court_id, ${COUNT_NAMES.join(', ')})
    select day, organisation_id, police_station_id, court_id, ${COUNT_NAMES.map((name) => `sum(${name})`).join(', ')}
      from (select * from delta union all select * from folded) together
     group by day, organisation_id, police_station_id, court_id
    having ${COUNT_NAMES.map((name) => `sum(${name}) <> 0`).join(' or ')}`;

type Operation = 'insert' | 'update' | 'delete';
const OPERATIONS: Operation[] = ['insert', 'update', 'delete'];

/** The transition tables of an obligation trigger. */
const transitionTables = (operation: Operation) => [
  ...(operation === 'insert' ? [] : ['old_rows']),
  ...(operation === 'delete' ? [] : ['new_rows']),
];

const addDeadlines = (operation: Operation) => `
    with delta as materialized (
      select (o.due_at at time zone 'Asia/Kolkata')::date as day, o.rule, dims.organisation_id,
             dims.fir_police_station_id as police_station_id, dims.court_id,
             sum(o.sign * (o.status = 'met')::int) as on_time,
             sum(o.sign * (o.status in ('met_late', 'overdue'))::int) as late
        from (${transitionTables(operation)
          .map(
            (table) => `select o.*, ${table === 'old_rows' ? '-1' : '1'} as sign from ${table} o`,
          )
          .join(
            ' union all ',
          )}) o join (select id, organisation_id, fir_police_station_id, court_id from legal_case) dims on dims.id = o.case_id
       where o.case_type = 'legal_case' and o.status in (${COUNTED_STATUSES})
       group by 1, 2, 3, 4, 5
      having sum(o.sign * (o.status = 'met')::int) <> 0
          or sum(o.sign * (o.status in ('met_late', 'overdue'))::int) <> 0),
    locked as materialized (
      select counter.ctid as row_id from dashboard_deadline_day counter join delta on counter.day = delta.day and counter.rule = delta.rule and counter.organisation_id = delta.organisation_id and counter.police_station_id is not distinct from delta.police_station_id and counter.court_id is not distinct from delta.court_id
         for update of counter skip locked),
    folded as (
      delete from dashboard_deadline_day counter where counter.ctid = any (array(select row_id from locked))
      returning counter.day, counter.rule, counter.organisation_id, counter.police_station_id, counter.court_id, counter.on_time, counter.late)
    insert into dashboard_deadline_day (day, rule, organisation_id, police_station_id, court_id, on_time, late)
    select day, rule, organisation_id, police_station_id, court_id, sum(on_time), sum(late)
      from (select * from delta union all select * from folded) together
     group by day, rule, organisation_id, police_station_id, court_id
    having sum(on_time) <> 0 or sum(late) <> 0`;

/** `statement`, run only when `condition` holds (always, without one). */
const when = (condition: string | undefined, statement: string) =>
  condition === undefined ? `${statement};` : `if ${condition} then ${statement}; end if;`;

async function replaceFunctions(db: Kysely<unknown>, guarded: boolean): Promise<void> {
  const milestoneRows = `exists (select 1 from inserted
        where type in (${MILESTONE_TYPES}) or supersedes_id is not null)`;
  // A counted event, or a correction (which may take back a counted event it supersedes).
  const countedRows = `exists (select 1 from inserted
        where type in (${COUNTED_TYPES}) or supersedes_id is not null)`;
  await sql`create or replace function dashboard_events_recorded() returns trigger language plpgsql as $$
    begin
      ${sql.raw(when(guarded ? milestoneRows : undefined, REFRESH_MILESTONES))}
      ${sql.raw(when(guarded ? countedRows : undefined, ADD_COUNTS))}
      return null;
    end $$`.execute(db);
  for (const operation of OPERATIONS) {
    // Only met, late and overdue legal-case obligations are counted, before or after the change.
    const countedObligations = transitionTables(operation)
      .map(
        (table) => `exists (select 1 from ${table} o
          where o.case_type = 'legal_case' and o.status in (${COUNTED_STATUSES}))`,
      )
      .join(' or ');
    await sql`create or replace function ${sql.raw(`dashboard_obligations_${operation}d`)}() returns trigger language plpgsql as $$
      begin
        ${sql.raw(when(guarded ? countedObligations : undefined, addDeadlines(operation)))}
        return null;
      end $$`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, false);
}
