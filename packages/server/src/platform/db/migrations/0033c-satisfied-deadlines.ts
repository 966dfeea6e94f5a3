import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, reports of a year: the chosen-few report judges each credited event by the statutory
 * deadlines it satisfied, which the deadline engine stores in `obligation` (the satisfying event's
 * id inside the `explanation` JSON). Every summary and printable page found them by reading the
 * credited cases' obligations whole (a year: 3,000 pages and their explanations, or 4,000 index
 * loops) and grouping them by the event their JSON names.
 *
 * `satisfied_deadline` holds, per legal case and satisfying event, the deadlines that event
 * satisfied (rule, subject and status, in the report's order of rule then subject) and whether it
 * met every one in time. It is kept by statement-level triggers on `obligation` over transition
 * tables, in the transaction that writes the obligations (the deadline sync, the sweep, the CLI
 * and imports alike): the legal cases whose obligations with a satisfying event were inserted,
 * updated or deleted have their rows rebuilt from `obligation`; a write touching no such
 * obligation runs nothing. Writers of one case's obligations already hold the case's row lock.
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

/** Writes the rows of the legal cases whose id meets `isCase` (of `o.case_id`) from `obligation`. */
const insertFor = (isCase: string) => `
    insert into satisfied_deadline (legal_case_id, event_id, on_time, deadlines)
    select o.case_id, o.${SATISFYING_EVENT}, bool_and(o.status = 'met'),
           jsonb_agg(jsonb_build_object('rule', o.rule, 'subject', o.subject, 'status', o.status)
                     order by o.rule, o.subject)
      from obligation o
     where o.case_type = 'legal_case' and o.case_id ${isCase}
       and o.${SATISFYING_EVENT} is not null
     group by o.case_id, o.${SATISFYING_EVENT}
    on conflict (legal_case_id, event_id)
      do update set on_time = excluded.on_time, deadlines = excluded.deadlines`;

/**
 * Rebuilds the rows of the legal cases in the array `cases`: an event no longer satisfying any is
 * removed.
 */
const rebuild = (cases: string) => `
    delete from satisfied_deadline where legal_case_id = any(${cases});
    ${insertFor(`= any(${cases})`)}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table satisfied_deadline (
    legal_case_id uuid not null,
    event_id text not null,
    on_time boolean not null,
    deadlines jsonb not null,
    primary key (legal_case_id, event_id)
  )`.execute(db);

  for (const operation of OPERATIONS) {
    const tables = transitionTables(operation);
    const name = `satisfied_deadline_${PAST[operation]}`;
    // The cases are gathered once into an array: a transition table has no statistics, and
    // joining it inside the rebuild let the planner loop over it for every obligation row (a
    // programme's first sweep, thousands of cases a statement, went quadratic).
    await sql`create function ${sql.raw(name)}() returns trigger language plpgsql as $$
      declare
        cases uuid[];
      begin
        select array_agg(distinct case_id) into cases from (${sql.raw(changedCases(tables))}) c;
        if cases is not null then
          ${sql.raw(rebuild('cases'))};
        end if;
        return null;
      end $$`.execute(db);
    const transition = tables
      .map((table) => (table === 'old_rows' ? 'old table as old_rows' : 'new table as new_rows'))
      .join(' ');
    await sql`create trigger ${sql.raw(name)} after ${sql.raw(operation)} on obligation
      referencing ${sql.raw(transition)} for each statement
      execute function ${sql.raw(name)}()`.execute(db);
  }

  // Backfill from the obligations already stored.
  await sql.raw(insertFor(`is not null`)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const operation of OPERATIONS) {
    const name = `satisfied_deadline_${PAST[operation]}`;
    await sql`drop trigger ${sql.raw(name)} on obligation`.execute(db);
    await sql`drop function ${sql.raw(name)}()`.execute(db);
  }
  await sql`drop table satisfied_deadline`.execute(db);
}
