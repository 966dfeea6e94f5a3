import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { raiseAlerts, sendDailyDigests } from '../notifications/alert.raise.ts';
import type { ObligationSource } from './obligation-source.ts';
import { syncCaseObligations } from './obligation.repository.ts';

export interface SweepResult {
  cases: number;
  obligations: number;
  alerts: number;
  emailsQueued: number;
}

/**
 * Recomputes every case's obligations from its events, stores them, raises the alerts that are
 * due and queues their e-mails. Idempotent: a second run at the same `asOf` changes nothing and
 * raises nothing, so it is safe to run on a timer, after every event, and from the CLI at once.
 */
export async function sweepObligations(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  sources: readonly ObligationSource[],
  asOf: Date = new Date(),
): Promise<SweepResult> {
  const result: SweepResult = { cases: 0, obligations: 0, alerts: 0, emailsQueued: 0 };
  for (const source of sources) {
    const cases = await source.listCases(db);
    for (const careOrLegalCase of cases) {
      const computed = await source.compute(db, careOrLegalCase.id, asOf);
      await syncCaseObligations(
        db,
        {
          caseType: source.caseType,
          caseId: careOrLegalCase.id,
          organisationId: careOrLegalCase.organisationId,
          code: careOrLegalCase.code,
        },
        computed,
        asOf,
      );
      result.cases += 1;
      result.obligations += computed.length;
    }
    const raised = await raiseAlerts(db, config, source, cases, asOf);
    result.alerts += raised.alerts;
    result.emailsQueued += raised.emailsQueued;
  }
  result.emailsQueued += await sendDailyDigests(db, config, asOf);
  return result;
}

/** The same, for one case, right after its events change. */
export async function sweepCase(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  source: ObligationSource,
  target: { id: string; organisationId: string; code: string },
  asOf: Date = new Date(),
): Promise<void> {
  const computed = await source.compute(db, target.id, asOf);
  await syncCaseObligations(
    db,
    {
      caseType: source.caseType,
      caseId: target.id,
      organisationId: target.organisationId,
      code: target.code,
    },
    computed,
    asOf,
  );
  await raiseAlerts(db, config, source, [target], asOf);
}
