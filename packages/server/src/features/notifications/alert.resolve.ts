import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { AlertResolution } from '../../platform/db/schema-notifications.ts';

/**
 * Resolves the alerts whose obligation no longer calls for work: met, met late, or gone (the
 * events no longer produce it, say an arrest corrected away). One statement for all of a case
 * type's alerts, or only `caseIds`' after one case's events changed; run by every sweep after the
 * obligations are stored, so the inbox never says "overdue" about a chargesheet that was filed.
 */
export async function resolveAlerts(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  asOf: Date,
  caseIds?: readonly string[],
): Promise<number> {
  if (caseIds?.length === 0) return 0;
  let query = db
    .updateTable('alert')
    .set({
      resolved_at: asOf,
      resolution: sql<AlertResolution>`coalesce((
        select obligation.status from obligation
         where obligation.id = alert.obligation_id and obligation.status in ('met', 'met_late')
      ), 'withdrawn')`,
    })
    .where('alert.case_type', '=', caseType)
    .where('alert.resolved_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('obligation')
            .select(sql`1`.as('one'))
            .whereRef('obligation.id', '=', 'alert.obligation_id')
            .where('obligation.status', 'in', ['open', 'overdue']),
        ),
      ),
    );
  if (caseIds) query = query.where('alert.case_id', '=', sql<string>`any(${[...caseIds]}::uuid[])`);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
