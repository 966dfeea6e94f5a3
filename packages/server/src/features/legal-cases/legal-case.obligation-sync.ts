import type { FastifyBaseLogger } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import {
  legalCaseCode,
  legalCaseObligationSource,
} from '../obligations/legal-case.obligation-source.ts';
import { sweepCase } from '../obligations/obligation.sweep.ts';
import { findObligationTarget } from './legal-case.repository.ts';

export type ErrorLogger = Pick<FastifyBaseLogger, 'error'>;
export type ObligationTarget = NonNullable<Awaited<ReturnType<typeof findObligationTarget>>>;

/**
 * Stores the case's obligations as of now and raises the alerts now due, after a change to what
 * the deadline engine reads (an event, the offences, the parties). The change is already
 * committed: a failure here must not fail the request, and the periodic sweep will catch up. Only
 * the error's kind is logged, never its message (a database error can quote personal values).
 */
export async function recomputeObligations(
  deps: Deps,
  caseId: string,
  logger: ErrorLogger | undefined,
  /** The case's target as the committing transaction read it, to save reading it again. */
  target?: ObligationTarget,
): Promise<void> {
  try {
    const row = target ?? (await findObligationTarget(deps.db, caseId));
    if (!row) return;
    await sweepCase(deps.db, deps.config, legalCaseObligationSource(deps.vault), {
      id: row.id,
      organisationId: row.organisation_id,
      code: legalCaseCode(row),
    });
  } catch (error) {
    const kind = error instanceof Error ? error : new Error('non-error thrown');
    logger?.error(
      {
        job: 'case-obligations',
        legalCaseId: caseId,
        errorName: kind.name,
        stack: kind.stack?.split('\n').slice(1).join('\n'),
      },
      'recomputing the case obligations failed; the next sweep will retry',
    );
  }
}
