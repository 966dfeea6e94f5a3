import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, recording an event: since 0031a every counted write (a hearing, a judgment, a bail,
 * an appeal; a deadline met, late or overdue; a milestone's interval) folded its key's counter
 * rows into one: it locked them, deleted them and inserted their sum. Each fold leaves a dead
 * row version and a dead index entry behind, and the next fold of the key walks them; with
 * `autovacuum = off` (this project's bench machine) a hearing's database time was 1.8 ms with the
 * trigger against 0.45 ms without (docs/performance.md, 2026-12-06, record).
 *
 * Counting by insert: a write now only appends its signed delta rows (what the fold inserted
 * before, without the rows it folded in). One counted statement in `FOLD_EVERY` (a sequence
 * numbers them, without locks or rollbacks) runs 0031a's fold for its own keys instead, so a
 * busy key keeps about `FOLD_EVERY` rows; the deadline sweep folds every key that has several
 * (`dashboard_fold_counters()`, called by `foldDashboardCounters`). The dashboard reads sums of
 * a period's rows, as it always has, so its answers are the same and exact at every moment: a
 * fold deletes rows and inserts their sum in one statement, rows another transaction writes or
 * folds are not seen or skipped (`skip locked`), and no writer waits on another.
 *
 * The statements are 0032e's (events, obligations) and 0031a's (intervals), copied as they stand;
 * a case moved (0031a, rare) still folds. `down` puts back the fold on every write.
 */

/** One counted statement in this many folds its keys' rows instead of appending to them. */
const FOLD_EVERY = 16;

interface CounterTable {
  name: string;
  /** Key columns; `nullable` ones match with `is not distinct from`. */
  keys: { name: string; nullable: boolean }[];
  values: string[];
}

const LEGAL_DAY: CounterTable = {
  name: 'dashboard_legal_day',
  keys: [
    { name: 'day', nullable: false },
    { name: 'organisation_id', nullable: false },
    { name: 'police_station_id', nullable: true },
    { name: 'court_id', nullable: true },
  ],
  values: [
    'default_bail',
    'hearings_held',
    'hearings_adjourned',
    'convicted',
    'acquitted',
    'appeals_filed',
    'appeals_decided',
  ],
};

const DEADLINE_DAY: CounterTable = {
  name: 'dashboard_deadline_day',
  keys: [
    { name: 'day', nullable: false },
    { name: 'rule', nullable: false },
    { name: 'organisation_id', nullable: false },
    { name: 'police_station_id', nullable: true },
    { name: 'court_id', nullable: true },
  ],
  values: ['on_time', 'late'],
};

const INTERVAL_DAY: CounterTable = {
  name: 'dashboard_interval_day',
  keys: [
    { name: 'milestone', nullable: false },
    { name: 'day', nullable: false },
    { name: 'organisation_id', nullable: false },
    { name: 'police_station_id', nullable: true },
    { name: 'court_id', nullable: true },
    { name: 'days', nullable: false },
  ],
  values: ['cases'],
};

type Mode = 'fold' | 'append-or-fold';

/**
 * How a fold finds its keys' rows to lock: `join`, as 0036r wrote it, or `lateral`, each delta
 * row's rows by the key's index (migration 0037e). The default keeps 0036r's text as it was.
 */
export type Locking = 'join' | 'lateral';

/** The statement of `mode` adding `delta` (key and value columns, one row a key) to `table`. */
function add(table: CounterTable, delta: string, mode: Mode, locking: Locking = 'join'): string {
  const keyNames = table.keys.map((key) => key.name).join(', ');
  const values = table.values.join(', ');
  const sameKey = table.keys
    .map((key) =>
      key.nullable
        ? `counter.${key.name} is not distinct from delta.${key.name}`
        : `counter.${key.name} = delta.${key.name}`,
    )
    .join(' and ');
  const fold = `
    with delta as materialized (${delta}),
    locked as materialized (${
      locking === 'join'
        ? `
      select counter.ctid as row_id from ${table.name} counter join delta on ${sameKey}
         for update of counter skip locked`
        : `
      select counter.row_id from delta cross join lateral (
        select counter.ctid as row_id from ${table.name} counter where ${sameKey}
           for update of counter skip locked) counter`
    }),
    folded as (
      delete from ${table.name} counter where counter.ctid = any (array(select row_id from locked))
      returning ${[...table.keys.map((key) => key.name), ...table.values].map((name) => `counter.${name}`).join(', ')})
    insert into ${table.name} (${keyNames}, ${values})
    select ${keyNames}, ${table.values.map((name) => `sum(${name})`).join(', ')}
      from (select * from delta union all select * from folded) together
     group by ${keyNames}
    having ${table.values.map((name) => `sum(${name}) <> 0`).join(' or ')}`;
  if (mode === 'fold') return `${fold};`;
  return `if nextval('dashboard_counter_writes') % ${FOLD_EVERY} = 0 then ${fold};
      else insert into ${table.name} (${keyNames}, ${values}) ${delta};
      end if;`;
}

/**
 * `table`'s fold of every key holding several rows, as a deadline sweep ends (so a quiet key does
 * not keep its deltas): it deletes the rows it can lock (`skip locked`: rows a writer or another
 * fold holds are left, and nobody waits) and inserts their sums in one statement, so a reader sees
 * the rows before or the sums after. A sum of zero leaves no row.
 */
function foldSeveral(table: CounterTable): string {
  const keyNames = table.keys.map((key) => key.name).join(', ');
  const sameKey = table.keys
    .map((key) =>
      key.nullable
        ? `counter.${key.name} is not distinct from several.${key.name}`
        : `counter.${key.name} = several.${key.name}`,
    )
    .join(' and ');
  return `
    with several as materialized (
      select ${keyNames} from ${table.name} group by ${keyNames} having count(*) > 1),
    locked as materialized (
      select counter.ctid as row_id from ${table.name} counter join several on ${sameKey}
         for update of counter skip locked),
    folded as (
      delete from ${table.name} counter where counter.ctid = any (array(select row_id from locked))
      returning ${[...table.keys.map((key) => key.name), ...table.values].map((name) => `counter.${name}`).join(', ')})
    insert into ${table.name} (${keyNames}, ${table.values.join(', ')})
    select ${keyNames}, ${table.values.map((name) => `sum(${name})`).join(', ')}
      from folded
     group by ${keyNames}
    having ${table.values.map((name) => `sum(${name}) <> 0`).join(' or ')};`;
}

// ---- 0032e's statements, as they stand ----

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

const COUNTS_DELTA = `
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
      having ${COUNT_NAMES.map((name) => `sum(e.sign * ${COUNT[name]}) <> 0`).join(' or ')}`;

type Operation = 'insert' | 'update' | 'delete';
const OPERATIONS: Operation[] = ['insert', 'update', 'delete'];

/** The transition tables of a statement-level trigger. */
const transitionTables = (operation: Operation) => [
  ...(operation === 'insert' ? [] : ['old_rows']),
  ...(operation === 'delete' ? [] : ['new_rows']),
];

/** Each transition row with its sign, as `alias`. */
const signedTransition = (operation: Operation, alias: string) =>
  transitionTables(operation)
    .map(
      (table) =>
        `select ${alias}.*, ${table === 'old_rows' ? '-1' : '1'} as sign from ${table} ${alias}`,
    )
    .join(' union all ');

const deadlinesDelta = (operation: Operation) => `
      select (o.due_at at time zone 'Asia/Kolkata')::date as day, o.rule, dims.organisation_id,
             dims.fir_police_station_id as police_station_id, dims.court_id,
             sum(o.sign * (o.status = 'met')::int) as on_time,
             sum(o.sign * (o.status in ('met_late', 'overdue'))::int) as late
        from (${signedTransition(operation, 'o')}) o join (select id, organisation_id, fir_police_station_id, court_id from legal_case) dims on dims.id = o.case_id
       where o.case_type = 'legal_case' and o.status in (${COUNTED_STATUSES})
       group by 1, 2, 3, 4, 5
      having sum(o.sign * (o.status = 'met')::int) <> 0
          or sum(o.sign * (o.status in ('met_late', 'overdue'))::int) <> 0`;

// ---- 0031a's (0030d's) intervals, as they stand ----

const MILESTONES = [
  ['chargesheet', 'chargesheet_at'],
  ['judgment', 'judgment_at'],
] as const;
const INDIA_DAY = (column: string) => `(${column} at time zone 'Asia/Kolkata')::date`;

const intervalsDelta = (operation: Operation) => `
      select completed.milestone, completed.day, completed.organisation_id,
             completed.police_station_id, completed.court_id, completed.days,
             sum(completed.sign)::int as cases
        from (${MILESTONES.map(
          ([name, column]) => `
              select '${name}' as milestone, ${INDIA_DAY(`m.${column}`)} as day,
                     m.organisation_id, m.police_station_id, m.court_id,
                     ${INDIA_DAY(`m.${column}`)} - ${INDIA_DAY('m.fir_at')} as days, m.sign
                from (${signedTransition(operation, 'm')}) m
               where m.fir_at is not null and m.${column} is not null`,
        ).join(' union all ')}) completed
       group by 1, 2, 3, 4, 5, 6
      having sum(completed.sign) <> 0`;

/** The dashboard's counting triggers' functions, in `mode`, their folds locking by `locking`. */
export async function replaceFunctions(
  db: Kysely<unknown>,
  mode: Mode,
  locking: Locking = 'join',
): Promise<void> {
  const milestoneRows = `exists (select 1 from inserted
        where type in (${MILESTONE_TYPES}) or supersedes_id is not null)`;
  // A counted event, or a correction (which may take back a counted event it supersedes).
  const countedRows = `exists (select 1 from inserted
        where type in (${COUNTED_TYPES}) or supersedes_id is not null)`;
  await sql`create or replace function dashboard_events_recorded() returns trigger language plpgsql as $$
    begin
      if ${sql.raw(milestoneRows)} then ${sql.raw(REFRESH_MILESTONES)}; end if;
      if ${sql.raw(countedRows)} then ${sql.raw(add(LEGAL_DAY, COUNTS_DELTA, mode, locking))} end if;
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
        if ${sql.raw(countedObligations)} then ${sql.raw(add(DEADLINE_DAY, deadlinesDelta(operation), mode, locking))} end if;
        return null;
      end $$`.execute(db);
  }
  for (const operation of OPERATIONS) {
    // Most recorded events change no milestone row: then there is nothing to count.
    const changed = operation === 'delete' ? 'old_rows' : 'new_rows';
    await sql`create or replace function ${sql.raw(`dashboard_intervals_${operation}d`)}() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from ${sql.raw(changed)}) then
          ${sql.raw(add(INTERVAL_DAY, intervalsDelta(operation), mode, locking))}
        end if;
        return null;
      end $$`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence dashboard_counter_writes`.execute(db);
  await replaceFunctions(db, 'append-or-fold');
  // Called by the deadline sweep (`foldDashboardCounters`).
  await sql`create function dashboard_fold_counters() returns void language plpgsql as $$
    begin
      ${sql.raw([LEGAL_DAY, DEADLINE_DAY, INTERVAL_DAY].map(foldSeveral).join('\n'))}
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function dashboard_fold_counters()`.execute(db);
  await replaceFunctions(db, 'fold');
  await sql`drop sequence dashboard_counter_writes`.execute(db);
}
