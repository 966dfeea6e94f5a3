import type { CompensationScheme } from '@dawn/core';
import { sql } from 'kysely';
import { requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import { titleOf, toIndiaIso, visibleLegalCases } from '../legal-cases/legal-case.repository.ts';

const DAY_MS = 86_400_000;
const money = (value: string | number | null): number | null =>
  value === null ? null : Number(value);
const iso = (value: Date | null): string | null => (value ? toIndiaIso(value) : null);

/**
 * Claims derived from compensation.* events. "Waiting" lists those not yet paid, the longest wait
 * first, measured from the order (interim or final) or, before any order, from the application:
 * long payment delays are documented (docs/legal-sources.md), and this is the list to escalate.
 */
export async function listClaims(
  deps: Deps,
  query: { order: 'recent' | 'waiting'; scheme?: CompensationScheme | undefined; limit: number },
) {
  const { actor, scope } = await requirePermission(deps.db, 'legal_case:read');
  let select = deps.db
    .selectFrom('compensation_claim as claim')
    .innerJoin('legal_case', 'legal_case.id', 'claim.legal_case_id')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .selectAll('claim')
    .select(['legal_case.fir_number', 'legal_case.fir_year', 'station.name as station'])
    .where(visibleLegalCases(actor, scope));
  if (query.scheme) select = select.where('claim.scheme', '=', query.scheme);
  if (query.order === 'waiting') {
    select = select
      .where('claim.status', '!=', 'disbursed')
      .orderBy(sql`coalesce(claim.interim_at, claim.awarded_at, claim.applied_at) asc nulls last`);
  } else {
    select = select.orderBy(
      sql`coalesce(claim.disbursed_at, claim.awarded_at, claim.interim_at, claim.applied_at) desc nulls last`,
    );
  }
  const rows = await select.limit(query.limit).execute();
  const now = Date.now();
  return rows.map((row) => {
    const waitingFrom = row.interim_at ?? row.awarded_at ?? row.applied_at;
    return {
      legalCaseId: row.legal_case_id,
      ...titleOf(row.legal_case_id, {
        number: row.fir_number,
        year: row.fir_year,
        policeStation: row.station,
      }),
      victimRef: row.victim_ref,
      scheme: row.scheme as CompensationScheme,
      authority: row.authority,
      status: row.status as 'applied' | 'interim' | 'sanctioned' | 'disbursed',
      appliedAt: iso(row.applied_at),
      amountApplied: money(row.amount_applied),
      interimAt: iso(row.interim_at),
      amountInterim: money(row.amount_interim),
      awardedAt: iso(row.awarded_at),
      amountSanctioned: money(row.amount_sanctioned),
      disbursedAt: iso(row.disbursed_at),
      amountDisbursed: Number(row.amount_disbursed),
      daysOrderToPayment: row.days_order_to_payment,
      daysWaiting:
        row.status === 'disbursed' || !waitingFrom
          ? null
          : Math.floor((now - new Date(waitingFrom).getTime()) / DAY_MS),
    };
  });
}
