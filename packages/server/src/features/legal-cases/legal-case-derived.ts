import {
  deriveCompensationClaims,
  effectiveLegalTimeline,
  summariseLegalCase,
  type LegalCaseSummary,
  type LegalEvent,
} from '@dawn/core';
import type { Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { eventsOf, partiesOf, type PartyRow } from './legal-case.repository.ts';

/**
 * Rewrites what is derived from a case's timeline (stage, accused in custody, next hearing,
 * compensation claims) in the transaction that changed the timeline, so lists, the calendar and
 * the compensation report read plain columns and never disagree with the events.
 */
export async function refreshDerived(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
  now: Date,
  /** The parties and every event, when the caller has just read them in this transaction. */
  known?: { parties: readonly PartyRow[]; events: readonly LegalEvent[] },
): Promise<LegalCaseSummary> {
  const parties = known?.parties ?? (await partiesOf(trx, caseId));
  const timeline = effectiveLegalTimeline(known?.events ?? (await eventsOf(trx, caseId)));
  const accused = parties.filter((party) => party.role === 'accused').map((party) => party.ref);
  const summary = summariseLegalCase(accused, timeline, now);
  await trx
    .updateTable('legal_case')
    .set(summaryColumns(summary, now))
    .where('id', '=', caseId)
    .execute();
  await trx.deleteFrom('compensation_claim').where('legal_case_id', '=', caseId).execute();
  const claims = compensationClaimRows(caseId, timeline);
  if (claims.length > 0) await trx.insertInto('compensation_claim').values(claims).execute();
  return summary;
}

/** The case's columns its timeline's summary keeps (stage, custody, next hearing, last event). */
export function summaryColumns(summary: LegalCaseSummary, now: Date) {
  return {
    stage: summary.stage,
    accused_in_custody: summary.accusedInCustody,
    next_hearing_at: summary.nextHearing ? new Date(summary.nextHearing.at) : null,
    next_hearing_purpose: summary.nextHearing?.purpose ?? null,
    last_event_at: summary.lastEventAt ? new Date(summary.lastEventAt) : null,
    updated_at: now,
  };
}

/** The compensation claims a case's timeline derives, as rows of `compensation_claim`. */
export function compensationClaimRows(caseId: string, timeline: readonly LegalEvent[]) {
  const at = (value: string | null) => (value ? new Date(value) : null);
  return deriveCompensationClaims(timeline).map((claim) => ({
    legal_case_id: caseId,
    victim_ref: claim.victim,
    scheme: claim.scheme,
    authority: claim.authority,
    status: claim.status,
    applied_at: at(claim.appliedAt),
    amount_applied: claim.amountApplied,
    interim_at: at(claim.interimAt),
    amount_interim: claim.amountInterim,
    awarded_at: at(claim.awardedAt),
    amount_sanctioned: claim.amountSanctioned,
    disbursed_at: at(claim.disbursedAt),
    amount_disbursed: claim.amountDisbursed,
    days_order_to_payment: claim.daysOrderToPayment,
  }));
}
