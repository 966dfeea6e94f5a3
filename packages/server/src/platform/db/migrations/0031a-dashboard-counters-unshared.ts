import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Issue 11, recording an event: the dashboard's daily counters (0024, 0030d) were one row per
 * day and place, upserted by the triggers of every writer, so two transactions recording events
 * on the same day in the same organisation, police station and court waited for each other until
 * commit (8–9 of 10 pool connections waiting on `Lock:transactionid` in the HTTP bench).
 *
 * A counter's key may now have several rows, and the dashboard sums them (it always did: its
 * queries add up the rows of a period). A writer adds its signed counts as a new row, folded
 * together with the key's rows it can lock at once (`for update skip locked`): the rows another
 * transaction is writing or folding are left to it, so no writer waits on another, and the rows
 * of a key stay about as many as the transactions that wrote it at the same moment. Rows that sum
 * to nothing are dropped by the fold. The sums, which are all the dashboard reads, are unchanged.
 *
 * The triggers' functions are replaced with the same changes computed as before (the copies
 * below are 0024's and 0030d's), each added by `fold`; `down` restores the upserts.
 */

type Mode = 'fold' | 'upsert';

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

const TABLES = [LEGAL_DAY, DEADLINE_DAY, INTERVAL_DAY];

const columns = (names: string[], alias?: string) =>
  sql.raw(names.map((name) => (alias ? `${alias}.${name}` : name)).join(', '));

/**
 * Adds `delta` (rows of the table's key and value columns, one per key, some value non-zero) to
 * the table.
 */
function add(table: CounterTable, delta: RawBuilder<unknown>, mode: Mode): RawBuilder<unknown> {
  const keyNames = table.keys.map((key) => key.name);
  const target = sql.raw(table.name);
  if (mode === 'upsert')
    // As 0024 and 0030d did: ordered by key so two transactions lock shared rows in one order.
    return sql`
      insert into ${target} (${columns(keyNames)}, ${columns(table.values)})
      select * from (${delta}) delta order by ${columns(keyNames)}
      on conflict (${columns(keyNames)}) do update set
        ${sql.raw(table.values.map((name) => `${name} = ${table.name}.${name} + excluded.${name}`).join(', '))}`;
  const sameKey = sql.raw(
    table.keys
      .map((key) =>
        key.nullable
          ? `counter.${key.name} is not distinct from delta.${key.name}`
          : `counter.${key.name} = delta.${key.name}`,
      )
      .join(' and '),
  );
  return sql`
    with delta as materialized (${delta}),
    locked as materialized (
      select counter.ctid as row_id from ${target} counter join delta on ${sameKey}
         for update of counter skip locked),
    folded as (
      delete from ${target} counter where counter.ctid = any (array(select row_id from locked))
      returning ${columns([...keyNames, ...table.values], 'counter')})
    insert into ${target} (${columns(keyNames)}, ${columns(table.values)})
    select ${columns(keyNames)}, ${sql.raw(table.values.map((name) => `sum(${name})`).join(', '))}
      from (select * from delta union all select * from folded) together
     group by ${columns(keyNames)}
    having ${sql.raw(table.values.map((name) => `sum(${name}) <> 0`).join(' or '))}`;
}

// ---- 0024's changes, as they were ----

const COUNTS: Record<string, RawBuilder<unknown>> = {
  default_bail: sql`(e.type = 'accused.bailed' and e.data->>'kind' = 'default')::int`,
  hearings_held: sql`(e.type = 'court.hearing' and coalesce((e.data->>'adjourned')::boolean, false) = false)::int`,
  hearings_adjourned: sql`(e.type = 'court.hearing' and coalesce((e.data->>'adjourned')::boolean, false))::int`,
  convicted: sql`case when e.type = 'court.judgment' then (select count(*) from jsonb_array_elements(coalesce(e.data->'verdicts', '[]'::jsonb)) verdict where verdict->>'verdict' = 'convicted')::int else 0 end`,
  acquitted: sql`case when e.type = 'court.judgment' then (select count(*) from jsonb_array_elements(coalesce(e.data->'verdicts', '[]'::jsonb)) verdict where verdict->>'verdict' = 'acquitted')::int else 0 end`,
  appeals_filed: sql`(e.type = 'appeal.filed')::int`,
  appeals_decided: sql`(e.type = 'appeal.decided')::int`,
};
const COUNTED_TYPES = sql.raw(
  `'accused.bailed', 'court.hearing', 'court.judgment', 'appeal.filed', 'appeal.decided'`,
);
const MILESTONE_TYPES = sql.raw(`'fir.registered', 'chargesheet.filed', 'court.judgment'`);
const INDIA_DAY = (column: string) => sql.raw(`(${column} at time zone 'Asia/Kolkata')::date`);

/** Court counts of `changes` (legal_case_id, sign, e.*) at the places `dims` gives. */
const addCounts = (changes: RawBuilder<unknown>, dims: RawBuilder<unknown>, mode: Mode) =>
  add(
    LEGAL_DAY,
    sql`
      select ${INDIA_DAY('e.occurred_at')} as day, dims.organisation_id,
             dims.fir_police_station_id as police_station_id, dims.court_id,
             ${sql.join(
               LEGAL_DAY.values.map(
                 (name) => sql`sum(e.sign * ${COUNTS[name]}) as ${sql.raw(name)}`,
               ),
               sql`, `,
             )}
        from (${changes}) e join (${dims}) dims on dims.id = e.legal_case_id
       group by 1, 2, 3, 4
      having ${sql.join(
        LEGAL_DAY.values.map((name) => sql`sum(e.sign * ${COUNTS[name]}) <> 0`),
        sql` or `,
      )}`,
    mode,
  );

/** Deadline results of `changes` (obligation rows with `sign`) at the places `dims` gives. */
const addDeadlines = (changes: RawBuilder<unknown>, dims: RawBuilder<unknown>, mode: Mode) =>
  add(
    DEADLINE_DAY,
    sql`
      select ${INDIA_DAY('o.due_at')} as day, o.rule, dims.organisation_id,
             dims.fir_police_station_id as police_station_id, dims.court_id,
             sum(o.sign * (o.status = 'met')::int) as on_time,
             sum(o.sign * (o.status in ('met_late', 'overdue'))::int) as late
        from (${changes}) o join (${dims}) dims on dims.id = o.case_id
       where o.case_type = 'legal_case' and o.status in ('met', 'met_late', 'overdue')
       group by 1, 2, 3, 4, 5
      having sum(o.sign * (o.status = 'met')::int) <> 0
          or sum(o.sign * (o.status in ('met_late', 'overdue'))::int) <> 0`,
    mode,
  );

const CURRENT_DIMS = sql`select id, organisation_id, fir_police_station_id, court_id from legal_case`;

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

// ---- 0030d's changes, as they were ----

const MILESTONES = [
  ['chargesheet', 'chargesheet_at'],
  ['judgment', 'judgment_at'],
] as const;

const addIntervals = (changes: RawBuilder<unknown>, mode: Mode) =>
  add(
    INTERVAL_DAY,
    sql`
      select completed.milestone, completed.day, completed.organisation_id,
             completed.police_station_id, completed.court_id, completed.days,
             sum(completed.sign)::int as cases
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
      having sum(completed.sign) <> 0`,
    mode,
  );

type Operation = 'insert' | 'update' | 'delete';
const OPERATIONS: Operation[] = ['insert', 'update', 'delete'];

/** The transition rows of a statement-level trigger, each with its sign. */
const signedTransition = (operation: Operation, alias: string) =>
  sql.join(
    [
      ...(operation === 'insert'
        ? []
        : [sql`select ${sql.raw(alias)}.*, -1 as sign from old_rows ${sql.raw(alias)}`]),
      ...(operation === 'delete'
        ? []
        : [sql`select ${sql.raw(alias)}.*, 1 as sign from new_rows ${sql.raw(alias)}`]),
    ],
    sql` union all `,
  );

/** Replaces the read model's trigger functions (their triggers stay) with `mode`'s additions. */
async function replaceFunctions(db: Kysely<unknown>, mode: Mode): Promise<void> {
  await sql`create or replace function dashboard_events_recorded() returns trigger language plpgsql as $$
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
        mode,
      )};
      return null;
    end $$`.execute(db);

  for (const operation of OPERATIONS)
    await sql`create or replace function ${sql.raw(`dashboard_obligations_${operation}d`)}() returns trigger language plpgsql as $$
      begin
        ${addDeadlines(signedTransition(operation, 'o'), CURRENT_DIMS, mode)};
        return null;
      end $$`.execute(db);

  const effectiveOfCase = (sign: '1' | '-1') => sql`
    select e.*, ${sql.raw(sign)} as sign from legal_case_event e
     where e.legal_case_id = new.id and e.type in (${COUNTED_TYPES})
       and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)`;
  const obligationsOfCase = (sign: '1' | '-1') => sql`
    select o.*, ${sql.raw(sign)} as sign from obligation o
     where o.case_type = 'legal_case' and o.case_id = new.id`;
  const oldDims = sql`select old.id, old.organisation_id, old.fir_police_station_id, old.court_id`;
  const newDims = sql`select new.id, new.organisation_id, new.fir_police_station_id, new.court_id`;
  await sql`create or replace function dashboard_legal_case_moved() returns trigger language plpgsql as $$
    begin
      update dashboard_legal_case set organisation_id = new.organisation_id,
             police_station_id = new.fir_police_station_id, court_id = new.court_id
       where legal_case_id = new.id;
      ${addCounts(effectiveOfCase('-1'), oldDims, mode)};
      ${addCounts(effectiveOfCase('1'), newDims, mode)};
      ${addDeadlines(obligationsOfCase('-1'), oldDims, mode)};
      ${addDeadlines(obligationsOfCase('1'), newDims, mode)};
      return null;
    end $$`.execute(db);

  for (const operation of OPERATIONS) {
    // Most recorded events change no milestone row: then there is nothing to count.
    const changed = operation === 'delete' ? sql`old_rows` : sql`new_rows`;
    await sql`create or replace function ${sql.raw(`dashboard_intervals_${operation}d`)}() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from ${changed}) then
          ${addIntervals(signedTransition(operation, 'm'), mode)};
        end if;
        return null;
      end $$`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // The key's index stays (the fold finds a key's rows by it), no longer unique.
  for (const table of TABLES) {
    await sql`drop index ${sql.raw(`${table.name}_key`)}`.execute(db);
    await sql`create index ${sql.raw(`${table.name}_key`)} on ${sql.raw(table.name)}
      (${columns(table.keys.map((key) => key.name))})`.execute(db);
  }
  await replaceFunctions(db, 'fold');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, 'upsert');
  for (const table of TABLES) {
    const keyNames = table.keys.map((key) => key.name);
    // One row per key again, then unique.
    await sql`with folded as (delete from ${sql.raw(table.name)} returning *)
      insert into ${sql.raw(table.name)} (${columns(keyNames)}, ${columns(table.values)})
      select ${columns(keyNames)}, ${sql.raw(table.values.map((name) => `sum(${name})`).join(', '))}
        from folded group by ${columns(keyNames)}`.execute(db);
    await sql`drop index ${sql.raw(`${table.name}_key`)}`.execute(db);
    await sql`create unique index ${sql.raw(`${table.name}_key`)} on ${sql.raw(table.name)}
      (${columns(keyNames)}) nulls not distinct`.execute(db);
  }
}
