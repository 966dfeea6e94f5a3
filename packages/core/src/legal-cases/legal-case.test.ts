import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { evaluate } from '../deadlines/evaluate.ts';
import { parseDeadlineInput } from '../deadlines/evaluate.ts';
import { checkCnr } from './cnr.ts';
import { deriveCustody } from './custody.ts';
import {
  deriveCompensationClaims,
  nextHearingOfLegalCase,
  summariseLegalCase,
} from './case-summary.ts';
import {
  newLegalEventSchema,
  storedLegalEventData,
  parseLegalEventData,
  type LegalEvent,
  type LegalEventType,
} from './legal-case-events.ts';
import { checkNewLegalEvent, legalSequenceViolations } from './sequence-rules.ts';
import { effectiveLegalTimeline } from './timeline.ts';
import { toDeadlineInput } from './to-deadline-input.ts';

let counter = 0;
function event(
  type: LegalEventType,
  occurredAt: string,
  data: unknown = {},
  supersedes?: string,
): LegalEvent {
  counter += 1;
  return {
    id: `e${String(counter).padStart(3, '0')}`,
    type,
    occurredAt,
    recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    supersedes: supersedes ?? null,
    officials: [],
    data: parseLegalEventData(type, data),
  };
}
const parties = { victims: ['V1', 'V2', 'V3'], accused: ['A1', 'A2'] };
const NOW = new Date('2026-01-01T00:00:00+05:30');

function story(): LegalEvent[] {
  return [
    event('victim.rescued', '2025-01-10T02:00:00+05:30', { victim: 'V1' }),
    event('fir.registered', '2025-01-10T09:30:00+05:30'),
    event('accused.arrested', '2025-01-10T03:00:00+05:30', { accused: 'A1' }),
    event('accused.arrested', '2025-01-10T03:10:00+05:30', { accused: 'A2' }),
    event('accused.produced_before_magistrate', '2025-01-11T11:00:00+05:30', { accused: 'A1' }),
    event('accused.remanded', '2025-01-11T14:00:00+05:30', { accused: 'A1', custody: 'judicial' }),
    event('accused.remanded', '2025-01-11T14:05:00+05:30', { accused: 'A2', custody: 'police' }),
    event('accused.bailed', '2025-02-01T14:05:00+05:30', { accused: 'A2', kind: 'regular' }),
    // Day 61 counting the remand day (11 Jan + 60 days = 12 March).
    event('chargesheet.filed', '2025-03-12T11:00:00+05:30', { accused: ['A1', 'A2'] }),
  ];
}

describe('eCourts CNR', () => {
  it('accepts 16 characters: state, district, establishment, serial, year', () => {
    expect(checkCnr('wbko01-001234-2025')).toEqual({ ok: true, cnr: 'WBKO010012342025' });
  });
  it('refuses a wrong length, a wrong shape and an implausible year', () => {
    expect(checkCnr('WBKO0100123420')).toMatchObject({ ok: false, message: /16 characters/ });
    expect(checkCnr('WB1O010012342025')).toMatchObject({ ok: false, message: /4 letters/ });
    expect(checkCnr('WBKO010012341800')).toMatchObject({ ok: false, message: /not plausible/ });
  });
});

describe('event vocabulary', () => {
  it('validates data per type, naming the field', () => {
    const result = newLegalEventSchema.safeParse({
      type: 'accused.remanded',
      occurredAt: '2025-01-11T14:00:00+05:30',
      data: { accused: 'A1', custody: 'house' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['data', 'custody']);
  });
  it('refuses names where references belong', () => {
    const result = newLegalEventSchema.safeParse({
      type: 'victim.rescued',
      occurredAt: '2025-01-10T02:00:00+05:30',
      data: { victim: 'Testbibi' },
    });
    expect(result.success).toBe(false);
  });
  it('reads stored data as the write path parsed it, filling the defaults, without validating again', () => {
    // Stored rows were parsed when written; a row written before a default existed lacks it.
    expect(storedLegalEventData('court.hearing', { purpose: 'evidence' })).toEqual(
      parseLegalEventData('court.hearing', { purpose: 'evidence' }),
    );
    expect(storedLegalEventData('court.hearing', { purpose: 'evidence' })).toMatchObject({
      adjourned: false,
    });
    expect(storedLegalEventData('victim.deposition_recorded', { victim: 'V1' })).toEqual({
      victim: 'V1',
      concluded: true,
    });
    const stored = { accused: 'A1', custody: 'judicial' };
    expect(storedLegalEventData('accused.remanded', stored)).toBe(stored);
    // Not an object: parsed in full, and refused as before.
    expect(() => storedLegalEventData('accused.remanded', 'A1')).toThrow();
  });
});

describe('custody derived from events', () => {
  it('follows arrest, remand, bail, and a judgment per accused', () => {
    const events = [
      ...story(),
      event('court.cognizance', '2025-03-20T11:00:00+05:30'),
      event('court.judgment', '2025-12-01T11:00:00+05:30', {
        verdicts: [
          { accused: 'A1', verdict: 'convicted', sentence: { imprisonment: 10 } },
          { accused: 'A2', verdict: 'acquitted' },
        ],
      }),
    ];
    const before = deriveCustody(['A1', 'A2'], effectiveLegalTimeline(story()));
    expect(before.map((item) => item.status)).toEqual(['judicial_custody', 'on_bail_regular']);
    const after = deriveCustody(['A1', 'A2'], effectiveLegalTimeline(events));
    expect(after.map((item) => item.status)).toEqual(['convicted', 'acquitted']);
  });
  it('an accused with no events is not arrested; absconding and default bail are their own', () => {
    const events = [
      event('accused.absconded', '2025-01-10T03:00:00+05:30', { accused: 'A2' }),
      event('accused.arrested', '2025-01-10T03:00:00+05:30', { accused: 'A1' }),
      event('accused.bailed', '2025-04-12T10:00:00+05:30', { accused: 'A1', kind: 'default' }),
    ];
    expect(deriveCustody(['A1', 'A2', 'A3'], effectiveLegalTimeline(events))).toMatchObject([
      { accused: 'A1', status: 'on_bail_default' },
      { accused: 'A2', status: 'absconding' },
      { accused: 'A3', status: 'not_arrested' },
    ]);
  });
});

describe('sequence rules refuse what cannot have happened', () => {
  const refusal = (existing: LegalEvent[], candidate: LegalEvent): string => {
    try {
      checkNewLegalEvent(parties, existing, candidate, NOW);
      return 'accepted';
    } catch (error) {
      if (error instanceof DomainError) return `${error.code}: ${error.message}`;
      throw error;
    }
  };

  it('a judgment before cognizance', () => {
    const judgment = event('court.judgment', '2025-06-01T11:00:00+05:30', {
      verdicts: [{ accused: 'A1', verdict: 'convicted' }],
    });
    expect(refusal(story(), judgment)).toMatch(
      /CONFLICT: a judgment cannot come before the court takes cognizance/,
    );
  });
  it('a remand of an accused never arrested', () => {
    const remand = event('accused.remanded', '2025-01-11T14:00:00+05:30', {
      accused: 'A1',
      custody: 'judicial',
    });
    expect(refusal([event('fir.registered', '2025-01-10T09:30:00+05:30')], remand)).toMatch(
      /a remand of A1, who was never arrested/,
    );
  });
  it('an event back-dated before its prerequisite is judged in time order', () => {
    const events = [...story(), event('court.cognizance', '2025-03-20T11:00:00+05:30')];
    const early = event('court.charges_framed', '2025-03-01T11:00:00+05:30');
    expect(refusal(events, early)).toMatch(/before the court takes cognizance/);
  });
  it('a second FIR, an unknown accused, a payment before an award, an event in the future', () => {
    expect(refusal(story(), event('fir.registered', '2025-01-12T09:30:00+05:30'))).toMatch(
      /already registered/,
    );
    expect(
      refusal(story(), event('accused.arrested', '2025-01-12T09:30:00+05:30', { accused: 'A9' })),
    ).toMatch(/A9, who is not an accused/);
    expect(
      refusal(
        story(),
        event('compensation.disbursed', '2025-05-01T10:00:00+05:30', {
          victim: 'V1',
          scheme: 'WB-VCS-2017',
          amountRupees: 100000,
        }),
      ),
    ).toMatch(/no WB-VCS-2017 award to V1/);
    expect(refusal(story(), event('court.cognizance', '2026-05-01T10:00:00+05:30'))).toMatch(
      /in the future/,
    );
  });
  it('a correction keeps its type and replaces the event it supersedes', () => {
    const events = story();
    const remand = events[5] as LegalEvent;
    const wrongType = event(
      'accused.bailed',
      remand.occurredAt,
      { accused: 'A1', kind: 'regular' },
      remand.id,
    );
    expect(refusal(events, wrongType)).toMatch(/keeps the type/);
    const correction = event(
      'accused.remanded',
      remand.occurredAt,
      { accused: 'A1', custody: 'police' },
      remand.id,
    );
    expect(refusal(events, correction)).toBe('accepted');
    const custody = deriveCustody(['A1'], effectiveLegalTimeline([...events, correction]));
    expect(custody[0]?.status).toBe('police_custody');
  });
  it('withdrawing the arrest makes the later remand impossible, so the withdrawal is refused', () => {
    const events = story();
    const arrest = events[2] as LegalEvent;
    const voided = event(
      'event.voided',
      '2025-01-12T00:00:00+05:30',
      { reason: 'wrong accused' },
      arrest.id,
    );
    expect(refusal(events, voided)).toMatch(/never arrested/);
  });
  it('a clean story has no violations', () => {
    expect(legalSequenceViolations(parties, effectiveLegalTimeline(story()))).toEqual([]);
  });
});

describe('next hearing', () => {
  it('is the next date set by the latest court event, flagged when it passed unrecorded', () => {
    const events = effectiveLegalTimeline([
      ...story(),
      event('court.cognizance', '2025-03-20T11:00:00+05:30', {
        nextDate: '2025-04-10T10:30:00+05:30',
      }),
      event('court.hearing', '2025-04-10T10:30:00+05:30', {
        purpose: 'charge',
        adjourned: true,
        adjournmentReason: 'accused_absent',
        nextDate: '2025-05-02T10:30:00+05:30',
        nextPurpose: 'charge',
      }),
    ]);
    expect(nextHearingOfLegalCase(events, new Date('2025-04-20T00:00:00+05:30'))).toMatchObject({
      at: '2025-05-02T10:30:00+05:30',
      purpose: 'charge',
      unrecorded: false,
    });
    expect(nextHearingOfLegalCase(events, new Date('2025-05-20T00:00:00+05:30'))?.unrecorded).toBe(
      true,
    );
    expect(summariseLegalCase(['A1', 'A2'], events, NOW).stage).toBe('trial');
  });
});

describe('compensation claims', () => {
  it('follow one victim under one scheme, with days from order to payment', () => {
    const claims = deriveCompensationClaims(
      effectiveLegalTimeline([
        event('compensation.applied', '2025-02-01T10:00:00+05:30', {
          victim: 'V1',
          scheme: 'WB-VCS-2017',
          amountRupees: 300000,
        }),
        event('compensation.interim_awarded', '2025-03-01T10:00:00+05:30', {
          victim: 'V1',
          scheme: 'WB-VCS-2017',
          amountRupees: 75000,
        }),
        event('compensation.awarded', '2025-04-01T10:00:00+05:30', {
          victim: 'V1',
          scheme: 'WB-VCS-2017',
          amountRupees: 300000,
        }),
        event('compensation.disbursed', '2025-03-31T10:00:00+05:30', {
          victim: 'V1',
          scheme: 'WB-VCS-2017',
          amountRupees: 75000,
        }),
        event('compensation.disbursed', '2025-06-01T10:00:00+05:30', {
          victim: 'V1',
          scheme: 'WB-VCS-2017',
          amountRupees: 225000,
        }),
      ]),
    );
    expect(claims).toEqual([
      expect.objectContaining({
        victim: 'V1',
        status: 'disbursed',
        amountApplied: 300000,
        amountInterim: 75000,
        amountSanctioned: 300000,
        amountDisbursed: 300000,
        daysOrderToPayment: 30,
      }),
    ]);
  });
});

describe('toDeadlineInput maps a case straight into the engine', () => {
  const facts = {
    offences: ['BNS:143(4)', 'POCSO:6'],
    forum: 'special-pocso' as const,
    victims: [{ ref: 'V1', birthDate: '2009-04-02' }, { ref: 'V2' }, { ref: 'V3' }],
    accused: [{ ref: 'A1' }, { ref: 'A2' }],
  };

  it('is valid engine input: only the engine’s event types, corrections applied', () => {
    const events = story();
    const input = toDeadlineInput(facts, events, '2025-06-01T12:00:00+05:30');
    expect(() => parseDeadlineInput(input)).not.toThrow();
    expect(input.events.map((item) => item.type)).not.toContain('accused.bailed');
    expect(input.events[0]).toMatchObject({ type: 'victim.rescued', victim: 'V1' });
  });

  it('a chargesheet on day 61 meets the 90-day clock of BNS 143(4) but misses a 60-day one', () => {
    const asOf = '2025-06-01T12:00:00+05:30';
    const ninety = evaluate(toDeadlineInput(facts, story(), asOf));
    const chargesheet = ninety.obligations.filter(
      (item) => item.rule === 'IN.BNSS.187.chargesheet',
    );
    expect(chargesheet.map((item) => item.status)).toEqual(['met', 'met']);
    const sixty = evaluate(
      toDeadlineInput(
        { ...facts, offences: ['ITPA:3', 'ITPA:4'], forum: 'magistrate' },
        story(),
        asOf,
      ),
    );
    expect(
      sixty.obligations
        .filter((item) => item.rule === 'IN.BNSS.187.chargesheet')
        .map((item) => item.status),
    ).toEqual(['met_late', 'met_late']);
  });
});
