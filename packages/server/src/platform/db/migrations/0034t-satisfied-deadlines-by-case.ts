import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the first sweep: the satisfied-deadline triggers (0033c) rebuild the rows of the cases
 * a statement on `obligation` touched, reading those cases' obligations back. Written as
 * `case_id = any(cases)`, PostgreSQL planned that read on the statistics of an `obligation` that a
 * programme's first sweep is filling: analysed while empty, `case_type = 'legal_case'` looked
 * rare, so it scanned every legal case's obligation in the index's `case_type` range and filtered
 * by case (a batch of 500 cases read every obligation stored before it: quadratic in the
 * programme), and deleted from `satisfied_deadline` by a sequential scan. Both now go case by case
 * through their index (a lateral subquery, kept from being flattened by `offset 0`, so each case
 * is one index look-up), whatever the statistics say: a batch reads its own cases' rows only.
 * Same rows, same triggers; only the functions change.
 */

type Operation = 'insert' | 'update' | 'delete';
const OPERATIONS: Operation[] = ['insert', 'update', 'delete'];
const PAST = { insert: 'inserted', update: 'updated', delete: 'deleted' } as const;

const transitionTables = (operation: Operation) => [
  ...(operation === 'insert' ? [] : ['old_rows']),
  ...(operation === 'delete' ? [] : ['new_rows']),
];

const SATISFYING_EVENT = `explanation -> 'satisfyingEvent' ->> 'id'`;

/** The legal cases with an obligation naming a satisfying event among `tables`' rows. */
const changedCases = (tables: string[]) =>
  tables
    .map(
      (table) => `select o.case_id from ${table} o
        where o.case_type = 'legal_case' and o.${SATISFYING_EVENT} is not null`,
    )
    .join(' union ');

/** Rebuilds the rows of the legal cases in the array `cases`, each case read by its index. */
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

/** As 0033c wrote it: the whole array at once. */
const rebuildAtOnce = `
    delete from satisfied_deadline where legal_case_id = any(cases);
    insert into satisfied_deadline (legal_case_id, event_id, on_time, deadlines)
    select o.case_id, o.${SATISFYING_EVENT}, bool_and(o.status = 'met'),
           jsonb_agg(jsonb_build_object('rule', o.rule, 'subject', o.subject, 'status', o.status)
                     order by o.rule, o.subject)
      from obligation o
     where o.case_type = 'legal_case' and o.case_id = any(cases)
       and o.${SATISFYING_EVENT} is not null
     group by o.case_id, o.${SATISFYING_EVENT}
    on conflict (legal_case_id, event_id)
      do update set on_time = excluded.on_time, deadlines = excluded.deadlines`;

async function replaceFunctions(db: Kysely<unknown>, rebuild: string): Promise<void> {
  for (const operation of OPERATIONS) {
    const name = `satisfied_deadline_${PAST[operation]}`;
    await sql`create or replace function ${sql.raw(name)}() returns trigger language plpgsql as $$
      declare
        cases uuid[];
      begin
        select array_agg(distinct case_id) into cases
          from (${sql.raw(changedCases(transitionTables(operation)))}) c;
        if cases is not null then
          ${sql.raw(rebuild)};
        end if;
        return null;
      end $$`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, rebuildByCase);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, rebuildAtOnce);
}
