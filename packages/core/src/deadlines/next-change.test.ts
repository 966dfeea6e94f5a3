import { describe, expect, it } from 'vitest';
import { parseDeadlineInputWith, type DeadlineInput } from './deadline-input.schema.ts';
import { evaluateWithNextChangeAndPack } from './engine.ts';
import { indiaPack } from './india-pack.ts';
import { FIR_BNSS, event, indiaInput, type CaseParts } from './india-test-support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function inputOf(parts: CaseParts): DeadlineInput {
  return parseDeadlineInputWith(indiaInput(parts), [indiaPack]).input;
}

function at(input: DeadlineInput, asOf: number) {
  return evaluateWithNextChangeAndPack({ ...input, asOf: new Date(asOf).toISOString() }, indiaPack);
}

/** The result without its `asOf`: what the sweep stores. */
function stored(input: DeadlineInput, asOf: number) {
  const { result } = at(input, asOf);
  return { ...result, asOf: '' };
}

const REMANDED = {
  offences: ['BNS:143(2)'],
  accused: ['A1'],
  events: [
    FIR_BNSS,
    event('accused.arrested', '2025-01-10 10:00', { accused: 'A1' }),
    event('accused.produced_before_magistrate', '2025-01-10 20:00', { accused: 'A1' }),
    event('accused.remanded', '2025-01-10 21:00', { accused: 'A1', custody: 'judicial' }),
  ],
};

/**
 * Issue 11: the sweep evaluates a case whose input did not change only at the instant the engine
 * says its result, or an alert of it, could change. Too early costs work; too late is a wrong
 * deadline shown to a legal officer, so the safety side is checked over many instants.
 */
describe('the next instant at which a case’s deadlines change with the clock', () => {
  it('is the next alert time, then the instant after the due date, of an open obligation', () => {
    const input = inputOf({ asOf: '2025-01-20 10:00', ...REMANDED });
    const first = at(input, Date.parse(input.asOf));
    const chargesheet = first.result.obligations.find(
      (obligation) => obligation.rule === 'IN.BNSS.187.chargesheet',
    );
    if (!chargesheet) throw new Error('no chargesheet clock');
    const alerts = chargesheet.alertsAt.map(Date.parse).sort((left, right) => left - right);
    expect(first.nextChangeAt).toBe(alerts[0]);
    const afterAlerts = at(input, (alerts[alerts.length - 1] ?? 0) + 1);
    expect(afterAlerts.nextChangeAt).toBe(Date.parse(chargesheet.dueAt) + 1);
    const overdue = at(input, Date.parse(chargesheet.dueAt) + 1);
    expect(overdue.result.obligations.map((obligation) => obligation.status)).toContain('overdue');
    // Only the clocks still open can change it now.
    expect(overdue.nextChangeAt ?? Infinity).toBeGreaterThan(Date.parse(chargesheet.dueAt) + 1);
  });

  it('is the time of an event recorded ahead of the clock, which counts only from then', () => {
    const chargesheetAt = '2025-02-01 11:00';
    const input = inputOf({
      asOf: '2025-01-30 10:00',
      ...REMANDED,
      events: [...REMANDED.events, event('chargesheet.filed', chargesheetAt, { accused: [] })],
    });
    const result = at(input, Date.parse(input.asOf));
    expect(result.nextChangeAt).toBe(Date.parse('2025-02-01T11:00:00+05:30'));
  });

  it('is the next local midnight while an appeal period grows with each day a copy is awaited', () => {
    const input = inputOf({
      asOf: '2025-04-02 15:00',
      accused: ['A1'],
      events: [
        FIR_BNSS,
        event('court.judgment', '2025-03-10 15:00', { outcome: 'acquittal' }),
        event('certified_copy.applied', '2025-03-12 11:00'),
      ],
    });
    expect(at(input, Date.parse(input.asOf)).nextChangeAt).toBe(
      Date.parse('2025-04-03T00:00:00+05:30'),
    );
  });

  it('is never later than the first instant the stored result would differ', () => {
    const inputs = [
      inputOf({ asOf: '2025-01-01 00:00', ...REMANDED }),
      inputOf({
        asOf: '2025-01-01 00:00',
        offences: ['POCSO:6', 'BNS:64'],
        forum: 'special-pocso',
        victims: [{ ref: 'V1', birthDate: '2010-05-01' }],
        accused: ['A1', 'A2'],
        events: [
          ...REMANDED.events,
          event('victim.rescued', '2025-01-08 06:00', { victim: 'V1' }),
          event('victim.produced_before_cwc', '2025-01-09 12:00', { victim: 'V1' }),
          event('court.cognizance', '2025-03-01 11:00'),
          event('compensation.applied', '2025-03-05 11:00', { victim: 'V1' }),
          event('court.judgment', '2025-09-10 15:00', { outcome: 'acquittal' }),
          event('certified_copy.applied', '2025-09-12 11:00'),
          event('certified_copy.received', '2025-10-01 11:00'),
        ],
      }),
    ];
    let checked = 0;
    for (const input of inputs) {
      // Every day over a year and a half, the instant before each announced change, and those.
      let asOf = Date.parse('2025-01-05T00:00:00Z');
      const end = asOf + 540 * DAY;
      while (asOf < end) {
        const { nextChangeAt } = at(input, asOf);
        const before = stored(input, asOf);
        const probes = [asOf + DAY];
        if (nextChangeAt !== null) probes.push(nextChangeAt - 1);
        for (const probe of probes) {
          if (nextChangeAt !== null && probe >= nextChangeAt) continue;
          expect(stored(input, probe)).toEqual(before);
          checked += 1;
        }
        asOf = nextChangeAt !== null && nextChangeAt < asOf + DAY ? nextChangeAt : asOf + DAY;
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  }, 60_000);
});
