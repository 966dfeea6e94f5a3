import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Issue 14, the dashboard at full size: FIR to chargesheet and FIR to verdict read one milestone
 * row per case completed in the period (73,000 index entries for a year at 200,000 cases) and
 * sorted them on every request. The dashboard counts these durations in whole calendar days in
 * India (the chargesheet's or verdict's date minus the FIR's date, as a reader and the 60/90-day
 * rule count them), so counts per (milestone, India day completed, place, days) hold everything
 * the figures need: the median and 90th percentile follow exactly from the cumulative counts, and
 * the shares within 60 and 90 days are sums.
 *
 * Kept from `dashboard_legal_case` (whose rows the triggers of 0024 rewrite when a milestone is
 * recorded or corrected, or a case moves): statement-level triggers on it subtract the old rows'
 * counts and add the new rows', so every writer keeps the counts true, on PGlite and PostgreSQL.
 */

/** The milestones counted, as (name, column of dashboard_legal_case). */
const MILESTONES = [
  ['chargesheet', 'chargesheet_at'],
  ['judgment', 'judgment_at'],
] as const;

const INDIA_DAY = (column: string) => sql.raw(`(${column} at time zone 'Asia/Kolkata')::date`);

/**
 * Adds signed counts to the table. `changes` yields dashboard_legal_case rows with a `sign`;
 * ordered by key so two transactions lock the rows they share in the same order.
 */
const addIntervals = (changes: RawBuilder<unknown>) => sql`
  insert into dashboard_interval_day
    (milestone, day, organisation_id, police_station_id, court_id, days, cases)
  select completed.milestone, completed.day, completed.organisation_id,
         completed.police_station_id, completed.court_id, completed.days, sum(completed.sign)
    from (${sql.join(
      MILESTONES.map(
        ([name, column]) => sql`
          select ${sql.lit(name)} as milestone, ${INDIA_DAY(`m.${column}`)} as day,
                 m.organisation_id, m.police_station_id, m.court_id,
                 ${INDIA_DAY(`m.${column}`)} - ${INDIA_DAY('m.fir_at')} as days, m.sign
            from (${changes}) m
           where m.fir_at is not null and ${sql.ref(`m.${column}`)} is not null`,
      ),
      sql` union all `,
    )}) completed
   group by 1, 2, 3, 4, 5, 6
  having sum(completed.sign) <> 0
   order by 1, 2, 3, 4, 5, 6
  on conflict (milestone, day, organisation_id, police_station_id, court_id, days) do update set
    cases = dashboard_interval_day.cases + excluded.cases`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table dashboard_interval_day (
    milestone text not null check (milestone in ('chargesheet', 'judgment')),
    day date not null,
    organisation_id uuid not null,
    police_station_id uuid,
    court_id uuid,
    days integer not null,
    cases integer not null
  )`.execute(db);
  await sql`create unique index dashboard_interval_day_key
    on dashboard_interval_day (milestone, day, organisation_id, police_station_id, court_id, days)
    nulls not distinct`.execute(db);
  // One index per filter, read as a range of days; the counts are in the index (index-only).
  for (const filter of ['organisation_id', 'police_station_id', 'court_id']) {
    await sql`create index ${sql.raw(`dashboard_interval_day_${filter}_idx`)}
      on dashboard_interval_day (milestone, ${sql.raw(filter)}, day) include (days, cases)`.execute(
      db,
    );
  }

  const trigger = async (operation: 'insert' | 'update' | 'delete') => {
    const parts = [
      ...(operation === 'insert' ? [] : [sql`select o.*, -1 as sign from old_rows o`]),
      ...(operation === 'delete' ? [] : [sql`select n.*, 1 as sign from new_rows n`]),
    ];
    const transition =
      operation === 'insert'
        ? sql`new table as new_rows`
        : operation === 'delete'
          ? sql`old table as old_rows`
          : sql`old table as old_rows new table as new_rows`;
    const name = sql.raw(`dashboard_intervals_${operation}d`);
    // The milestone upsert of 0024 runs (and fires these) for every recorded event, most of which
    // change no milestone row: then there is nothing to count.
    const changed = operation === 'delete' ? sql`old_rows` : sql`new_rows`;
    await sql`create function ${name}() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from ${changed}) then
          ${addIntervals(sql.join(parts, sql` union all `))};
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger ${name} after ${sql.raw(operation)} on dashboard_legal_case
      referencing ${transition} for each statement execute function ${name}()`.execute(db);
  };
  await trigger('insert');
  await trigger('update');
  await trigger('delete');

  // Backfill from the milestone rows already kept.
  await sql`${addIntervals(sql`select m.*, 1 as sign from dashboard_legal_case m`)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const operation of ['insert', 'update', 'delete']) {
    const name = sql.raw(`dashboard_intervals_${operation}d`);
    await sql`drop trigger ${name} on dashboard_legal_case`.execute(db);
    await sql`drop function ${name}`.execute(db);
  }
  await sql`drop table dashboard_interval_day`.execute(db);
}
