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

describe('IN.BNSS.58.production — BNSS s.58 (CrPC s.57): arrested accused before a Magistrate in 24 hours', () => {
  const arrested = (asOf: string, produced?: string) =>
    evaluateCase({
      asOf,
      accused: ['A1'],
      events: [
        FIR_BNSS,
        event('accused.arrested', '2025-02-01 22:00', { accused: 'A1' }),
        ...(produced
          ? [event('accused.produced_before_magistrate', produced, { accused: 'A1' })]
          : []),
      ],
    });

  it('BNSS s.58: due 24 hours after the arrest, across midnight; met up to and at the due instant', () => {
    expect(
      contractOf(
        theObligation(
          arrested('2025-03-01 00:00', '2025-02-02 22:00'),
          'IN.BNSS.58.production',
          'A1',
        ),
      ),
    ).toEqual({
      rule: 'IN.BNSS.58.production',
      subject: 'A1',
      startsAt: '2025-02-01T22:00:00+05:30',
      dueAt: '2025-02-02T22:00:00+05:30',
      status: 'met',
      metAt: '2025-02-02T22:00:00+05:30',
    });
    const late = theObligation(
      arrested('2025-03-01 00:00', '2025-02-02 22:01'),
      'IN.BNSS.58.production',
    );
    expect(late.status).toBe('met_late');
    expect(late.consequence).toBe('unlawful-detention');
  });

  it('BNSS s.58: open until the 24 hours pass, then overdue', () => {
    expect(theObligation(arrested('2025-02-02 21:59'), 'IN.BNSS.58.production').status).toBe(
      'open',
    );
    expect(theObligation(arrested('2025-02-02 22:00'), 'IN.BNSS.58.production').status).toBe(
      'open',
    );
    expect(theObligation(arrested('2025-02-02 22:01'), 'IN.BNSS.58.production').status).toBe(
      'overdue',
    );
  });

  it('BNSS s.58: a production after asOf does not count; an arrest after asOf starts nothing yet', () => {
    expect(
      theObligation(arrested('2025-02-02 10:00', '2025-02-02 12:00'), 'IN.BNSS.58.production')
        .status,
    ).toBe('open');
    expect(obligationsOf(arrested('2025-02-01 21:00'), 'IN.BNSS.58.production')).toEqual([]);
  });

  it('BNSS s.58: one clock per arrest and per accused; another accused’s production or an earlier one does not count', () => {
    const result = evaluateCase({
      asOf: '2025-03-01 12:00',
      accused: ['A1', 'A2'],
      events: [
        FIR_BNSS,
        event('accused.produced_before_magistrate', '2025-01-31 10:00', { accused: 'A2' }),
        event('accused.arrested', '2025-02-01 10:00', { accused: 'A1' }),
        event('accused.arrested', '2025-02-01 10:00', { accused: 'A2' }),
        event('accused.produced_before_magistrate', '2025-02-01 18:00', { accused: 'A1' }),
        event('accused.arrested', '2025-03-01 10:00', { accused: 'A1' }),
      ],
    });
    expect(
      obligationsOf(result, 'IN.BNSS.58.production').map((obligation) => [
        obligation.subject,
        obligation.startsAt,
        obligation.status,
      ]),
    ).toEqual([
      ['A1', '2025-02-01T10:00:00+05:30', 'met'],
      ['A2', '2025-02-01T10:00:00+05:30', 'overdue'],
      ['A1', '2025-03-01T10:00:00+05:30', 'open'],
    ]);
  });

  it('CrPC s.57: the twin applies to an FIR before 1 July 2024, marked unconfirmed', () => {
    const result = evaluateCase({
      asOf: '2024-04-01 00:00',
      accused: ['A1'],
      events: [FIR_CRPC, event('accused.arrested', '2024-03-16 09:00', { accused: 'A1' })],
    });
    expect(obligationsOf(result, 'IN.BNSS.58.production')).toEqual([]);
    const twin = theObligation(result, 'IN.CrPC.57.production', 'A1');
    expect(twin).toMatchObject({
      citation: 'CrPC s.57',
      dueAt: '2024-03-17T09:00:00+05:30',
      status: 'overdue',
      unconfirmed: true,
    });
    expect(twin.explanation.confidence).toBe('U');
  });
});

describe('IN.BNSS.187.chargesheet — BNSS s.187(3) (CrPC s.167(2)): chargesheet within 60/90 days of the first remand, remand day counted', () => {
  const remanded = (parts: {
    offences: string[];
    asOf?: string;
    chargesheet?: string;
    remand?: string;
    victims?: { ref: string; birthDate?: string }[];
  }) =>
    evaluateCase({
      asOf: parts.asOf ?? '2025-06-30 00:00',
      offences: parts.offences,
      victims: parts.victims ?? [],
      accused: ['A1'],
      events: [
        FIR_BNSS,
        event('accused.remanded', parts.remand ?? '2025-01-11 14:00', { accused: 'A1' }),
        ...(parts.chargesheet ? [event('chargesheet.filed', parts.chargesheet)] : []),
      ],
    });

  it('BNSS s.187(3): 60-day class, day 1 = the remand day, due at the end of day 60; day 61 is late', () => {
    const onTime = theObligation(
      remanded({ offences: ['BNS:143(2)'], chargesheet: '2025-03-11 23:00' }),
      'IN.BNSS.187.chargesheet',
      'A1',
    );
    expect(onTime).toMatchObject({
      citation: 'BNSS s.187(3)',
      startsAt: '2025-01-11T14:00:00+05:30',
      dueAt: '2025-03-11T23:59:59.999+05:30',
      status: 'met',
      consequence: 'accused-right-accrues',
      alertsAt: ['2025-02-24T00:00:00+05:30'],
    });
    expect(onTime.explanation.counting).toContain('Kapil Wadhawan');
    const dayOf61 = theObligation(
      remanded({ offences: ['BNS:143(2)'], chargesheet: '2025-03-12 00:00' }),
      'IN.BNSS.187.chargesheet',
    );
    expect(dayOf61.status).toBe('met_late');
  });

  it('BNSS s.187(3): open through day 60, overdue from day 61', () => {
    const at = (asOf: string) =>
      theObligation(remanded({ offences: ['BNS:143(2)'], asOf }), 'IN.BNSS.187.chargesheet').status;
    expect(at('2025-03-11 23:59')).toBe('open');
    expect(at('2025-03-12 00:00')).toBe('overdue');
  });

  it('BNSS s.187(3): the contested BNS 143(2) is 60 days with a note, and 90 when configured', () => {
    const contested = theObligation(
      remanded({ offences: ['BNS:143(2)'] }),
      'IN.BNSS.187.chargesheet',
    );
    expect(contested.explanation.notes.join(' ')).toContain('BNS:143(2)');
    expect(contested.explanation.notes.join(' ')).toContain('contested');
    const configured = evaluateCase(
      {
        asOf: '2025-06-30 00:00',
        offences: ['BNS:143(2)'],
        accused: ['A1'],
        events: [FIR_BNSS, event('accused.remanded', '2025-01-11 14:00', { accused: 'A1' })],
      },
      createIndiaPack({ defaultBailDays: { 'BNS:143(2)': 90 } }),
    );
    expect(theObligation(configured, 'IN.BNSS.187.chargesheet').dueAt).toBe(
      '2025-04-10T23:59:59.999+05:30',
    );
  });

  it('BNSS s.187(3): 90 days when any offence on the case is in the 90-day class (issue example: due 10 April)', () => {
    for (const offences of [
      ['BNS:143(4)'],
      ['BNS:143(2)', 'POCSO:4'],
      ['ITPA:6'],
      ['BNS:144(2)', 'POCSO:6'],
    ]) {
      const obligation = theObligation(remanded({ offences }), 'IN.BNSS.187.chargesheet');
      expect(obligation.dueAt, offences.join()).toBe('2025-04-10T23:59:59.999+05:30');
      expect(obligation.alertsAt).toEqual(['2025-03-26T00:00:00+05:30']);
    }
    const none = theObligation(remanded({ offences: [] }), 'IN.BNSS.187.chargesheet');
    expect(none.dueAt).toBe('2025-03-11T23:59:59.999+05:30');
  });

  it('BNSS s.187(3): ITPA 5 is 90 days when a victim is under 16 on the remand day, 60 otherwise', () => {
    const due = (birthDate?: string) =>
      theObligation(
        remanded({
          offences: ['ITPA:5'],
          victims: [{ ref: 'V1', ...(birthDate ? { birthDate } : {}) }],
        }),
        'IN.BNSS.187.chargesheet',
      ).dueAt;
    expect(due('2010-01-01')).toBe('2025-04-10T23:59:59.999+05:30');
    expect(due('2009-01-11')).toBe('2025-03-11T23:59:59.999+05:30'); // 16 on the remand day
    expect(due()).toBe('2025-03-11T23:59:59.999+05:30'); // age unknown: the shorter period
  });

  it('BNSS s.187(3): counts from the local date of a remand just after midnight written in UTC; month ends', () => {
    const afterMidnight = evaluateCase({
      asOf: '2025-06-30 00:00',
      offences: ['BNS:143(2)'],
      accused: ['A1'],
      // 19:00 UTC on 10 January is 00:30 on 11 January in Kolkata: day 1 is 11 January.
      events: [FIR_BNSS, { type: 'accused.remanded', at: '2025-01-10T19:00:00Z', accused: 'A1' }],
    });
    expect(theObligation(afterMidnight, 'IN.BNSS.187.chargesheet').dueAt).toBe(
      '2025-03-11T23:59:59.999+05:30',
    );
    const endOfJanuary = remanded({ offences: ['BNS:143(2)'], remand: '2025-01-31 10:00' });
    expect(theObligation(endOfJanuary, 'IN.BNSS.187.chargesheet').dueAt).toBe(
      '2025-03-31T23:59:59.999+05:30',
    );
  });

  it('BNSS s.187(3): per accused from the first remand; a chargesheet counts for those it names, or all if none', () => {
    const result = evaluateCase({
      asOf: '2025-06-30 00:00',
      offences: ['BNS:143(2)'],
      accused: ['A1', 'A2', 'A3'],
      events: [
        FIR_BNSS,
        event('chargesheet.filed', '2025-01-10 18:00'),
        event('accused.remanded', '2025-01-11 14:00', { accused: 'A1' }),
        event('accused.remanded', '2025-01-11 14:00', { accused: 'A2' }),
        event('accused.remanded', '2025-02-01 14:00', { accused: 'A1' }),
        event('chargesheet.filed', '2025-03-01 11:00', { accused: ['A1'] }),
      ],
    });
    expect(
      obligationsOf(result, 'IN.BNSS.187.chargesheet').map((obligation) => [
        obligation.subject,
        obligation.startsAt,
        obligation.status,
      ]),
    ).toEqual([
      ['A1', '2025-01-11T14:00:00+05:30', 'met'],
      // The chargesheet of 10 January came before A2's remand, so it does not stop A2's clock.
      ['A2', '2025-01-11T14:00:00+05:30', 'overdue'],
    ]);
    const all = evaluateCase({
      asOf: '2025-06-30 00:00',
      accused: ['A1', 'A2'],
      events: [
        FIR_BNSS,
        event('accused.remanded', '2025-01-11 14:00', { accused: 'A1' }),
        event('accused.remanded', '2025-01-12 14:00', { accused: 'A2' }),
        event('chargesheet.filed', '2025-03-01 11:00', { accused: [] }),
      ],
    });
    expect(
      obligationsOf(all, 'IN.BNSS.187.chargesheet').map((obligation) => obligation.status),
    ).toEqual(['met', 'met']);
  });

  it('CrPC s.167(2): an FIR before 1 July 2024 keeps the CrPC twin even for a remand after it; leap February counted', () => {
    const result = evaluateCase({
      asOf: '2024-12-31 00:00',
      offences: ['IPC:370(4)'],
      accused: ['A1', 'A2'],
      events: [
        event('fir.registered', '2024-01-20 10:00'),
        event('accused.remanded', '2024-01-31 10:00', { accused: 'A1' }),
        event('accused.remanded', '2024-07-02 10:00', { accused: 'A2' }),
      ],
    });
    expect(result.regime).toBe('CrPC');
    expect(obligationsOf(result, 'IN.BNSS.187.chargesheet')).toEqual([]);
    // 90 days from 31 January 2024, day 1 counted: 29 February is day 30, 29 April day 90.
    expect(theObligation(result, 'IN.CrPC.167.chargesheet', 'A1')).toMatchObject({
      citation: 'CrPC s.167(2)',
      dueAt: '2024-04-29T23:59:59.999+05:30',
      status: 'overdue',
    });
    expect(theObligation(result, 'IN.CrPC.167.chargesheet', 'A2').dueAt).toBe(
      '2024-09-29T23:59:59.999+05:30',
    );
  });
});
