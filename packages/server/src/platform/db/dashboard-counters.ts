import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/**
 * The dashboard's daily counters (`dashboard_legal_day`, `dashboard_deadline_day`,
 * `dashboard_interval_day`) are signed delta rows: a counted write appends its rows, one counted
 * statement in sixteen folds its own keys, and a figure is the sum of a key's rows in one
 * statement's snapshot (migration 0036r). This folds every key that has several rows, as the
 * deadline sweep ends, so a quiet key does not keep its deltas: one statement a table, in the
 * database function 0036r made (`dashboard_fold_counters`), which skips the rows a writer or
 * another fold holds, so nobody waits.
 */
export async function foldDashboardCounters(db: Kysely<DatabaseSchema>): Promise<void> {
  await sql`select dashboard_fold_counters()`.execute(db);
}
