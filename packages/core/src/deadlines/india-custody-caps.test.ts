import { describe, expect, it } from 'vitest';
import {
  FIR_BNSS,
  FIR_CRPC,
  contractOf,
  evaluateCase,
  event,
  obligationsOf,
  theObligation,
} from './india-test-support.ts';

/** Pack 2 (issue 18): custody caps for rescued persons, CWC orders, POCSO special relief. */

const INTERMEDIATE = 'IN.ITPA.17.intermediate-custody';
const INTERIM = 'IN.ITPA.17.interim-custody';

describe('IN.ITPA.17.intermediate-custody — ITPA s.17(1): no one held in intermediate custody more than 10 days from the order', () => {
  const custody = (events: ReturnType<typeof event>[], asOf = '2025-12-31 00:00') =>
    evaluateCase({ asOf, victims: [{ ref: 'V1' }, { ref: 'V2' }], events });

  it('ITPA s.17(1): 10 days from the order, the order’s day excluded; production or release of that person ends it', () => {
    const ordered = event('victim.intermediate_custody_ordered', '2025-03-01 10:00', {
      victim: 'V1',
    });
    const produced = custody([
      ordered,
      event('victim.produced_before_magistrate', '2025-03-11 22:00', { victim: 'V1' }),
    ]);
    expect(contractOf(theObligation(produced, INTERMEDIATE, 'V1'))).toEqual({
      rule: INTERMEDIATE,
      subject: 'V1',
      startsAt: '2025-03-01T10:00:00+05:30',
      dueAt: '2025-03-11T23:59:59.999+05:30',
      status: 'met',
      metAt: '2025-03-11T22:00:00+05:30',
    });
    expect(theObligation(produced, INTERMEDIATE, 'V1').consequence).toBe('unlawful-detention');
    const releasedLate = custody([
      ordered,
      event('victim.released', '2025-03-12 09:00', { victim: 'V1' }),
    ]);
    expect(theObligation(releasedLate, INTERMEDIATE, 'V1').status).toBe('met_late');
  });

  it('ITPA s.17(1): the release of another person, or a production before the order, does not end it', () => {
    const result = custody(
      [
        event('victim.produced_before_magistrate', '2025-02-28 10:00', { victim: 'V1' }),
        event('victim.intermediate_custody_ordered', '2025-03-01 10:00', { victim: 'V1' }),
        event('victim.released', '2025-03-02 10:00', { victim: 'V2' }),
      ],
      '2025-03-12 00:00',
    );
    expect(theObligation(result, INTERMEDIATE, 'V1')).toMatchObject({
      status: 'overdue',
      metAt: null,
    });
    expect(obligationsOf(result, INTERMEDIATE)).toHaveLength(1);
  });

  it('ITPA s.17(1): each order starts its own 10 days, across a month end', () => {
    const result = custody([
      event('victim.intermediate_custody_ordered', '2025-01-25 18:00', { victim: 'V1' }),
      event('victim.produced_before_magistrate', '2025-01-30 11:00', { victim: 'V1' }),
      event('victim.intermediate_custody_ordered', '2025-03-01 10:00', { victim: 'V1' }),
    ]);
    expect(
      obligationsOf(result, INTERMEDIATE).map(({ dueAt, status }) => ({ dueAt, status })),
    ).toEqual([
      { dueAt: '2025-02-04T23:59:59.999+05:30', status: 'met' },
      { dueAt: '2025-03-11T23:59:59.999+05:30', status: 'overdue' },
    ]);
  });

  it('ITPA s.17(1): applies under the CrPC as under the BNSS', () => {
    const result = custody([
      FIR_CRPC,
      event('victim.intermediate_custody_ordered', '2024-03-16 10:00', { victim: 'V1' }),
    ]);
    expect(result.regime).toBe('CrPC');
    expect(theObligation(result, INTERMEDIATE, 'V1').dueAt).toBe('2024-03-26T23:59:59.999+05:30');
  });
});

describe('IN.ITPA.17.interim-custody — ITPA s.17(3) second proviso: custody pending the inquiry at most 3 weeks', () => {
  const interim = (events: ReturnType<typeof event>[], asOf: string) =>
    evaluateCase({
      asOf,
      victims: [{ ref: 'V1' }, { ref: 'V2' }],
      events: [
        event('victim.interim_custody_ordered', '2025-02-10 12:00', { victim: 'V1' }),
        ...events,
      ],
    });

  it('ITPA s.17(3): 21 days from the order, through the end of February', () => {
    const met = theObligation(
      interim(
        [event('victim.itpa_final_order', '2025-03-03 23:00', { victim: 'V1' })],
        '2025-12-31 00:00',
      ),
      INTERIM,
      'V1',
    );
    expect(met).toMatchObject({
      startsAt: '2025-02-10T12:00:00+05:30',
      dueAt: '2025-03-03T23:59:59.999+05:30',
      status: 'met',
      confidence: 'S',
      citation: 'ITPA s.17(3)',
    });
  });

  it('ITPA s.17(3): open on the last day, overdue the next; another person’s release does not count', () => {
    const released = [event('victim.released', '2025-02-20 10:00', { victim: 'V2' })];
    expect(theObligation(interim(released, '2025-03-03 23:59'), INTERIM, 'V1').status).toBe('open');
    expect(theObligation(interim(released, '2025-03-04 00:00'), INTERIM, 'V1').status).toBe(
      'overdue',
    );
    const own = [event('victim.released', '2025-02-20 10:00', { victim: 'V1' })];
    expect(theObligation(interim(own, '2025-03-04 00:00'), INTERIM, 'V1')).toMatchObject({
      status: 'met',
      metAt: '2025-02-20T10:00:00+05:30',
    });
  });
});

describe('IN.JJ.94.age-determination — JJ Act s.94(2): the ordered age test done within 15 days', () => {
  it('JJ Act s.94(2): 15 days from the order, across the year end; per child', () => {
    const result = evaluateCase({
      asOf: '2026-01-05 00:00',
      victims: [{ ref: 'V1' }, { ref: 'V2' }],
      events: [
        FIR_BNSS,
        event('cwc.age_determination_ordered', '2025-12-20 11:00', { victim: 'V1' }),
        event('cwc.age_determination_ordered', '2025-12-20 11:00', { victim: 'V2' }),
        event('victim.age_determined', '2026-01-04 17:00', { victim: 'V1' }),
      ],
    });
    expect(theObligation(result, 'IN.JJ.94.age-determination', 'V1')).toMatchObject({
      dueAt: '2026-01-04T23:59:59.999+05:30',
      status: 'met',
    });
    expect(theObligation(result, 'IN.JJ.94.age-determination', 'V2').status).toBe('overdue');
  });
});

describe('IN.JJ.95.transfer-escort — JJ Act s.95(2): the child escorted within 15 days of the transfer order', () => {
  it('JJ Act s.95(2): 15 days from the order; an escort on day 16 is late', () => {
    const result = evaluateCase({
      asOf: '2025-03-01 00:00',
      victims: [{ ref: 'V1' }],
      events: [
        event('cwc.transfer_ordered', '2025-01-31 16:00', { victim: 'V1' }),
        event('victim.transferred', '2025-02-16 09:00', { victim: 'V1' }),
      ],
    });
    expect(contractOf(theObligation(result, 'IN.JJ.95.transfer-escort', 'V1'))).toEqual({
      rule: 'IN.JJ.95.transfer-escort',
      subject: 'V1',
      startsAt: '2025-01-31T16:00:00+05:30',
      dueAt: '2025-02-15T23:59:59.999+05:30',
      status: 'met_late',
      metAt: '2025-02-16T09:00:00+05:30',
    });
  });
});

describe('IN.POCSO.R8.special-relief — POCSO Rules 2020 r.8(2): special relief paid within a week of the CWC’s recommendation', () => {
  const relief = (offences: string[], scheme: string) =>
    evaluateCase({
      asOf: '2025-03-10 00:00',
      offences,
      victims: [{ ref: 'V1', birthDate: '2012-05-01' }],
      events: [
        event('cwc.special_relief_recommended', '2025-02-25 13:00', { victim: 'V1' }),
        event('compensation.disbursed', '2025-03-04 18:00', { victim: 'V1', scheme }),
      ],
    });

  it('POCSO Rules r.8(2): 7 days, across the end of February; met by a POCSO-R8 payment', () => {
    expect(
      theObligation(relief(['POCSO:6'], 'POCSO-R8'), 'IN.POCSO.R8.special-relief', 'V1'),
    ).toMatchObject({
      dueAt: '2025-03-04T23:59:59.999+05:30',
      status: 'met',
      consequence: 'entitlement',
    });
  });

  it('POCSO Rules r.8(2): a payment under another scheme does not meet it; no POCSO offence, no clock', () => {
    expect(
      theObligation(relief(['POCSO:6'], 'NALSA-2018'), 'IN.POCSO.R8.special-relief', 'V1').status,
    ).toBe('overdue');
    expect(obligationsOf(relief(['BNS:143(4)'], 'POCSO-R8'), 'IN.POCSO.R8.special-relief')).toEqual(
      [],
    );
  });
});
