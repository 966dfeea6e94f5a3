import { DomainError } from '../errors.ts';
import { FINAL, IN_CUSTODY, nextCustody, type CustodyStatus } from './custody.ts';
import type { LegalEvent, LegalEventType } from './legal-case-events.ts';
import { effectiveLegalTimeline } from './timeline.ts';

/**
 * Sequence rules: what cannot have happened, refused before it is written (issue 5, "Impossible
 * sequences are refused with a clear error"). Each rule has a code so tests and clients can tell
 * them apart; the message names the accused or victim by their reference on the case.
 */
export interface SequenceViolation {
  readonly code: string;
  readonly eventId: string;
  readonly message: string;
}

export interface CaseParties {
  readonly victims: readonly string[];
  readonly accused: readonly string[];
}

const date = (event: LegalEvent): string => event.occurredAt.slice(0, 10);

const CUSTODY_ORDERS: readonly LegalEventType[] = [
  'victim.intermediate_custody_ordered',
  'victim.interim_custody_ordered',
];

/** Whether one of `orders` was recorded for the victim (an event naming none passes). */
function orderedFor(
  ordered: ReadonlySet<string>,
  orders: readonly LegalEventType[],
  victim: string | undefined,
): boolean {
  return victim === undefined || orders.some((order) => ordered.has(`${order}|${victim}`));
}

/** Every violation in an effective, ordered timeline. */
export function legalSequenceViolations(
  parties: CaseParties,
  timeline: readonly LegalEvent[],
): SequenceViolation[] {
  const violations: SequenceViolation[] = [];
  const seen = new Map<LegalEventType, LegalEvent>();
  const custody = new Map<string, CustodyStatus>(
    parties.accused.map((ref) => [ref, 'not_arrested']),
  );
  const everArrested = new Set<string>();
  const examined = new Set<string>();
  const producedToCwc = new Set<string>();
  const awarded = new Set<string>();
  const victims = new Set(parties.victims);
  /** `type|victim` for each per-victim order seen (custody, age determination, transfer). */
  const ordered = new Set<string>();

  for (const event of timeline) {
    const refuse = (code: string, message: string): void => {
      violations.push({ code, eventId: event.id, message });
    };
    const requireSeen = (type: LegalEventType, code: string, message: string): boolean => {
      if (seen.has(type)) return true;
      refuse(code, message);
      return false;
    };
    const data = event.data as Record<string, unknown>;

    // Parties named must be on the case.
    const victim = typeof data.victim === 'string' ? data.victim : undefined;
    for (const ref of [victim, ...((data.witnesses as string[] | undefined) ?? [])]) {
      if (ref !== undefined && !victims.has(ref)) {
        refuse('UNKNOWN_VICTIM', `${event.type} names ${ref}, who is not a victim on this case`);
      }
    }
    const accusedRefs = [
      ...(data.accused === undefined ? [] : [data.accused as string | string[]].flat()),
      ...((data.verdicts as { accused: string }[] | undefined) ?? []).map((item) => item.accused),
    ];
    const unknownAccused = accusedRefs.filter((ref) => !custody.has(ref));
    for (const ref of unknownAccused) {
      refuse('UNKNOWN_ACCUSED', `${event.type} names ${ref}, who is not an accused on this case`);
    }
    if (unknownAccused.length > 0) continue;

    const nextDate = data.nextDate;
    if (typeof nextDate === 'string' && Date.parse(nextDate) <= Date.parse(event.occurredAt)) {
      refuse('NEXT_DATE_NOT_AFTER', `${event.type}: the next date must be after the event itself`);
    }

    switch (event.type) {
      case 'fir.registered':
        if (seen.has('fir.registered')) {
          refuse(
            'FIR_ALREADY_REGISTERED',
            `the FIR was already registered on ${date(seen.get('fir.registered') as LegalEvent)}; correct that event instead (supersedes)`,
          );
        }
        break;
      case 'accused.arrested':
      case 'accused.produced_before_magistrate':
      case 'accused.remanded':
      case 'accused.bailed':
      case 'accused.absconded':
      case 'accused.discharged':
      case 'accused.bail_applied': {
        const ref = data.accused as string;
        const status = custody.get(ref) ?? 'not_arrested';
        const problem = accusedEventProblem(event, ref, status, everArrested.has(ref), seen);
        if (problem) {
          refuse(problem.code, problem.message);
          break;
        }
        if (event.type === 'accused.arrested') everArrested.add(ref);
        custody.set(ref, nextCustody(status, event));
        break;
      }
      case 'chargesheet.filed':
        requireSeen(
          'fir.registered',
          'CHARGESHEET_BEFORE_FIR',
          'a chargesheet cannot be filed before the FIR is registered',
        );
        break;
      case 'chargesheet.supplementary':
        requireSeen(
          'chargesheet.filed',
          'SUPPLEMENTARY_BEFORE_CHARGESHEET',
          'a supplementary chargesheet needs a chargesheet filed before it',
        );
        break;
      case 'court.cognizance':
        if (seen.has('court.cognizance')) {
          refuse('COGNIZANCE_ALREADY_TAKEN', 'the court has already taken cognizance');
          break;
        }
        requireSeen(
          'chargesheet.filed',
          'COGNIZANCE_BEFORE_CHARGESHEET',
          'the court cannot take cognizance before a chargesheet is filed',
        );
        break;
      case 'court.committed':
      case 'court.documents_supplied':
      case 'court.charge_hearing':
      case 'court.charges_framed':
      case 'victim.deposition_recorded':
        requireSeen(
          'court.cognizance',
          'BEFORE_COGNIZANCE',
          `${event.type} cannot come before the court takes cognizance`,
        );
        break;
      case 'court.arguments_concluded':
        if (
          requireSeen(
            'court.cognizance',
            'BEFORE_COGNIZANCE',
            'arguments cannot conclude before the court takes cognizance',
          )
        ) {
          requireSeen(
            'court.charges_framed',
            'ARGUMENTS_BEFORE_CHARGES',
            'arguments cannot conclude before charges are framed',
          );
        }
        break;
      case 'court.judgment_deferred':
        requireSeen(
          'court.arguments_concluded',
          'DEFERRED_BEFORE_ARGUMENTS',
          'judgment can be deferred only after arguments conclude',
        );
        break;
      case 'court.judgment': {
        if (
          !requireSeen(
            'court.cognizance',
            'JUDGMENT_BEFORE_COGNIZANCE',
            'a judgment cannot come before the court takes cognizance',
          )
        ) {
          break;
        }
        const named = new Set<string>();
        for (const { accused: ref, verdict } of data.verdicts as {
          accused: string;
          verdict: 'convicted' | 'acquitted';
        }[]) {
          const status = custody.get(ref) ?? 'not_arrested';
          if (named.has(ref)) refuse('VERDICT_TWICE', `the judgment names ${ref} twice`);
          else if (FINAL.includes(status))
            refuse('ALREADY_DECIDED', `${ref} was already ${status}; record an appeal instead`);
          else custody.set(ref, verdict);
          named.add(ref);
        }
        break;
      }
      case 'appeal.filed':
        requireSeen('court.judgment', 'APPEAL_BEFORE_JUDGMENT', 'an appeal needs a judgment');
        break;
      case 'appeal.decided': {
        if (!requireSeen('appeal.filed', 'DECIDED_BEFORE_APPEAL', 'no appeal has been filed')) {
          break;
        }
        const ref = data.accused as string | undefined;
        const verdict = data.verdict as 'convicted' | 'acquitted' | undefined;
        if (ref && verdict) custody.set(ref, verdict);
        break;
      }
      case 'medical.report_forwarded':
        if (victim && !examined.has(victim)) {
          refuse(
            'REPORT_BEFORE_EXAMINATION',
            `no medical examination of ${victim} is recorded before this report`,
          );
        }
        break;
      case 'victim.medical_examined':
        if (victim) examined.add(victim);
        break;
      case 'victim.produced_before_cwc':
        if (victim) producedToCwc.add(victim);
        break;
      case 'cwc.social_investigation_report':
      case 'cwc.final_order':
        if (victim && !producedToCwc.has(victim)) {
          refuse(
            'CWC_BEFORE_PRODUCTION',
            `${event.type}: ${victim} has not been produced before the CWC`,
          );
        }
        break;
      case 'compensation.interim_awarded':
      case 'compensation.awarded':
        awarded.add(`${victim ?? ''}|${String(data.scheme)}`);
        break;
      case 'compensation.disbursed':
        if (!awarded.has(`${victim ?? ''}|${String(data.scheme)}`)) {
          refuse(
            'DISBURSED_BEFORE_AWARD',
            `no ${String(data.scheme)} award to ${victim ?? ''} is recorded before this payment`,
          );
        }
        break;
      case 'victim.intermediate_custody_ordered':
      case 'victim.interim_custody_ordered':
      case 'cwc.age_determination_ordered':
      case 'cwc.transfer_ordered':
        if (victim) ordered.add(`${event.type}|${victim}`);
        break;
      case 'victim.released':
        if (!orderedFor(ordered, CUSTODY_ORDERS, victim)) {
          refuse(
            'RELEASE_BEFORE_ORDER',
            `no custody order for ${victim ?? ''} is recorded before this release`,
          );
        }
        break;
      case 'victim.age_determined':
        if (!orderedFor(ordered, ['cwc.age_determination_ordered'], victim)) {
          refuse(
            'AGE_DETERMINED_BEFORE_ORDER',
            `no age determination of ${victim ?? ''} is ordered before this result`,
          );
        }
        break;
      case 'victim.transferred':
        if (!orderedFor(ordered, ['cwc.transfer_ordered'], victim)) {
          refuse(
            'TRANSFER_BEFORE_ORDER',
            `no transfer of ${victim ?? ''} is ordered before this escort`,
          );
        }
        break;
      case 'accused.appeared_after_chargesheet':
        requireSeen(
          'chargesheet.filed',
          'APPEARANCE_BEFORE_CHARGESHEET',
          'an appearance after the chargesheet needs a chargesheet filed before it',
        );
        break;
      case 'certified_copy.applied':
        requireSeen(
          'court.judgment',
          'COPY_BEFORE_JUDGMENT',
          'a certified copy of the judgment needs a judgment',
        );
        break;
      case 'certified_copy.received':
        requireSeen(
          'certified_copy.applied',
          'COPY_RECEIVED_BEFORE_APPLIED',
          'no application for the certified copy is recorded before its receipt',
        );
        break;
      case 'victim.produced_before_magistrate':
      case 'victim.itpa_final_order':
      case 'cwc.special_relief_recommended':
      case 'victim.rescued':
      case 'victim.statement_recorded':
      case 'victim.informed_of_progress':
      case 'police.reported_to_cwc_and_court':
      case 'compensation.applied':
      case 'court.hearing':
      case 'event.voided':
        break;
      default: {
        const unreachable: never = event.type;
        throw new Error(`unknown event type ${String(unreachable)}`);
      }
    }
    if (!seen.has(event.type)) seen.set(event.type, event);
  }
  return violations;
}

function accusedEventProblem(
  event: LegalEvent,
  ref: string,
  status: CustodyStatus,
  wasArrested: boolean,
  seen: ReadonlyMap<LegalEventType, LegalEvent>,
): { code: string; message: string } | undefined {
  const inCustody = IN_CUSTODY.includes(status);
  const closed = FINAL.includes(status);
  const statusText = status.replace(/_/g, ' ');
  switch (event.type) {
    case 'accused.arrested':
      if (inCustody) return { code: 'ALREADY_IN_CUSTODY', message: `${ref} is already in custody` };
      if (status === 'acquitted' || status === 'discharged')
        return { code: 'ACCUSED_CLOSED', message: `${ref} was ${statusText}` };
      return undefined;
    case 'accused.produced_before_magistrate':
    case 'accused.remanded': {
      const what = event.type === 'accused.remanded' ? 'a remand' : 'a production';
      if (!wasArrested)
        return {
          code: 'NEVER_ARRESTED',
          message: `${what} of ${ref}, who was never arrested: record accused.arrested first`,
        };
      if (!inCustody)
        return {
          code: 'NOT_IN_CUSTODY',
          message: `${what} of ${ref}, who is ${statusText}: record the arrest or surrender first`,
        };
      return undefined;
    }
    case 'accused.bailed': {
      const kind = (event.data as { kind: string }).kind;
      if (kind === 'anticipatory') {
        return inCustody || closed
          ? {
              code: 'ANTICIPATORY_IN_CUSTODY',
              message: `anticipatory bail for ${ref}, who is ${statusText}`,
            }
          : undefined;
      }
      if (status === 'convicted' && seen.has('appeal.filed')) return undefined;
      return inCustody
        ? undefined
        : { code: 'BAIL_NOT_IN_CUSTODY', message: `bail for ${ref}, who is ${statusText}` };
    }
    case 'accused.absconded':
    case 'accused.bail_applied':
      return closed && status !== 'convicted'
        ? { code: 'ACCUSED_CLOSED', message: `${ref} was ${statusText}` }
        : undefined;
    case 'accused.discharged':
      if (!seen.has('court.cognizance'))
        return {
          code: 'BEFORE_COGNIZANCE',
          message: `${ref} cannot be discharged before the court takes cognizance`,
        };
      return closed ? { code: 'ACCUSED_CLOSED', message: `${ref} was ${statusText}` } : undefined;
    default:
      return undefined;
  }
}

const keyOf = (violation: SequenceViolation): string => `${violation.code}|${violation.eventId}`;

/**
 * Refuses a new event (not yet in `existing`) if it adds a violation that
 * the timeline did not have without it, or if its `supersedes` is not a live event of the same
 * type. Violations already there (recorded before a rule existed) do not block new work.
 */
export function checkNewLegalEvent(
  parties: CaseParties,
  existing: readonly LegalEvent[],
  candidate: LegalEvent,
  now: Date,
): void {
  const fail = (path: string, message: string): never => {
    throw new DomainError('CONFLICT', message, { issues: [{ path, message }] });
  };
  if (Date.parse(candidate.occurredAt) > now.getTime() + 5 * 60_000) {
    fail('body.occurredAt', 'occurredAt: is in the future; record events once they happen');
  }
  if (candidate.supersedes) {
    const target = existing.find((event) => event.id === candidate.supersedes);
    if (!target) fail('body.supersedes', 'supersedes: no such event on this case');
    else if (existing.some((event) => event.supersedes === target.id))
      fail('body.supersedes', 'supersedes: that event was already corrected or withdrawn');
    else if (target.type === 'event.voided')
      fail('body.supersedes', 'supersedes: a withdrawal cannot be corrected');
    else if (candidate.type !== 'event.voided' && candidate.type !== target.type)
      fail(
        'body.supersedes',
        `supersedes: a correction keeps the type (${target.type}); withdraw it with event.voided and record a new one`,
      );
  }
  const after = legalSequenceViolations(parties, effectiveLegalTimeline([...existing, candidate]));
  // A timeline with no violation adds none: the timeline before is judged only when there is one
  // to compare (issue 11: judging both was most of the rules' time on every recorded event).
  if (after.length === 0) return;
  const before = new Set(
    legalSequenceViolations(parties, effectiveLegalTimeline(existing)).map(keyOf),
  );
  const added = after.find((violation) => !before.has(keyOf(violation)));
  if (added) {
    throw new DomainError('CONFLICT', added.message, {
      issues: [{ path: 'body', message: `${added.code}: ${added.message}` }],
    });
  }
}
