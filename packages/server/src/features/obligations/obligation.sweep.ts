import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { raiseAlerts, sendDailyDigests } from '../notifications/alert.raise.ts';
import type { ObligationSource } from './obligation-source.ts';
import { syncObligations, type ObligationTarget } from './obligation.repository.ts';

export interface SweepResult {
  cases: number;
  obligations: number;
  alerts: number;
  emailsQueued: number;
}

/**
 * Cases evaluated together: their events are read in one statement, evaluated in memory and their
 * obligations written in one transaction. Bounds the memory a sweep holds whatever the size of
 * the programme.
 */
export const SWEEP_BATCH = 500;

type CaseEntry = { id: string; organisationId: string; code: string };

function targetOf(entry: CaseEntry): ObligationTarget {
  return { caseId: entry.id, organisationId: entry.organisationId, code: entry.code };
}

/**
 * Computes and stores the obligations of `cases`, a batch at a time; returns how many. The next
 * batch is read and evaluated while the current one is written, so Node and the database work at
 * the same time (two batches in memory at most).
 */
async function storeObligations(
  db: Kysely<DatabaseSchema>,
  source: ObligationSource,
  cases: readonly CaseEntry[],
  asOf: Date,
  batchSize: number,
): Promise<number> {
  const batches: CaseEntry[][] = [];
  for (let start = 0; start < cases.length; start += batchSize)
    batches.push(cases.slice(start, start + batchSize));
  const computeBatch = async (batch: readonly CaseEntry[]) => {
    const ids = batch.map((entry) => entry.id);
    const withRegimes = await source.computeWithRegimes?.(db, ids, asOf);
    return {
      computed: withRegimes?.obligations ?? (await source.compute(db, ids, asOf)),
      store: withRegimes?.store,
    };
  };
  let obligations = 0;
  let next = batches[0] ? computeBatch(batches[0]) : undefined;
  for (const [index, batch] of batches.entries()) {
    if (!next) break;
    const { computed, store } = await next;
    const following = batches[index + 1];
    next = following ? computeBatch(following) : undefined;
    try {
      await syncObligations(db, source.caseType, batch.map(targetOf), computed, asOf, store);
    } catch (error) {
      // Not left running unobserved: the read of the next batch ends before the error is thrown.
      await next?.catch(() => undefined);
      throw error;
    }
    for (const list of computed.values()) obligations += list.length;
  }
  return obligations;
}

/**
 * Recomputes every case's obligations from its events, stores them, raises the alerts that are
 * due and queues their e-mails. Idempotent: a second run at the same `asOf` changes nothing and
 * raises nothing, so it is safe to run on a timer, after every event, and from the CLI at once.
 * Cases go in batches of {@link SWEEP_BATCH}: a fixed number of statements per batch, not per case.
 */
export async function sweepObligations(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  sources: readonly ObligationSource[],
  asOf: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = { cases: 0, obligations: 0, alerts: 0, emailsQueued: 0 };
  for (const source of sources) {
    const cases = await source.listCases(db);
    result.obligations += await storeObligations(
      db,
      source,
      cases,
      asOf,
      options.batchSize ?? SWEEP_BATCH,
    );
    result.cases += cases.length;
    const raised = await raiseAlerts(db, config, source, cases, asOf);
    result.alerts += raised.alerts;
    result.emailsQueued += raised.emailsQueued;
  }
  result.emailsQueued += await sendDailyDigests(db, config, asOf);
  return result;
}

/** The same, for one case, right after its events change: a fixed number of statements. */
export async function sweepCase(
  db: Kysely<DatabaseSchema>,
  config: Pick<Config, 'timeZone' | 'publicUrl'>,
  source: ObligationSource,
  target: CaseEntry,
  asOf: Date = new Date(),
): Promise<void> {
  await storeObligations(db, source, [target], asOf, 1);
  await raiseAlerts(db, config, source, [target], asOf);
}
