import { DomainError } from '../errors.ts';
import type { CareCaseEvent, CareCaseEventType } from './events.ts';

/**
 * What a care case's events add up to. Events are append-only; a correction is a new event whose
 * `supersedesId` names the one it replaces, and a superseded event no longer counts. Current state
 * (phase, placement, closure) is always derived from the effective events, in date order.
 */
export const CARE_CASE_PHASES = [
  'intake',
  'interim_care',
  'shelter_care',
  'reintegration',
  'follow_up',
  'closed',
] as const;
export type CareCasePhase = (typeof CARE_CASE_PHASES)[number];

/** The events that count: those no other event supersedes, oldest first (ties: as given). */
export function effectiveEvents<Event extends CareCaseEvent>(events: readonly Event[]): Event[] {
  const superseded = new Set(
    events.map((event) => event.supersedesId).filter((id): id is string => Boolean(id)),
  );
  return events
    .filter((event) => !superseded.has(event.id))
    .map((event, index) => ({ event, index }))
    .sort(
      (left, right) =>
        Date.parse(left.event.occurredAt) - Date.parse(right.event.occurredAt) ||
        left.index - right.index,
    )
    .map(({ event }) => event);
}

export interface CareCaseState {
  phase: CareCasePhase;
  rescuedAt: string | null;
  /** The shelter (organisation id) where she is placed now, if anywhere. */
  placementOrganisationId: string | null;
  placementStartedAt: string | null;
  closedAt: string | null;
  closureReason: string | null;
  lastOccurredAt: string | null;
}

const INITIAL: CareCaseState = {
  lastOccurredAt: null,
  phase: 'intake',
  rescuedAt: null,
  placementOrganisationId: null,
  placementStartedAt: null,
  closedAt: null,
  closureReason: null,
};

/** The order in which phases usually follow; a later event never moves a case backwards past it. */
const RANK: Record<CareCasePhase, number> = {
  intake: 0,
  interim_care: 1,
  shelter_care: 2,
  reintegration: 3,
  follow_up: 4,
  closed: 5,
};

function atLeast(current: CareCasePhase, next: CareCasePhase): CareCasePhase {
  return RANK[next] > RANK[current] ? next : current;
}

/**
 * One event applied to the state. Throws CONFLICT for an event the case cannot take in its
 * state, VALIDATION_FAILED for one dated before the rescue. Exhaustive over the vocabulary.
 */
export function applyEvent(state: CareCaseState, event: CareCaseEvent): CareCaseState {
  return { ...applyToState(state, event), lastOccurredAt: event.occurredAt };
}

function applyToState(state: CareCaseState, event: CareCaseEvent): CareCaseState {
  const type: CareCaseEventType = event.type;
  if (state.closedAt !== null)
    throw new DomainError(
      'CONFLICT',
      `The case is closed; ${type} cannot be recorded after its closure.`,
    );
  if (state.rescuedAt !== null && Date.parse(event.occurredAt) < Date.parse(state.rescuedAt))
    throw new DomainError('VALIDATION_FAILED', `${type} is dated before the rescue.`, {
      issues: [{ path: 'occurredAt', message: 'is before the rescue' }],
    });
  const data = event.data;
  switch (type) {
    case 'rescue.identified':
      if (state.rescuedAt !== null)
        throw new DomainError(
          'CONFLICT',
          'The rescue is already recorded; to correct it, record a new one that supersedes it.',
        );
      if (state.lastOccurredAt !== null)
        throw new DomainError(
          'VALIDATION_FAILED',
          'The rescue is dated after events already recorded.',
          {
            issues: [
              { path: 'occurredAt', message: 'is after events already recorded on the case' },
            ],
          },
        );
      return { ...state, rescuedAt: event.occurredAt };
    case 'victim.produced_before_cwc':
    case 'victim.produced_before_magistrate':
      return { ...state, phase: atLeast(state.phase, 'interim_care') };
    case 'order.passed': {
      const kind = data.orderKind;
      if (kind === 'restoration' || kind === 'repatriation')
        return { ...state, phase: atLeast(state.phase, 'reintegration') };
      return { ...state, phase: atLeast(state.phase, 'interim_care') };
    }
    case 'placement.started':
      if (state.placementOrganisationId !== null)
        throw new DomainError(
          'CONFLICT',
          'She is already placed; end the current placement before starting another.',
        );
      return {
        ...state,
        // A new placement after reintegration (she came back) is shelter care again.
        phase: 'shelter_care',
        placementOrganisationId: String(data.organisationId),
        placementStartedAt: event.occurredAt,
      };
    case 'placement.ended': {
      if (state.placementOrganisationId === null)
        throw new DomainError('CONFLICT', 'There is no placement to end: none has started.');
      const reason = data.reason;
      const leavesCare =
        reason === 'restored_to_family' ||
        reason === 'repatriated' ||
        reason === 'independent_living';
      return {
        ...state,
        phase: leavesCare ? atLeast(state.phase, 'reintegration') : state.phase,
        placementOrganisationId: null,
        placementStartedAt: null,
      };
    }
    case 'service.delivered':
      if (data.service === 'repatriation' && data.repatriationStep === 'handed_over')
        return { ...state, phase: atLeast(state.phase, 'reintegration') };
      return state;
    case 'follow_up.visit':
      return RANK[state.phase] >= RANK.reintegration && state.placementOrganisationId === null
        ? { ...state, phase: 'follow_up' }
        : state;
    case 'case.closed':
      if (state.placementOrganisationId !== null)
        throw new DomainError(
          'CONFLICT',
          'She is still placed in a shelter; end the placement before closing the case.',
        );
      return {
        ...state,
        phase: 'closed',
        closedAt: event.occurredAt,
        closureReason: String(data.reason),
      };
    case 'care_plan.created':
    case 'care_plan.reviewed':
    case 'note.case':
    case 'note.counselling':
    case 'referral.made':
      return state;
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** The state of a case from all its events (superseded ones are ignored). */
export function deriveCareCaseState(events: readonly CareCaseEvent[]): CareCaseState {
  return effectiveEvents(events).reduce(applyEvent, INITIAL);
}

/** Each effective event with the phase the case was in right after it (for a grouped timeline). */
export function phasesAfterEvents(
  events: readonly CareCaseEvent[],
): { eventId: string; phase: CareCasePhase }[] {
  let state = INITIAL;
  return effectiveEvents(events).map((event) => {
    state = applyEvent(state, event);
    return { eventId: event.id, phase: state.phase };
  });
}

/**
 * Checks that `next` may join the case's events at `now`, and returns the state it leads to.
 * Throws VALIDATION_FAILED (dates, a bad correction) or CONFLICT (out of sequence).
 */
export function checkNewEvent(
  existing: readonly CareCaseEvent[],
  next: CareCaseEvent,
  now: Date,
): CareCaseState {
  const when = Date.parse(next.occurredAt);
  if (Number.isNaN(when))
    throw new DomainError('VALIDATION_FAILED', 'occurredAt: is not a date and time', {
      issues: [{ path: 'occurredAt', message: 'is not a date and time' }],
    });
  // A minute's grace: a phone's clock runs a little ahead of the server's.
  if (when > now.getTime() + 60_000)
    throw new DomainError('VALIDATION_FAILED', 'occurredAt: is in the future', {
      issues: [{ path: 'occurredAt', message: 'is in the future' }],
    });
  if (next.supersedesId) {
    const target = existing.find((event) => event.id === next.supersedesId);
    const issue = (message: string) =>
      new DomainError('VALIDATION_FAILED', `supersedes: ${message}`, {
        issues: [{ path: 'supersedes', message }],
      });
    if (!target) throw issue('is not an event of this case');
    if (existing.some((event) => event.supersedesId === target.id))
      throw issue('is already superseded; correct the newer event instead');
    if (target.type !== next.type) throw issue(`a correction must be a ${target.type} too`);
  }
  const rescue = effectiveEvents(existing).find(
    (event) => event.type === 'rescue.identified' && event.id !== next.supersedesId,
  );
  if (next.type !== 'rescue.identified' && rescue && when < Date.parse(rescue.occurredAt))
    throw new DomainError('VALIDATION_FAILED', `${next.type} is dated before the rescue.`, {
      issues: [{ path: 'occurredAt', message: 'is before the rescue' }],
    });
  const latest = effectiveEvents(existing).at(-1);
  if (next.type === 'case.closed' && latest && when < Date.parse(latest.occurredAt))
    throw new DomainError(
      'VALIDATION_FAILED',
      'The closure is dated before events already recorded.',
      {
        issues: [{ path: 'occurredAt', message: 'is before events already recorded on the case' }],
      },
    );
  return deriveCareCaseState([...existing, next]);
}

/** HTCDS 2.0 `cas_Status` for a case in this state. */
export function htcdsCaseStatus(
  state: Pick<CareCaseState, 'phase' | 'closureReason'>,
): 'Active' | 'FollowUp' | 'Closed' | 'ClosedReferred' {
  if (state.phase === 'closed')
    return state.closureReason === 'transferred' ? 'ClosedReferred' : 'Closed';
  return state.phase === 'follow_up' ? 'FollowUp' : 'Active';
}
