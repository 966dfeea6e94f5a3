import type { Kysely } from 'kysely';
import { replaceFunctions } from './0036r-dashboard-counters-appended.ts';

/**
 * Issue 11, recording an event: the fold of a counted write (one in sixteen, 0036r) locked its
 * keys' counter rows by joining the whole counter table to its delta. The delta is grouped from
 * a transition table, which has no statistics, so the planner takes it for 200 rows; on a counter
 * table that was never analysed (autovacuum off, or a fresh table before autovacuum's first
 * visit) and still small when a connection first runs the trigger, a hash join over a sequential
 * scan of the table is the cheaper plan, and PL/pgSQL keeps that plan for the connection's life
 * while the table, with the dead rows every fold leaves, grows under it (0.20 sequential scans of
 * `dashboard_legal_day` an event in the record bench, docs/performance.md, evening record3).
 *
 * Now each delta row finds its key's rows through a `lateral` subquery on the key's index (its
 * day and organisation as the index condition): a sequential scan there would read the whole
 * table once a delta row, which no estimate makes cheaper than the index on a table of more than
 * a few rows, so a write costs the same however large the table grows. Same rows locked, same
 * `skip locked`, same sums; only the statement's text changes. `down` puts 0036r's join back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, 'append-or-fold', 'lateral');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, 'append-or-fold', 'join');
}
