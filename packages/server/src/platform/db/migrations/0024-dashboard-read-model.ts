import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * The dashboard's read model (issue 14: under 300 ms at 200,000 cases and 5,000,000 events).
 * The plain queries read every event of a type for every case in scope; these tables hold what
 * they compute, kept in the transaction that changes it by triggers (so every writer, the CLI
 * and imports included, keeps them true, on PGlite and PostgreSQL alike):
 *
 * - `dashboard_legal_case`: one row per legal case with its milestones in effect (first FIR,
 *   first chargesheet, first judgment) and the case's filters, indexed by each milestone's date.
 * - `dashboard_legal_day`: per India day and (organisation, police station, court), the court
 *   counts (default bail, hearings held / adjourned, verdicts, appeals) of the events in effect.
 * - `dashboard_deadline_day`: per India day due, rule and the same filters, deadlines met on time
 *   and met late or overdue.
 * - indexes on compensation claims' dates, so the compensation figures read only the claims with
 *   a step in the period.
 *
 * An event corrected away (superseded) leaves the counts in the statement that supersedes it.
 * Changing a case's organisation, police station or court moves its counts with it.
 */

/** The court counts one event contributes, as `name = expression` over an event row `e`. */
const COUNTS = {
  default_bail: sql`(e.type = 'accused.bailed' and e.data->>'kind' = 'default')::int`,
  hearings_held: sql`(e.type = 'court.hearing' and coalesce((e.data->>'adjourned')::boolean, false) = false)::int`,
  hearings_adjourned: sql`(e.type = 'court.hearing' and coalesce((e.data->>'adjourned')::boolean, false))::int`,
  convicted: sql`case when e.type = 'court.judgment' then (select count(*) from jsonb_array_elements(coalesce(e.data->'verdicts', '[]'::jsonb)) verdict where verdict->>'verdict' = 'convicted')::int else 0 end`,
  acquitted: sql`case when e.type = 'court.judgment' then (select count(*) from jsonb_array_elements(coalesce(e.data->'verdicts', '[]'::jsonb)) verdict where verdict->>'verdict' = 'acquitted')::int else 0 end`,
  appeals_filed: sql`(e.type = 'appeal.filed')::int`,
  appeals_decided: sql`(e.type = 'appeal.decided')::int`,
};
const COUNT_NAMES = Object.keys(COUNTS);
const COUNTED_TYPES = sql.raw(
  `'accused.bailed', 'court.hearing', 'court.judgment', 'appeal.filed', 'appeal.decided'`,
);
const MILESTONE_TYPES = sql.raw(`'fir.registered', 'chargesheet.filed', 'court.judgment'`);
const INDIA_DAY = (column: string) => sql.raw(`(${column} at time zone 'Asia/Kolkata')::date`);

/**
 * Adds signed court counts to the daily table. `changes` yields (legal_case_id, sign, e.*):
 * one row per event entering (+1) or leaving (-1) the counts; the case's filters are read from
 * `dims` (`legal_case` now, or the case's old filters when it moves). Ordered by key so two
 * transactions lock the rows they share in the same order.
 */
const addCounts = (changes: RawBuilder<unknown>, dims: RawBuilder<unknown>) => sql`
  insert into dashboard_legal_day (day, organisation_id, police_station_id, court_id, ${sql.raw(COUNT_NAMES.join(', '))})
  select ${INDIA_DAY('e.occurred_at')}, dims.organisation_id, dims.fir_police_station_id, dims.court_id,
         ${sql.join(
           Object.values(COUNTS).map((expression) => sql`sum(e.sign * ${expression})`),
           sql`, `,
         )}
    from (${changes}) e join (${dims}) dims on dims.id = e.legal_case_id
   group by 1, 2, 3, 4
  having ${sql.join(
    Object.values(COUNTS).map((expression) => sql`sum(e.sign * ${expression}) <> 0`),
    sql` or `,
  )}
   order by 1, 2, 3, 4
  on conflict (day, organisation_id, police_station_id, court_id) do update set
    ${sql.raw(COUNT_NAMES.map((name) => `${name} = dashboard_legal_day.${name} + excluded.${name}`).join(', '))}`;

/** Adds signed deadline results (rows of obligation columns and `sign`) to the daily table. */
const addDeadlines = (changes: RawBuilder<unknown>, dims: RawBuilder<unknown>) => sql`
  insert into dashboard_deadline_day (day, rule, organisation_id, police_station_id, court_id, on_time, late)
  select ${INDIA_DAY('o.due_at')}, o.rule, dims.organisation_id, dims.fir_police_station_id, dims.court_id,
         sum(o.sign * (o.status = 'met')::int), sum(o.sign * (o.status in ('met_late', 'overdue'))::int)
    from (${changes}) o join (${dims}) dims on dims.id = o.case_id
   where o.case_type = 'legal_case' and o.status in ('met', 'met_late', 'overdue')
   group by 1, 2, 3, 4, 5
  having sum(o.sign * (o.status = 'met')::int) <> 0
      or sum(o.sign * (o.status in ('met_late', 'overdue'))::int) <> 0
   order by 1, 2, 3, 4, 5
  on conflict (day, rule, organisation_id, police_station_id, court_id) do update set
    on_time = dashboard_deadline_day.on_time + excluded.on_time,
    late = dashboard_deadline_day.late + excluded.late`;

const CURRENT_DIMS = sql`select id, organisation_id, fir_police_station_id, court_id from legal_case`;

/** Rewrites the milestone rows of the cases `affected` (a query of legal_case_id) from their events. */
const refreshMilestones = (affected: RawBuilder<unknown>) => sql`
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
       where e.legal_case_id in (${affected}) and e.type in (${MILESTONE_TYPES})
         and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)
       group by e.legal_case_id) milestone on milestone.legal_case_id = legal_case.id
   where legal_case.id in (${affected})
   order by legal_case.id
  on conflict (legal_case_id) do update set
    organisation_id = excluded.organisation_id, police_station_id = excluded.police_station_id,
    court_id = excluded.court_id, fir_at = excluded.fir_at,
    chargesheet_at = excluded.chargesheet_at, judgment_at = excluded.judgment_at`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table dashboard_legal_case (
    legal_case_id uuid primary key references legal_case (id) on delete cascade,
    organisation_id uuid not null,
    police_station_id uuid,
    court_id uuid,
    fir_at timestamptz,
    chargesheet_at timestamptz,
    judgment_at timestamptz
  )`.execute(db);
  for (const milestone of ['chargesheet_at', 'judgment_at']) {
    for (const filter of ['organisation_id', 'police_station_id', 'court_id']) {
      await sql`create index ${sql.raw(`dashboard_legal_case_${filter}_${milestone}_idx`)}
        on dashboard_legal_case (${sql.raw(filter)}, ${sql.raw(milestone)}) include (fir_at)
        where ${sql.raw(milestone)} is not null`.execute(db);
    }
  }

  await sql`create table dashboard_legal_day (
    day date not null,
    organisation_id uuid not null,
    police_station_id uuid,
    court_id uuid,
    ${sql.raw(COUNT_NAMES.map((name) => `${name} integer not null default 0`).join(',\n    '))}
  )`.execute(db);
  await sql`create unique index dashboard_legal_day_key
    on dashboard_legal_day (day, organisation_id, police_station_id, court_id) nulls not distinct`.execute(
    db,
  );
  await sql`create index dashboard_legal_day_organisation_idx
    on dashboard_legal_day (organisation_id, day)`.execute(db);

  await sql`create table dashboard_deadline_day (
    day date not null,
    rule text not null,
    organisation_id uuid not null,
    police_station_id uuid,
    court_id uuid,
    on_time integer not null default 0,
    late integer not null default 0
  )`.execute(db);
  await sql`create unique index dashboard_deadline_day_key
    on dashboard_deadline_day (day, rule, organisation_id, police_station_id, court_id) nulls not distinct`.execute(
    db,
  );
  await sql`create index dashboard_deadline_day_organisation_idx
    on dashboard_deadline_day (organisation_id, day)`.execute(db);

  // Compensation claims with a step in the period, found by each step's date.
  for (const step of ['applied_at', 'awarded_at', 'disbursed_at']) {
    await sql`create index ${sql.raw(`compensation_claim_${step}_idx`)}
      on compensation_claim (${sql.raw(step)}) where ${sql.raw(step)} is not null`.execute(db);
  }

  // Events: append-only, so one statement-level trigger on insert sees every change, a bulk load
  // as one set. An event counts while nothing supersedes it.
  await sql`create function dashboard_events_recorded() returns trigger language plpgsql as $$
    begin
      ${refreshMilestones(sql`select legal_case_id from inserted
        where type in (${MILESTONE_TYPES}) or supersedes_id is not null`)};
      ${addCounts(
        sql`select e.*, 1 as sign from inserted e
             where e.type in (${COUNTED_TYPES})
               and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)
            union all
            select e.*, -1 as sign from legal_case_event e
             where e.id in (select supersedes_id from inserted where supersedes_id is not null)
               and e.type in (${COUNTED_TYPES})
               and not exists (select 1 from inserted same where same.id = e.id)
               and not exists (select 1 from legal_case_event earlier
                                where earlier.supersedes_id = e.id
                                  and not exists (select 1 from inserted same where same.id = earlier.id))`,
        CURRENT_DIMS,
      )};
      return null;
    end $$`.execute(db);
  await sql`create trigger dashboard_events_recorded after insert on legal_case_event
    referencing new table as inserted for each statement
    execute function dashboard_events_recorded()`.execute(db);

  // Obligations are rewritten by the deadline sync and the sweep: old rows out, new rows in.
  const obligationTrigger = async (operation: 'insert' | 'update' | 'delete') => {
    const parts = [
      ...(operation === 'insert' ? [] : [sql`select o.*, -1 as sign from old_rows o`]),
      ...(operation === 'delete' ? [] : [sql`select o.*, 1 as sign from new_rows o`]),
    ];
    const transition =
      operation === 'insert'
        ? sql`new table as new_rows`
        : operation === 'delete'
          ? sql`old table as old_rows`
          : sql`old table as old_rows new table as new_rows`;
    await sql`create function ${sql.raw(`dashboard_obligations_${operation}d`)}() returns trigger language plpgsql as $$
      begin
        ${addDeadlines(sql.join(parts, sql` union all `), CURRENT_DIMS)};
        return null;
      end $$`.execute(db);
    await sql`create trigger ${sql.raw(`dashboard_obligations_${operation}d`)}
      after ${sql.raw(operation)} on obligation referencing ${transition} for each statement
      execute function ${sql.raw(`dashboard_obligations_${operation}d`)}()`.execute(db);
  };
  await obligationTrigger('insert');
  await obligationTrigger('update');
  await obligationTrigger('delete');

  // A case moved to another organisation, police station or court takes its counts along.
  const effectiveOfCase = (sign: '1' | '-1') => sql`
    select e.*, ${sql.raw(sign)} as sign from legal_case_event e
     where e.legal_case_id = new.id and e.type in (${COUNTED_TYPES})
       and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)`;
  const obligationsOfCase = (sign: '1' | '-1') => sql`
    select o.*, ${sql.raw(sign)} as sign from obligation o
     where o.case_type = 'legal_case' and o.case_id = new.id`;
  const oldDims = sql`select old.id, old.organisation_id, old.fir_police_station_id, old.court_id`;
  const newDims = sql`select new.id, new.organisation_id, new.fir_police_station_id, new.court_id`;
  await sql`create function dashboard_legal_case_moved() returns trigger language plpgsql as $$
    begin
      update dashboard_legal_case set organisation_id = new.organisation_id,
             police_station_id = new.fir_police_station_id, court_id = new.court_id
       where legal_case_id = new.id;
      ${addCounts(effectiveOfCase('-1'), oldDims)};
      ${addCounts(effectiveOfCase('1'), newDims)};
      ${addDeadlines(obligationsOfCase('-1'), oldDims)};
      ${addDeadlines(obligationsOfCase('1'), newDims)};
      return null;
    end $$`.execute(db);
  await sql`create trigger dashboard_legal_case_moved after update on legal_case for each row
    when (old.organisation_id is distinct from new.organisation_id
       or old.fir_police_station_id is distinct from new.fir_police_station_id
       or old.court_id is distinct from new.court_id)
    execute function dashboard_legal_case_moved()`.execute(db);

  // Backfill from what is already recorded.
  await sql`${refreshMilestones(sql`select distinct legal_case_id from legal_case_event`)}`.execute(
    db,
  );
  await sql`${addCounts(
    sql`select e.*, 1 as sign from legal_case_event e
         where e.type in (${COUNTED_TYPES})
           and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)`,
    CURRENT_DIMS,
  )}`.execute(db);
  await sql`${addDeadlines(sql`select o.*, 1 as sign from obligation o`, CURRENT_DIMS)}`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger dashboard_legal_case_moved on legal_case`.execute(db);
  await sql`drop function dashboard_legal_case_moved`.execute(db);
  for (const operation of ['insert', 'update', 'delete']) {
    await sql`drop trigger ${sql.raw(`dashboard_obligations_${operation}d`)} on obligation`.execute(
      db,
    );
    await sql`drop function ${sql.raw(`dashboard_obligations_${operation}d`)}`.execute(db);
  }
  await sql`drop trigger dashboard_events_recorded on legal_case_event`.execute(db);
  await sql`drop function dashboard_events_recorded`.execute(db);
  for (const step of ['applied_at', 'awarded_at', 'disbursed_at']) {
    await sql`drop index ${sql.raw(`compensation_claim_${step}_idx`)}`.execute(db);
  }
  await sql`drop table dashboard_deadline_day`.execute(db);
  await sql`drop table dashboard_legal_day`.execute(db);
  await sql`drop table dashboard_legal_case`.execute(db);
}
