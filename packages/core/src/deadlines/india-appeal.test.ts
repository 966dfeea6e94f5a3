import { describe, expect, it } from 'vitest';
import { createIndiaPack } from './india-pack.ts';
import {
  FIR_BNSS,
  FIR_CRPC,
  contractOf,
  evaluateCase,
  event,
  obligationsOf,
  theObligation,
} from './india-test-support.ts';

const APPEAL = 'IN.LIM.appeal-acquittal';
const ACQUITTAL = event('court.judgment', '2025-03-10 15:00', { outcome: 'acquittal' });

function acquitted(
  events: ReturnType<typeof event>[],
  options: { asOf?: string; accused?: string[]; pack?: ReturnType<typeof createIndiaPack> } = {},
) {
  return evaluateCase(
    {
      asOf: options.asOf ?? '2025-12-31 00:00',
      accused: options.accused ?? ['A1', 'A2'],
      events: [FIR_BNSS, ...events],
    },
    options.pack,
  );
}

describe('IN.LIM.appeal-acquittal — Limitation Act 1963 Art. 114(a), s.12(2); BNSS s.413 / CrPC s.372 proviso: appeal against an acquittal (unconfirmed, configurable)', () => {
  it('Art. 114(a): 90 days from the acquittal, the judgment’s day excluded (s.12(1)), for each accused when it names none', () => {
    const result = acquitted([ACQUITTAL], { asOf: '2025-06-08 23:59' });
    expect(obligationsOf(result, APPEAL).map(contractOf)).toEqual(
      ['A1', 'A2'].map((subject) => ({
        rule: APPEAL,
        subject,
        startsAt: '2025-03-10T15:00:00+05:30',
        dueAt: '2025-06-08T23:59:59.999+05:30',
        status: 'open',
        metAt: null,
      })),
    );
    const appeal = theObligation(result, APPEAL, 'A1');
    expect(appeal).toMatchObject({
      consequence: 'limitation-bar',
      confidence: 'U',
      unconfirmed: true,
      responsibleRole: 'legal_officer',
    });
    expect(appeal.explanation.notes.join(' ')).toContain('configured: 90 days');
    expect(
      theObligation(acquitted([ACQUITTAL], { asOf: '2025-06-09 00:00' }), APPEAL, 'A1').status,
    ).toBe('overdue');
  });

  it('an appeal naming one accused meets that accused’s clock; an appeal naming none meets all', () => {
    const one = acquitted([
      ACQUITTAL,
      event('appeal.filed', '2025-05-01 11:00', { accused: ['A1'] }),
    ]);
    expect(theObligation(one, APPEAL, 'A1')).toMatchObject({
      status: 'met',
      metAt: '2025-05-01T11:00:00+05:30',
    });
    expect(theObligation(one, APPEAL, 'A2').status).toBe('overdue');
    const all = acquitted([ACQUITTAL, event('appeal.filed', '2025-06-10 11:00')]);
    expect(obligationsOf(all, APPEAL).map((obligation) => obligation.status)).toEqual([
      'met_late',
      'met_late',
    ]);
  });

  it('runs only for an acquittal, and only for the accused a judgment acquits', () => {
    expect(
      obligationsOf(
        acquitted([event('court.judgment', '2025-03-10 15:00', { outcome: 'conviction' })]),
        APPEAL,
      ),
    ).toEqual([]);
    expect(obligationsOf(acquitted([event('court.judgment', '2025-03-10 15:00')]), APPEAL)).toEqual(
      [],
    );
    const partial = acquitted([
      event('court.judgment', '2025-03-10 15:00', { outcome: 'acquittal', accused: ['A2'] }),
    ]);
    expect(obligationsOf(partial, APPEAL).map((obligation) => obligation.subject)).toEqual(['A2']);
  });

  it('s.12(2): the days from the certified-copy application to its receipt are excluded', () => {
    const result = acquitted([
      ACQUITTAL,
      event('certified_copy.applied', '2025-03-12 11:00'),
      event('certified_copy.received', '2025-04-01 16:00'),
    ]);
    const appeal = theObligation(result, APPEAL, 'A1');
    expect(appeal.dueAt).toBe('2025-06-28T23:59:59.999+05:30');
    expect(appeal.explanation.counting).toContain('20 days excluded');
  });

  it('s.12(2): nothing is excluded for an application before the judgment, or after the period has run', () => {
    const early = acquitted([
      event('certified_copy.applied', '2025-03-01 11:00'),
      event('certified_copy.received', '2025-04-01 16:00'),
      ACQUITTAL,
    ]);
    expect(theObligation(early, APPEAL, 'A1').dueAt).toBe('2025-06-08T23:59:59.999+05:30');
    const late = acquitted([
      ACQUITTAL,
      event('certified_copy.applied', '2025-06-09 11:00'),
      event('certified_copy.received', '2025-06-20 16:00'),
    ]);
    expect(theObligation(late, APPEAL, 'A1').dueAt).toBe('2025-06-08T23:59:59.999+05:30');
    const lastDay = acquitted([
      ACQUITTAL,
      event('certified_copy.applied', '2025-06-08 11:00'),
      event('certified_copy.received', '2025-06-10 16:00'),
    ]);
    expect(theObligation(lastDay, APPEAL, 'A1').dueAt).toBe('2025-06-10T23:59:59.999+05:30');
  });

  it('s.12(2): while the copy is awaited, the days up to asOf are excluded, so the clock is not overdue', () => {
    const awaited = acquitted([ACQUITTAL, event('certified_copy.applied', '2025-03-12 11:00')], {
      asOf: '2025-07-01 09:00',
    });
    const appeal = theObligation(awaited, APPEAL, 'A1');
    expect(appeal).toMatchObject({ dueAt: '2025-09-27T23:59:59.999+05:30', status: 'open' });
    expect(appeal.explanation.counting).toContain('not yet received');
  });

  it('the period is configured per installation (e.g. 60 days for a victim’s appeal where a High Court so reads it)', () => {
    const pack = createIndiaPack({ appealAcquittalDays: 60 });
    const appeal = theObligation(acquitted([ACQUITTAL], { pack }), APPEAL, 'A1');
    expect(appeal.dueAt).toBe('2025-05-09T23:59:59.999+05:30');
    expect(appeal.explanation.notes.join(' ')).toContain('configured: 60 days');
    expect(() => createIndiaPack({ appealAcquittalDays: 0 })).toThrow(/appealAcquittalDays/);
  });

  it('applies under the CrPC too, and to a case with no accused listed (one clock for the case)', () => {
    const crpc = evaluateCase({
      asOf: '2025-12-31 00:00',
      events: [FIR_CRPC, ACQUITTAL],
    });
    expect(crpc.regime).toBe('CrPC');
    expect(contractOf(theObligation(crpc, APPEAL))).toMatchObject({
      subject: null,
      dueAt: '2025-06-08T23:59:59.999+05:30',
    });
  });
});
