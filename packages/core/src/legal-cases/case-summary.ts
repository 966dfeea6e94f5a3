import { deriveCustody, IN_CUSTODY, type AccusedCustody } from './custody.ts';
import type { CompensationScheme, LegalEvent, LegalEventType } from './legal-case-events.ts';

/** Where a case stands, from its effective timeline. */
export const LEGAL_CASE_STAGES = [
  'pre_fir',
  'investigation',
  'chargesheeted',
  'trial',
  'judgment',
  'appeal',
] as const;
export type LegalCaseStage = (typeof LEGAL_CASE_STAGES)[number];

export interface NextHearing {
  readonly at: string;
  readonly purpose: string | null;
  /** The event that set the date. */
  readonly setBy: string;
  /** True when the date has passed and nothing since was recorded: the diary needs updating. */
  readonly unrecorded: boolean;
}

export interface LegalCaseSummary {
  readonly stage: LegalCaseStage;
  readonly custody: AccusedCustody[];
  readonly accusedInCustody: number;
  readonly nextHearing: NextHearing | null;
  readonly lastEventAt: string | null;
}

const has = (timeline: readonly LegalEvent[], type: LegalEventType): boolean =>
  timeline.some((event) => event.type === type);

export function legalCaseStageOf(timeline: readonly LegalEvent[]): LegalCaseStage {
  if (has(timeline, 'appeal.filed')) return 'appeal';
  if (has(timeline, 'court.judgment')) return 'judgment';
  if (has(timeline, 'court.cognizance')) return 'trial';
  if (has(timeline, 'chargesheet.filed')) return 'chargesheeted';
  if (has(timeline, 'fir.registered')) return 'investigation';
  return 'pre_fir';
}

/**
 * The next date the case comes up: the `nextDate` set by the latest event (in time) that set one.
 * A later event without a next date (a judgment) ends the diary.
 */
export function nextHearingOfLegalCase(
  timeline: readonly LegalEvent[],
  asOf: Date,
): NextHearing | null {
  let next: NextHearing | null = null;
  for (const event of timeline) {
    if (Date.parse(event.occurredAt) > asOf.getTime()) break;
    const data = event.data as { nextDate?: string; nextPurpose?: string };
    if (data.nextDate) {
      next = {
        at: data.nextDate,
        purpose: data.nextPurpose ?? null,
        setBy: event.id,
        unrecorded: false,
      };
    } else if (event.type === 'court.judgment' || event.type === 'court.hearing') {
      next = null;
    }
  }
  if (next && Date.parse(next.at) < asOf.getTime()) return { ...next, unrecorded: true };
  return next;
}

export function summariseLegalCase(
  accusedRefs: readonly string[],
  timeline: readonly LegalEvent[],
  asOf: Date,
): LegalCaseSummary {
  const custody = deriveCustody(accusedRefs, timeline);
  return {
    stage: legalCaseStageOf(timeline),
    custody,
    accusedInCustody: custody.filter((item) => IN_CUSTODY.includes(item.status)).length,
    nextHearing: nextHearingOfLegalCase(timeline, asOf),
    lastEventAt: timeline.at(-1)?.occurredAt ?? null,
  };
}

/** A compensation claim: one victim under one scheme, from its compensation.* events. */
export interface CompensationClaim {
  readonly victim: string;
  readonly scheme: CompensationScheme;
  readonly authority: string | null;
  readonly appliedAt: string | null;
  readonly amountApplied: number | null;
  readonly interimAt: string | null;
  readonly amountInterim: number | null;
  readonly awardedAt: string | null;
  readonly amountSanctioned: number | null;
  /** The latest payment, and the sum of all payments. */
  readonly disbursedAt: string | null;
  readonly amountDisbursed: number;
  readonly status: 'applied' | 'interim' | 'sanctioned' | 'disbursed';
  /** Days from the first order (interim or final) to the first payment, if paid. */
  readonly daysOrderToPayment: number | null;
}

const DAY_MS = 86_400_000;

export function deriveCompensationClaims(timeline: readonly LegalEvent[]): CompensationClaim[] {
  const claims = new Map<string, CompensationClaim>();
  const firstPaid = new Map<string, string>();
  for (const event of timeline) {
    if (!event.type.startsWith('compensation.')) continue;
    const data = event.data as {
      victim: string;
      scheme: CompensationScheme;
      authority?: string;
      amountRupees?: number;
    };
    const key = `${data.victim}|${data.scheme}`;
    const claim = claims.get(key) ?? {
      victim: data.victim,
      scheme: data.scheme,
      authority: null,
      appliedAt: null,
      amountApplied: null,
      interimAt: null,
      amountInterim: null,
      awardedAt: null,
      amountSanctioned: null,
      disbursedAt: null,
      amountDisbursed: 0,
      status: 'applied' as const,
      daysOrderToPayment: null,
    };
    const authority = data.authority ?? claim.authority;
    const amount = data.amountRupees ?? null;
    switch (event.type) {
      case 'compensation.applied':
        claims.set(key, {
          ...claim,
          authority,
          appliedAt: event.occurredAt,
          amountApplied: amount,
        });
        break;
      case 'compensation.interim_awarded':
        claims.set(key, {
          ...claim,
          authority,
          interimAt: event.occurredAt,
          amountInterim: amount,
          status: claim.status === 'applied' ? 'interim' : claim.status,
        });
        break;
      case 'compensation.awarded':
        claims.set(key, {
          ...claim,
          authority,
          awardedAt: event.occurredAt,
          amountSanctioned: amount,
          status: claim.status === 'disbursed' ? 'disbursed' : 'sanctioned',
        });
        break;
      case 'compensation.disbursed': {
        const firstPaidAt = firstPaid.get(key) ?? event.occurredAt;
        firstPaid.set(key, firstPaidAt);
        const orderedAt = claim.interimAt ?? claim.awardedAt;
        claims.set(key, {
          ...claim,
          authority,
          disbursedAt: event.occurredAt,
          amountDisbursed: claim.amountDisbursed + (amount ?? 0),
          status: 'disbursed',
          daysOrderToPayment:
            orderedAt === null
              ? null
              : Math.floor((Date.parse(firstPaidAt) - Date.parse(orderedAt)) / DAY_MS),
        });
        break;
      }
      default:
        break;
    }
  }
  return [...claims.values()];
}
