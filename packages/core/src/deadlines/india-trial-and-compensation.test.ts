import { describe, expect, it } from 'vitest';
import type { IndiaForum } from './india-events.ts';
import { createIndiaPack } from './india-pack.ts';
import {
  FIR_BNSS,
  FIR_CRPC,
  evaluateCase,
  event,
  obligationsOf,
  theObligation,
} from './india-test-support.ts';

describe('IN.BNSS.251.charge — BNSS s.251(1)(b): charge framed within 60 days of the first hearing on charge (BNSS only)', () => {
  const hearing = (
    forum: IndiaForum | undefined,
    events: ReturnType<typeof event>[],
    fir = FIR_BNSS,
  ) =>
    evaluateCase({
      asOf: '2025-12-31 00:00',
      ...(forum ? { forum } : {}),
      events: [fir, ...events],
    });

  it('BNSS s.251(1)(b): 60 days from the first hearing in a Court of Session or Special Court', () => {
    const result = hearing('sessions', [
      event('court.charge_hearing', '2025-03-01 11:00'),
      event('court.charge_hearing', '2025-03-15 11:00'),
      event('court.charges_framed', '2025-05-02 11:00'),
    ]);
    expect(theObligation(result, 'IN.BNSS.251.charge')).toMatchObject({
      startsAt: '2025-03-01T11:00:00+05:30',
      dueAt: '2025-04-30T23:59:59.999+05:30',
      status: 'met_late',
      metAt: '2025-05-02T11:00:00+05:30',
    });
    const special = hearing('special-pocso', [
      event('court.charge_hearing', '2025-03-01 11:00'),
      event('court.charges_framed', '2025-04-30 11:00'),
    ]);
    expect(theObligation(special, 'IN.BNSS.251.charge').status).toBe('met');
  });

  it('BNSS s.251(1)(b): not before a Magistrate, not without a forum, not under the CrPC', () => {
    const charge = [event('court.charge_hearing', '2025-03-01 11:00')];
    expect(obligationsOf(hearing('magistrate', charge), 'IN.BNSS.251.charge')).toEqual([]);
    expect(obligationsOf(hearing(undefined, charge), 'IN.BNSS.251.charge')).toEqual([]);
    expect(obligationsOf(hearing('sessions', charge, FIR_CRPC), 'IN.BNSS.251.charge')).toEqual([]);
  });
});

describe('IN.BNSS.258.judgment — BNSS s.258(1): judgment within 30 days of arguments, 45 if deferred (BNSS only, unconfirmed)', () => {
  const argued = (
    events: ReturnType<typeof event>[],
    options: { asOf?: string; pack?: ReturnType<typeof createIndiaPack> } = {},
  ) =>
    theObligation(
      evaluateCase(
        {
          asOf: options.asOf ?? '2025-12-31 00:00',
          forum: 'sessions',
          events: [FIR_BNSS, event('court.arguments_concluded', '2025-05-02 16:00'), ...events],
        },
        options.pack,
      ),
      'IN.BNSS.258.judgment',
    );

  it('BNSS s.258(1): 30 days from the end of arguments, the day excluded', () => {
    const onTime = argued([event('court.judgment', '2025-06-01 11:00')]);
    expect(onTime).toMatchObject({
      dueAt: '2025-06-01T23:59:59.999+05:30',
      status: 'met',
      unconfirmed: true,
    });
    expect(onTime.explanation.counting).toContain('no deferral recorded');
    expect(argued([event('court.judgment', '2025-06-10 11:00')]).status).toBe('met_late');
  });

  it('BNSS s.258(1): 45 days when a deferral follows the end of arguments; the same judgment is then on time', () => {
    const deferred = argued([
      event('court.judgment_deferred', '2025-05-20 11:00'),
      event('court.judgment', '2025-06-10 11:00'),
    ]);
    expect(deferred).toMatchObject({ dueAt: '2025-06-16T23:59:59.999+05:30', status: 'met' });
    expect(deferred.explanation.counting).toContain(
      'extended: judgment deferred on 2025-05-20T11:00:00+05:30',
    );
  });

  it('BNSS s.258(1): a deferral before the arguments ended or after asOf does not extend', () => {
    expect(argued([event('court.judgment_deferred', '2025-05-01 11:00')]).dueAt).toBe(
      '2025-06-01T23:59:59.999+05:30',
    );
    const notYet = argued([event('court.judgment_deferred', '2025-05-20 11:00')], {
      asOf: '2025-05-10 00:00',
    });
    expect(notYet).toMatchObject({ dueAt: '2025-06-01T23:59:59.999+05:30', status: 'open' });
  });

  it('BNSS s.258(1): the extension is configurable to 60 days, and says so', () => {
    const sixty = argued([event('court.judgment_deferred', '2025-05-20 11:00')], {
      pack: createIndiaPack({ judgmentExtendedDays: 60 }),
    });
    expect(sixty.dueAt).toBe('2025-07-01T23:59:59.999+05:30');
    expect(sixty.explanation.notes.join(' ')).toContain('60 days by configuration');
  });
});

describe('IN.BNSS.396.compensation — BNSS s.396(5) (CrPC s.357A(5)): compensation decided within 2 months of each application', () => {
  it('BNSS s.396(5): per victim and per application; another victim’s award does not count', () => {
    const result = evaluateCase({
      asOf: '2025-12-31 00:00',
      victims: [{ ref: 'V1' }, { ref: 'V2' }],
      events: [
        FIR_BNSS,
        event('compensation.applied', '2024-12-31 10:00', { victim: 'V1' }),
        event('compensation.applied', '2024-12-31 10:00', { victim: 'V2' }),
        event('compensation.awarded', '2025-02-28 17:00', { victim: 'V1' }),
        event('compensation.awarded', '2025-03-05 17:00', { victim: 'V2' }),
        event('compensation.applied', '2025-06-01 10:00', { victim: 'V1' }),
      ],
    });
    expect(
      obligationsOf(result, 'IN.BNSS.396.compensation').map((obligation) => [
        obligation.subject,
        obligation.dueAt,
        obligation.status,
      ]),
    ).toEqual([
      ['V1', '2025-02-28T23:59:59.999+05:30', 'met'],
      ['V2', '2025-02-28T23:59:59.999+05:30', 'met_late'],
      // The February award came before this second application.
      ['V1', '2025-08-01T23:59:59.999+05:30', 'overdue'],
    ]);
    expect(
      result.obligations.find((obligation) => obligation.rule === 'IN.BNSS.396.compensation')
        ?.consequence,
    ).toBe('entitlement');
  });

  it('CrPC s.357A(5): the twin for an FIR before 1 July 2024, unconfirmed', () => {
    const result = evaluateCase({
      asOf: '2024-12-31 00:00',
      victims: [{ ref: 'V1' }],
      events: [FIR_CRPC, event('compensation.applied', '2024-08-01 10:00', { victim: 'V1' })],
    });
    expect(obligationsOf(result, 'IN.BNSS.396.compensation')).toEqual([]);
    expect(theObligation(result, 'IN.CrPC.357A.compensation', 'V1')).toMatchObject({
      dueAt: '2024-10-01T23:59:59.999+05:30',
      status: 'overdue',
      unconfirmed: true,
    });
  });
});

describe('IN.POCSO.R9.payment — POCSO Rules 2020 r.9(5): compensation ordered by the Special Court paid within 30 days', () => {
  const awarded = (offences: string[], scheme: string | undefined, disbursed?: string) =>
    evaluateCase({
      asOf: '2025-12-31 00:00',
      offences,
      victims: [{ ref: 'V1' }, { ref: 'V2' }],
      events: [
        FIR_BNSS,
        event('compensation.awarded', '2025-01-31 11:00', {
          victim: 'V1',
          ...(scheme ? { scheme } : {}),
        }),
        event('compensation.disbursed', '2025-02-10 11:00', { victim: 'V2' }),
        ...(disbursed ? [event('compensation.disbursed', disbursed, { victim: 'V1' })] : []),
      ],
    });

  it('POCSO r.9(5): 30 days from a POCSO-R9 award to that victim’s disbursement', () => {
    expect(
      theObligation(
        awarded(['POCSO:6'], 'POCSO-R9', '2025-03-02 18:00'),
        'IN.POCSO.R9.payment',
        'V1',
      ),
    ).toMatchObject({
      startsAt: '2025-01-31T11:00:00+05:30',
      dueAt: '2025-03-02T23:59:59.999+05:30',
      status: 'met',
      consequence: 'entitlement',
    });
    expect(
      theObligation(
        awarded(['POCSO:6'], 'POCSO-R9', '2025-03-03 10:00'),
        'IN.POCSO.R9.payment',
        'V1',
      ).status,
    ).toBe('met_late');
    // V2's payment is not V1's.
    expect(
      theObligation(awarded(['POCSO:6'], 'POCSO-R9'), 'IN.POCSO.R9.payment', 'V1').status,
    ).toBe('overdue');
  });

  it('POCSO r.9(5): only for a POCSO-R9 award in a POCSO case', () => {
    expect(obligationsOf(awarded(['POCSO:6'], undefined), 'IN.POCSO.R9.payment')).toEqual([]);
    expect(obligationsOf(awarded(['POCSO:6'], 'WB-VCS-2017'), 'IN.POCSO.R9.payment')).toEqual([]);
    expect(obligationsOf(awarded(['BNS:143(4)'], 'POCSO-R9'), 'IN.POCSO.R9.payment')).toEqual([]);
  });
});
