import type { Obligation } from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { ObligationTable } from '../../platform/db/schema-notifications.ts';
import type { Selectable } from 'kysely';

export type ObligationRow = Selectable<ObligationTable>;

export function obligationKey(
  obligation: Pick<Obligation, 'rule' | 'subject' | 'startsAt'>,
): string {
  return `${obligation.rule}|${obligation.subject ?? ''}|${new Date(obligation.startsAt).toISOString()}`;
}

/**
 * Makes the stored obligations of one case equal to `computed`: inserts new ones, updates changed
 * ones in place (so alerts keep pointing at them), deletes those the events no longer produce
 * (a superseded arrest, say). Running it twice changes nothing: the sweep is idempotent.
 */
export async function syncCaseObligations(
  db: Kysely<DatabaseSchema>,
  target: { caseType: string; caseId: string; organisationId: string; code: string },
  computed: readonly Obligation[],
  computedAt: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const keys = computed.map(obligationKey);
    let stale = trx
      .deleteFrom('obligation')
      .where('case_type', '=', target.caseType)
      .where('case_id', '=', target.caseId);
    if (keys.length > 0) stale = stale.where('obligation_key', 'not in', keys);
    await stale.execute();
    for (const obligation of computed) {
      const values = {
        rule: obligation.rule,
        title: obligation.title,
        citation: obligation.citation,
        subject: obligation.subject,
        starts_at: new Date(obligation.startsAt),
        due_at: new Date(obligation.dueAt),
        status: obligation.status,
        met_at: obligation.metAt ? new Date(obligation.metAt) : null,
        consequence: obligation.consequence,
        confidence: obligation.confidence,
        unconfirmed: obligation.unconfirmed,
        responsible_role: obligation.responsibleRole,
        alerts_at: obligation.alertsAt.map((at) => new Date(at)),
        explanation: JSON.stringify(obligation.explanation),
        case_code: target.code,
        computed_at: computedAt,
      };
      await trx
        .insertInto('obligation')
        .values({
          case_type: target.caseType,
          case_id: target.caseId,
          organisation_id: target.organisationId,
          obligation_key: obligationKey(obligation),
          ...values,
        })
        .onConflict((conflict) => conflict.constraint('obligation_identity').doUpdateSet(values))
        .execute();
    }
  });
}

/**
 * Obligations that should have alerted by `asOf` (open with an alert time passed, or overdue), of
 * every case of the type or only of `caseIds`.
 */
export async function obligationsToAlert(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  asOf: Date,
  caseIds?: readonly string[],
): Promise<ObligationRow[]> {
  if (caseIds?.length === 0) return [];
  let query = db.selectFrom('obligation').selectAll().where('case_type', '=', caseType);
  // One case after one of its events: read that case's obligations, not the installation's.
  if (caseIds) query = query.where('case_id', 'in', caseIds);
  return query
    .where((eb) =>
      eb.or([
        eb('status', '=', 'overdue'),
        eb.and([
          eb('status', '=', 'open'),
          sql<boolean>`${asOf.toISOString()}::timestamptz >= any(alerts_at)`,
        ]),
      ]),
    )
    .execute();
}
