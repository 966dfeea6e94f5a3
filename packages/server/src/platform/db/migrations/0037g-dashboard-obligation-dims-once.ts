import type { Kysely } from 'kysely';
import { replaceFunctions } from './0036r-dashboard-counters-appended.ts';

/**
 * Issue 11, recording an event: the obligations' counting triggers (0036r, 0037e) joined every
 * counted obligation row to `legal_case` for its dims (organisation, police station, court), a
 * primary-key look-up a row: a recorded event's first evaluation writes about 4.5 counted
 * obligations of one case, so 4.5 look-ups of the same row (docs/performance.md, late rdb).
 *
 * Now the statement's cases are read once each into a materialized CTE, which the rows join: one
 * look-up a case a statement. Same rows, same sums, same folds; only the statement's text
 * changes. `down` puts 0037e's functions back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, 'append-or-fold', 'lateral', 'case');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await replaceFunctions(db, 'append-or-fold', 'lateral', 'row');
}
