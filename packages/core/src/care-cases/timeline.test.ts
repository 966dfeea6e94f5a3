import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { CareCaseEvent, CareCaseEventType } from './events.ts';
import {
  checkNewEvent,
  deriveCareCaseState,
  effectiveEvents,
  htcdsCaseStatus,
  phasesAfterEvents,
} from './timeline.ts';

const SHELTER = '6f1c4d1e-6a43-4a8e-9c8f-000000000001';
let counter = 0;
function event(
  type: CareCaseEventType,
  occurredAt: string,
  data: Record<string, unknown> = {},
  supersedesId?: string,
): CareCaseEvent {
  counter += 1;
  return { id: `e${counter}`, type, occurredAt, data, supersedesId };
}

const rescue = event('rescue.identified', '2025-03-03T23:30:00+05:30');
const production = event('victim.produced_before_cwc', '2025-03-04T11:00:00+05:30');
const placed = event('placement.started', '2025-03-04T15:00:00+05:30', {
  organisationId: SHELTER,
  placementKind: 'shelter_home',
});
const restoredToFamily = event('placement.ended', '2025-09-01T10:00:00+05:30', {
  reason: 'restored_to_family',
});
const visit = event('follow_up.visit', '2025-10-01T10:00:00+05:30', { mode: 'home_visit' });
const closed = event('case.closed', '2026-03-05T10:00:00+05:30', { reason: 'restored' });
const NOW = new Date('2026-04-01T00:00:00+05:30');

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('phase derivation', () => {
  it('walks intake → interim care → shelter care → reintegration → follow-up → closed', () => {
    expect(deriveCareCaseState([]).phase).toBe('intake');
    expect(deriveCareCaseState([rescue]).phase).toBe('intake');
    expect(deriveCareCaseState([rescue, production]).phase).toBe('interim_care');
    expect(deriveCareCaseState([rescue, production, placed])).toMatchObject({
      phase: 'shelter_care',
      placementOrganisationId: SHELTER,
    });
    const reintegrated = deriveCareCaseState([rescue, production, placed, restoredToFamily]);
    expect(reintegrated).toMatchObject({ phase: 'reintegration', placementOrganisationId: null });
    expect(deriveCareCaseState([rescue, production, placed, restoredToFamily, visit]).phase).toBe(
      'follow_up',
    );
    expect(
      deriveCareCaseState([rescue, production, placed, restoredToFamily, visit, closed]),
    ).toMatchObject({ phase: 'closed', closureReason: 'restored' });
  });

  it('maps to HTCDS cas_Status', () => {
    expect(htcdsCaseStatus({ phase: 'shelter_care', closureReason: null })).toBe('Active');
    expect(htcdsCaseStatus({ phase: 'follow_up', closureReason: null })).toBe('FollowUp');
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'restored' })).toBe('Closed');
    expect(htcdsCaseStatus({ phase: 'closed', closureReason: 'transferred' })).toBe(
      'ClosedReferred',
    );
  });

  it('orders by when things happened, not when they were recorded', () => {
    expect(deriveCareCaseState([placed, production, rescue]).phase).toBe('shelter_care');
  });

  it('a restoration order moves the case to reintegration; the grouped phases say where each event fell', () => {
    const order = event('order.passed', '2025-08-01T10:00:00+05:30', {
      authority: 'cwc',
      orderKind: 'restoration',
    });
    expect(phasesAfterEvents([rescue, production, order])).toEqual([
      { eventId: rescue.id, phase: 'intake' },
      { eventId: production.id, phase: 'interim_care' },
      { eventId: order.id, phase: 'reintegration' },
    ]);
  });
});

describe('supersede semantics', () => {
  it('a correction replaces the event it supersedes; the superseded one no longer counts', () => {
    const wrongShelter = event('placement.started', '2025-03-04T15:00:00+05:30', {
      organisationId: '6f1c4d1e-6a43-4a8e-9c8f-000000000999',
      placementKind: 'shelter_home',
    });
    const correction = event(
      'placement.started',
      '2025-03-04T15:00:00+05:30',
      { organisationId: SHELTER, placementKind: 'shelter_home' },
      wrongShelter.id,
    );
    const events = [rescue, wrongShelter, correction];
    expect(effectiveEvents(events).map((each) => each.id)).toEqual([rescue.id, correction.id]);
    expect(deriveCareCaseState(events).placementOrganisationId).toBe(SHELTER);
  });

  it('refuses a correction of another type, of a stranger event, or of an already corrected one', () => {
    const first = event('note.case', '2025-03-05T10:00:00+05:30', { text: 'first' });
    const fix = event('note.case', '2025-03-05T10:00:00+05:30', { text: 'fixed' }, first.id);
    expect(
      errorOf(() =>
        checkNewEvent(
          [rescue, first],
          event('follow_up.visit', '2025-03-06T10:00:00+05:30', {}, first.id),
          NOW,
        ),
      ).details?.issues?.[0],
    ).toEqual({ path: 'supersedes', message: 'a correction must be a note.case too' });
    expect(
      errorOf(() =>
        checkNewEvent([rescue], event('note.case', '2025-03-06T10:00:00+05:30', {}, 'nope'), NOW),
      ).message,
    ).toContain('is not an event of this case');
    expect(
      errorOf(() =>
        checkNewEvent(
          [rescue, first, fix],
          event('note.case', '2025-03-06T10:00:00+05:30', {}, first.id),
          NOW,
        ),
      ).message,
    ).toContain('already superseded');
  });
});

describe('sequence checks', () => {
  it('refuses closing a closed case', () => {
    const error = errorOf(() =>
      checkNewEvent(
        [rescue, closed],
        event('case.closed', '2026-03-06T10:00:00+05:30', { reason: 'other' }),
        NOW,
      ),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('closed');
  });

  it('refuses an event dated before the rescue, naming occurredAt', () => {
    const error = errorOf(() =>
      checkNewEvent(
        [rescue],
        event('victim.produced_before_cwc', '2025-03-01T10:00:00+05:30'),
        NOW,
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.issues).toEqual([
      { path: 'occurredAt', message: 'is before the rescue' },
    ]);
  });

  it('refuses a rescue dated after events already on the case', () => {
    const note = event('note.case', '2025-03-01T10:00:00+05:30', { text: 'arrived' });
    expect(
      errorOf(() =>
        checkNewEvent([note], event('rescue.identified', '2025-03-03T10:00:00+05:30'), NOW),
      ).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('refuses an event in the future', () => {
    const error = errorOf(() =>
      checkNewEvent([rescue], event('note.case', '2026-05-01T10:00:00+05:30'), NOW),
    );
    expect(error.details?.issues).toEqual([{ path: 'occurredAt', message: 'is in the future' }]);
  });

  it('refuses a placement end without a start, and a second placement while one is open', () => {
    expect(errorOf(() => checkNewEvent([rescue], restoredToFamily, NOW)).message).toContain(
      'no placement to end',
    );
    expect(
      errorOf(() =>
        checkNewEvent(
          [rescue, placed],
          event('placement.started', '2025-04-01T10:00:00+05:30', placed.data),
          NOW,
        ),
      ).code,
    ).toBe('CONFLICT');
  });

  it('refuses a closure dated before events already recorded', () => {
    const error = errorOf(() =>
      checkNewEvent(
        [rescue, production, placed, restoredToFamily],
        event('case.closed', '2025-08-01T10:00:00+05:30', { reason: 'restored' }),
        NOW,
      ),
    );
    expect(error.details?.issues).toEqual([
      { path: 'occurredAt', message: 'is before events already recorded on the case' },
    ]);
  });

  it('refuses closing a case while she is still placed', () => {
    const error = errorOf(() => checkNewEvent([rescue, placed], closed, NOW));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('end the placement');
  });

  it('a second rescue must supersede the first', () => {
    expect(
      errorOf(() =>
        checkNewEvent([rescue], event('rescue.identified', '2025-03-04T01:00:00+05:30'), NOW),
      ).code,
    ).toBe('CONFLICT');
    expect(
      checkNewEvent(
        [rescue],
        event('rescue.identified', '2025-03-03T22:00:00+05:30', {}, rescue.id),
        NOW,
      ).rescuedAt,
    ).toBe('2025-03-03T22:00:00+05:30');
  });
});
