import type { Obligation } from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { ObligationTable } from '../../platform/db/schema-notifications.ts';
import type { Insertable, Selectable } from 'kysely';

export type ObligationRow = Selectable<ObligationTable>;

export function obligationKey(
  obligation: Pick<Obligation, 'rule' | 'subject' | 'startsAt'>,
): string {
  return `${obligation.rule}|${obligation.subject ?? ''}|${new Date(obligation.startsAt).toISOString()}`;
}

export interface ObligationTarget {
  caseId: string;
  organisationId: string;
  code: string;
}

/** Rows per insert: 19 parameters a row stays far below PostgreSQL's 65,535 a statement. */
const ROWS_PER_INSERT = 1_000;

/**
 * Makes the stored obligations of each target case equal to its `computed` ones (none when the
 * map has no entry): inserts new ones, updates changed ones in place (so alerts keep pointing at
 * them), deletes those the events no longer produce (a superseded arrest, say). One transaction
 * of one delete and one insert per thousand obligations, whatever the number of cases, so the
 * sweep writes a batch of cases as cheaply as one. Running it twice changes nothing but
 * `computed_at`: the sweep is idempotent.
 */
export async function syncObligations(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  targets: readonly ObligationTarget[],
  computed: ReadonlyMap<string, readonly Obligation[]>,
  computedAt: Date,
): Promise<void> {
  if (targets.length === 0) return;
  const kept: string[] = [];
  const rows = new Map<string, Insertable<ObligationTable>>();
  for (const target of targets) {
    for (const obligation of computed.get(target.caseId) ?? []) {
      const key = obligationKey(obligation);
      kept.push(`${target.caseId}#${key}`);
      // The same key twice in one case: the later one wins, as when each was written in turn.
      rows.set(`${target.caseId}#${key}`, {
        case_type: caseType,
        case_id: target.caseId,
        organisation_id: target.organisationId,
        obligation_key: key,
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
      });
    }
  }
  const values = [...rows.values()];
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('obligation')
      .where('case_type', '=', caseType)
      .where(
        'case_id',
        'in',
        targets.map((target) => target.caseId),
      )
      .where(sql<boolean>`(case_id::text || '#' || obligation_key) <> all(${kept}::text[])`)
      .execute();
    for (let start = 0; start < values.length; start += ROWS_PER_INSERT) {
      await trx
        .insertInto('obligation')
        .values(values.slice(start, start + ROWS_PER_INSERT))
        .onConflict((conflict) =>
          conflict.constraint('obligation_identity').doUpdateSet((eb) => ({
            organisation_id: eb.ref('excluded.organisation_id'),
            rule: eb.ref('excluded.rule'),
            title: eb.ref('excluded.title'),
            citation: eb.ref('excluded.citation'),
            subject: eb.ref('excluded.subject'),
            starts_at: eb.ref('excluded.starts_at'),
            due_at: eb.ref('excluded.due_at'),
            status: eb.ref('excluded.status'),
            met_at: eb.ref('excluded.met_at'),
            consequence: eb.ref('excluded.consequence'),
            confidence: eb.ref('excluded.confidence'),
            unconfirmed: eb.ref('excluded.unconfirmed'),
            responsible_role: eb.ref('excluded.responsible_role'),
            alerts_at: eb.ref('excluded.alerts_at'),
            explanation: eb.ref('excluded.explanation'),
            case_code: eb.ref('excluded.case_code'),
            computed_at: eb.ref('excluded.computed_at'),
          })),
        )
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
