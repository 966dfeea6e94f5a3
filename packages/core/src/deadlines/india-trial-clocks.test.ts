import { describe, expect, it } from 'vitest';
import type { IndiaForum } from './india-events.ts';
import {
  FIR_BNSS,
  FIR_CRPC,
  contractOf,
  evaluateCase,
  event,
  obligationsOf,
  theObligation,
} from './india-test-support.ts';

/** Pack 2 (issue 18): the clocks between the chargesheet and the judgment. */

describe('IN.BNSS.230.documents — BNSS s.230: documents supplied within 14 days of the accused’s appearance (BNSS only)', () => {
  const appeared = (events: ReturnType<typeof event>[], fir = FIR_BNSS) =>
    evaluateCase({ asOf: '2025-12-31 00:00', accused: ['A1', 'A2'], events: [fir, ...events] });

  it('BNSS s.230: 14 days from each accused’s first appearance; a supply naming another accused does not count', () => {
    const result = appeared([
      event('accused.appeared_after_chargesheet', '2025-05-20 11:00', { accused: 'A1' }),
      event('accused.appeared_after_chargesheet', '2025-05-22 11:00', { accused: 'A2' }),
      event('accused.appeared_after_chargesheet', '2025-05-29 11:00', { accused: 'A1' }),
      event('documents.supplied', '2025-05-25 11:00', { accused: ['A2'] }),
      event('documents.supplied', '2025-06-04 11:00'),
    ]);
    expect(obligationsOf(result, 'IN.BNSS.230.documents').map(contractOf)).toEqual([
      {
        rule: 'IN.BNSS.230.documents',
        subject: 'A1',
        startsAt: '2025-05-20T11:00:00+05:30',
        dueAt: '2025-06-03T23:59:59.999+05:30',
        status: 'met_late',
        metAt: '2025-06-04T11:00:00+05:30',
      },
      {
        rule: 'IN.BNSS.230.documents',
        subject: 'A2',
        startsAt: '2025-05-22T11:00:00+05:30',
        dueAt: '2025-06-05T23:59:59.999+05:30',
        status: 'met',
        metAt: '2025-05-25T11:00:00+05:30',
      },
    ]);
  });

  it('BNSS s.230: no clock under the CrPC', () => {
    const crpc = appeared(
      [event('accused.appeared_after_chargesheet', '2024-05-20 11:00', { accused: 'A1' })],
      FIR_CRPC,
    );
    expect(obligationsOf(crpc, 'IN.BNSS.230.documents')).toEqual([]);
  });
});

describe('IN.BNSS.232.committal — BNSS s.232 proviso: committal within 90 days of cognizance (BNSS only)', () => {
  const cognizance = (forum: IndiaForum | undefined, committedAt: string | null, fir = FIR_BNSS) =>
    evaluateCase({
      asOf: '2025-12-31 00:00',
      ...(forum ? { forum } : {}),
      events: [
        fir,
        event('court.cognizance', fir === FIR_BNSS ? '2025-04-01 11:00' : '2024-09-01 11:00'),
        ...(committedAt ? [event('case.committed', committedAt)] : []),
      ],
    });

  it('BNSS s.232: 90 days from cognizance in a Sessions case; the 90th day is still on time', () => {
    expect(
      theObligation(cognizance('sessions', '2025-06-30 17:00'), 'IN.BNSS.232.committal'),
    ).toMatchObject({
      startsAt: '2025-04-01T11:00:00+05:30',
      dueAt: '2025-06-30T23:59:59.999+05:30',
      status: 'met',
    });
    expect(
      theObligation(cognizance('sessions', '2025-07-01 10:00'), 'IN.BNSS.232.committal').status,
    ).toBe('met_late');
  });

  it('BNSS s.232: not for a Magistrate’s or Special Court’s case, nor under the CrPC', () => {
    expect(obligationsOf(cognizance('magistrate', null), 'IN.BNSS.232.committal')).toEqual([]);
    expect(obligationsOf(cognizance('special-pocso', null), 'IN.BNSS.232.committal')).toEqual([]);
    expect(obligationsOf(cognizance(undefined, null), 'IN.BNSS.232.committal')).toEqual([]);
    expect(obligationsOf(cognizance('sessions', null, FIR_CRPC), 'IN.BNSS.232.committal')).toEqual(
      [],
    );
  });
});

describe('IN.BNSS.263.charge — BNSS s.263(1): charge framed within 60 days of the first hearing on charge before a Magistrate (BNSS only)', () => {
  const hearing = (forum: IndiaForum, framedAt: string, fir = FIR_BNSS) =>
    evaluateCase({
      asOf: '2025-12-31 00:00',
      forum,
      events: [
        fir,
        event('court.charge_hearing', '2025-03-01 11:00'),
        event('court.charge_hearing', '2025-03-20 11:00'),
        event('court.charges_framed', framedAt),
      ],
    });

  it('BNSS s.263(1): 60 days from the first hearing on charge', () => {
    expect(
      theObligation(hearing('magistrate', '2025-04-30 12:00'), 'IN.BNSS.263.charge'),
    ).toMatchObject({ dueAt: '2025-04-30T23:59:59.999+05:30', status: 'met' });
    expect(
      theObligation(hearing('magistrate', '2025-05-01 12:00'), 'IN.BNSS.263.charge').status,
    ).toBe('met_late');
  });

  it('BNSS s.263(1): a Sessions case has the s.251 clock instead; none under the CrPC', () => {
    const sessions = hearing('sessions', '2025-04-30 12:00');
    expect(obligationsOf(sessions, 'IN.BNSS.263.charge')).toEqual([]);
    expect(obligationsOf(sessions, 'IN.BNSS.251.charge')).toHaveLength(1);
    expect(
      obligationsOf(hearing('magistrate', '2025-04-30 12:00', FIR_CRPC), 'IN.BNSS.263.charge'),
    ).toEqual([]);
  });
});

describe('IN.BNSS.346.rape-trial (IN.CrPC.309.rape-trial) — BNSS s.346(1) / CrPC s.309(1) provisos: a rape trial done within 2 months of the chargesheet', () => {
  const trial = (firAt: string, chargesheetAt: string, judgmentAt: string | null) =>
    evaluateCase({
      asOf: '2026-12-31 00:00',
      offences: ['BNS:64', 'IPC:376'],
      events: [
        { type: 'fir.registered', at: firAt },
        event('chargesheet.filed', chargesheetAt),
        event('chargesheet.filed', '2026-01-15 11:00'),
        ...(judgmentAt ? [event('court.judgment', judgmentAt)] : []),
      ],
    });

  it('BNSS s.346(1) proviso: 2 calendar months from the first chargesheet, to the month’s last day', () => {
    const result = trial('2025-09-01T10:00:00+05:30', '2025-12-31 11:00', '2026-02-28 15:00');
    expect(contractOf(theObligation(result, 'IN.BNSS.346.rape-trial'))).toEqual({
      rule: 'IN.BNSS.346.rape-trial',
      subject: null,
      startsAt: '2025-12-31T11:00:00+05:30',
      dueAt: '2026-02-28T23:59:59.999+05:30',
      status: 'met',
      metAt: '2026-02-28T15:00:00+05:30',
    });
    expect(obligationsOf(result, 'IN.CrPC.309.rape-trial')).toEqual([]);
  });

  it('CrPC s.309(1) proviso: the twin for an FIR one second before 1 July 2024; 29 February in a leap year', () => {
    const before = trial('2024-06-30T23:59:59+05:30', '2023-12-31 11:00', '2024-03-01 10:00');
    expect(theObligation(before, 'IN.CrPC.309.rape-trial')).toMatchObject({
      citation: 'CrPC s.309(1) proviso',
      dueAt: '2024-02-29T23:59:59.999+05:30',
      status: 'met_late',
    });
    expect(obligationsOf(before, 'IN.BNSS.346.rape-trial')).toEqual([]);
    const after = trial('2024-07-01T00:00:00+05:30', '2024-07-31 11:00', null);
    expect(theObligation(after, 'IN.BNSS.346.rape-trial')).toMatchObject({
      dueAt: '2024-09-30T23:59:59.999+05:30',
      status: 'overdue',
    });
    expect(obligationsOf(after, 'IN.CrPC.309.rape-trial')).toEqual([]);
  });

  it('BNSS s.346 / CrPC s.309: only for the rape group of the code in force', () => {
    const trafficking = evaluateCase({
      asOf: '2025-12-31 00:00',
      offences: ['BNS:143(4)', 'IPC:376'],
      events: [FIR_BNSS, event('chargesheet.filed', '2025-03-01 11:00')],
    });
    expect(obligationsOf(trafficking, 'IN.BNSS.346.rape-trial')).toEqual([]);
    expect(obligationsOf(trafficking, 'IN.CrPC.309.rape-trial')).toEqual([]);
  });
});
