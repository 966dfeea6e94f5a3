import { describe, expect, it } from 'vitest';
import { evaluate, parseDeadlineInput } from '../deadlines/evaluate.ts';
import { DomainError } from '../errors.ts';
import { parseLegalEventData, type LegalEvent, type LegalEventType } from './legal-case-events.ts';
import { checkNewLegalEvent } from './sequence-rules.ts';
import { toDeadlineInput } from './to-deadline-input.ts';

/** Issue 18: the events of deadline pack 2 on a legal case, their sequence rules and clocks. */

let counter = 0;
function event(type: LegalEventType, occurredAt: string, data: unknown = {}): LegalEvent {
  counter += 1;
  return {
    id: `p${String(counter).padStart(3, '0')}`,
    type,
    occurredAt,
    recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    supersedes: null,
    officials: [],
    data: parseLegalEventData(type, data),
  };
}

const at = (wallClock: string): string => `${wallClock.replace(' ', 'T')}:00+05:30`;
const parties = { victims: ['V1', 'V2'], accused: ['A1', 'A2'] };
const NOW = new Date('2026-01-01T00:00:00+05:30');

function refusal(existing: LegalEvent[], candidate: LegalEvent): string {
  try {
    checkNewLegalEvent(parties, existing, candidate, NOW);
    return 'accepted';
  } catch (error) {
    if (error instanceof DomainError) return error.details?.issues?.[0]?.message ?? '';
    throw error;
  }
}

/** FIR, chargesheet, cognizance, charges, arguments: a trial ready for its judgment. */
function tried(): LegalEvent[] {
  return [
    event('fir.registered', at('2025-01-10 09:30')),
    event('chargesheet.filed', at('2025-03-01 11:00')),
    event('court.cognizance', at('2025-03-10 11:00')),
    event('court.charges_framed', at('2025-04-01 11:00')),
    event('court.arguments_concluded', at('2025-05-01 11:00')),
  ];
}

describe('sequence rules of pack 2', () => {
  it('no release before a custody order of that person (ITPA s.17)', () => {
    const release = event('victim.released', at('2025-01-20 10:00'), { victim: 'V1' });
    expect(refusal([], release)).toMatch(/^RELEASE_BEFORE_ORDER: no custody order for V1/);
    const otherOrdered = [
      event('victim.interim_custody_ordered', at('2025-01-12 10:00'), { victim: 'V2' }),
    ];
    expect(refusal(otherOrdered, release)).toMatch(/^RELEASE_BEFORE_ORDER/);
    const ordered = [
      event('victim.intermediate_custody_ordered', at('2025-01-12 10:00'), { victim: 'V1' }),
    ];
    expect(refusal(ordered, release)).toBe('accepted');
  });

  it('no appeal, and no certified copy, before a judgment; no copy received before it is applied for', () => {
    const appeal = event('appeal.filed', at('2025-06-01 10:00'), { by: 'state' });
    expect(refusal(tried(), appeal)).toMatch(/^APPEAL_BEFORE_JUDGMENT/);
    const applied = event('certified_copy.applied', at('2025-06-01 10:00'));
    expect(refusal(tried(), applied)).toMatch(/^COPY_BEFORE_JUDGMENT/);
    const judged = [
      ...tried(),
      event('court.judgment', at('2025-05-20 11:00'), {
        verdicts: [{ accused: 'A1', verdict: 'acquitted' }],
      }),
    ];
    expect(refusal(judged, appeal)).toBe('accepted');
    expect(refusal(judged, event('certified_copy.received', at('2025-06-02 10:00')))).toMatch(
      /^COPY_RECEIVED_BEFORE_APPLIED/,
    );
  });

  it('no age result or escort before its CWC order; no appearance after a chargesheet that is not filed', () => {
    expect(
      refusal([], event('victim.age_determined', at('2025-02-01 10:00'), { victim: 'V1' })),
    ).toMatch(/^AGE_DETERMINED_BEFORE_ORDER/);
    expect(
      refusal([], event('victim.transferred', at('2025-02-01 10:00'), { victim: 'V1' })),
    ).toMatch(/^TRANSFER_BEFORE_ORDER/);
    expect(
      refusal(
        [event('fir.registered', at('2025-01-10 09:30'))],
        event('accused.appeared_after_chargesheet', at('2025-02-01 10:00'), { accused: 'A1' }),
      ),
    ).toMatch(/^APPEARANCE_BEFORE_CHARGESHEET/);
  });
});

describe('pack 2 clocks from a legal case', () => {
  const facts = {
    offences: ['BNS:64', 'BNS:143(4)'],
    forum: 'sessions' as const,
    victims: [{ ref: 'V1', birthDate: '1998-02-03' }],
    accused: [{ ref: 'A1' }, { ref: 'A2' }],
  };
  const asOf = '2025-12-31T00:00:00+05:30';

  it('an acquittal starts the appeal clock for the accused it acquits (Limitation Act Art. 114); an appeal by an accused does not meet it', () => {
    const events = [
      ...tried(),
      event('court.judgment', at('2025-05-20 11:00'), {
        verdicts: [
          { accused: 'A1', verdict: 'acquitted' },
          { accused: 'A2', verdict: 'convicted' },
        ],
      }),
      event('certified_copy.applied', at('2025-05-21 10:00')),
      event('certified_copy.received', at('2025-05-31 10:00')),
      event('appeal.filed', at('2025-06-10 10:00'), { by: 'accused', accused: 'A1' }),
    ];
    const input = toDeadlineInput(facts, events, asOf);
    expect(() => parseDeadlineInput(input)).not.toThrow();
    const appeals = evaluate(input).obligations.filter(
      (item) => item.rule === 'IN.LIM.appeal-acquittal',
    );
    // 20 May + 90 days = 18 August; 10 days of waiting for the copy excluded: 28 August.
    expect(appeals.map(({ subject, dueAt, status }) => ({ subject, dueAt, status }))).toEqual([
      { subject: 'A1', dueAt: '2025-08-28T23:59:59.999+05:30', status: 'overdue' },
    ]);
    const withStateAppeal = toDeadlineInput(
      facts,
      [...events, event('appeal.filed', at('2025-08-01 10:00'), { by: 'state', accused: 'A1' })],
      asOf,
    );
    expect(
      evaluate(withStateAppeal).obligations.find((item) => item.rule === 'IN.LIM.appeal-acquittal')
        ?.status,
    ).toBe('met');
  });

  it('committal, supply of documents and the rape-trial clock read the case’s own event names (BNSS ss.230, 232, 346)', () => {
    const events = [
      event('fir.registered', at('2025-01-10 09:30')),
      event('chargesheet.filed', at('2025-03-01 11:00')),
      event('accused.appeared_after_chargesheet', at('2025-03-05 11:00'), { accused: 'A1' }),
      event('court.cognizance', at('2025-03-10 11:00')),
      event('court.documents_supplied', at('2025-03-12 11:00'), { accused: ['A1'] }),
      event('court.committed', at('2025-04-01 11:00')),
    ];
    const result = evaluate(toDeadlineInput(facts, events, asOf));
    const status = (rule: string): string | undefined =>
      result.obligations.find((item) => item.rule === rule)?.status;
    expect(status('IN.BNSS.230.documents')).toBe('met');
    expect(status('IN.BNSS.232.committal')).toBe('met');
    expect(status('IN.BNSS.346.rape-trial')).toBe('overdue');
  });

  it('custody of a rescued woman and POCSO special relief run per victim (ITPA s.17(3); POCSO Rules r.8(2))', () => {
    const events = [
      event('victim.interim_custody_ordered', at('2025-02-10 12:00'), { victim: 'V1' }),
      event('victim.released', at('2025-03-04 10:00'), { victim: 'V1' }),
      event('cwc.special_relief_recommended', at('2025-02-25 13:00'), { victim: 'V1' }),
      event('compensation.awarded', at('2025-02-26 13:00'), {
        victim: 'V1',
        scheme: 'POCSO-R8',
        amountRupees: 5000,
      }),
      event('compensation.disbursed', at('2025-03-03 13:00'), {
        victim: 'V1',
        scheme: 'POCSO-R8',
        amountRupees: 5000,
      }),
    ];
    const result = evaluate(toDeadlineInput({ ...facts, offences: ['POCSO:6'] }, events, asOf));
    const clock = (rule: string) => result.obligations.find((item) => item.rule === rule);
    expect(clock('IN.ITPA.17.interim-custody')).toMatchObject({
      subject: 'V1',
      status: 'met_late',
    });
    expect(clock('IN.POCSO.R8.special-relief')).toMatchObject({ subject: 'V1', status: 'met' });
  });
});
