import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/**
 * The dashboard's daily counters (`dashboard_legal_day`, `dashboard_deadline_day`,
 * `dashboard_interval_day`) are signed delta rows: a counted write appends its rows (migration
 * 0036r), and a figure is the sum of a key's rows in one statement's snapshot. One counted
 * statement in sixteen folds its own keys; this folds every key that has several rows, as the
 * deadline sweep ends, so a quiet key does not keep its deltas.
 *
 * Each table's fold is one statement: it deletes the rows it can lock (`skip locked`: rows a
 * writer or another fold holds are left, and nobody waits) and inserts their sums, so a reader
 * sees the rows before or the sums after, never both or neither. Rows not yet committed are not
 * seen, so not touched. A sum of zero leaves no row.
 */
interface CounterTable {
  name: string;
  keys: { name: string; nullable: boolean }[];
  values: string[];
}

const PLACE = [
  { name: 'organisation_id', nullable: false },
  { name: 'police_station_id', nullable: true },
  { name: 'court_id', nullable: true },
];

const TABLES: CounterTable[] = [
  {
    name: 'dashboard_legal_day',
    keys: [{ name: 'day', nullable: false }, ...PLACE],
    values: [
      'default_bail',
      'hearings_held',
      'hearings_adjourned',
      'convicted',
      'acquitted',
      'appeals_filed',
      'appeals_decided',
    ],
  },
  {
    name: 'dashboard_deadline_day',
    keys: [{ name: 'day', nullable: false }, { name: 'rule', nullable: false }, ...PLACE],
    values: ['on_time', 'late'],
  },
  {
    name: 'dashboard_interval_day',
    keys: [
      { name: 'milestone', nullable: false },
      { name: 'day', nullable: false },
      ...PLACE,
      { name: 'days', nullable: false },
    ],
    values: ['cases'],
  },
];

// Fixed statements, built once.
const FOLDS = TABLES.map((table) => {
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
    having ${table.values.map((name) => `sum(${name}) <> 0`).join(' or ')}`;
});

/** Folds every counter key's delta rows into one row (none when they sum to nothing). */
export async function foldDashboardCounters(db: Kysely<DatabaseSchema>): Promise<void> {
  for (const fold of FOLDS) await db.executeQuery(CompiledQuery.raw(fold));
}
