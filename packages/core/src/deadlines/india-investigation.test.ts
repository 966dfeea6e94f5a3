import { describe, expect, it } from 'vitest';
import { createIndiaPack } from './india-pack.ts';
import {
  FIR_BNSS,
  contractOf,
  evaluateCase,
  event,
  obligationsOf,
  theObligation,
} from './india-test-support.ts';

describe('IN.BNSS.193.investigation — BNSS s.193(2) (CrPC s.173(1A)): investigation of sexual offences in 2 months', () => {
  const investigated = (
    offences: string[],
    fir: string,
    chargesheet?: string,
    asOf = '2025-12-31 00:00',
  ) =>
    evaluateCase({
      asOf,
      offences,
      events: [
        event('fir.registered', fir),
        ...(chargesheet ? [event('chargesheet.filed', chargesheet, { accused: ['A1'] })] : []),
      ],
      accused: ['A1'],
    });

  it('BNSS s.193(2): 2 calendar months from the FIR; 31 December + 2 months is the end of February', () => {
    expect(
      contractOf(
        theObligation(
          investigated(['BNS:64(1)'], '2024-12-31 10:00', '2025-02-28 18:00'),
          'IN.BNSS.193.investigation',
        ),
      ),
    ).toEqual({
      rule: 'IN.BNSS.193.investigation',
      subject: null,
      startsAt: '2024-12-31T10:00:00+05:30',
      dueAt: '2025-02-28T23:59:59.999+05:30',
      status: 'met',
      metAt: '2025-02-28T18:00:00+05:30',
    });
    const late = theObligation(
      investigated(['POCSO:8'], '2024-12-31 10:00', '2025-03-01 00:00'),
      'IN.BNSS.193.investigation',
    );
    expect(late.status).toBe('met_late');
    expect(late.consequence).toBe('directory');
  });

  it('BNSS s.193(2): applies to BNS 64–68, 70, 71 and POCSO 4, 6, 8, 10 only (not BNS 69, not trafficking alone)', () => {
    for (const offence of [
      'BNS:64',
      'BNS:65(1)',
      'BNS:70(2)',
      'BNS:71',
      'POCSO:4',
      'POCSO:6',
      'POCSO:10',
    ]) {
      const obligation = theObligation(
        investigated([offence], '2025-01-10 09:30'),
        'IN.BNSS.193.investigation',
      );
      expect(obligation.explanation.condition).toContain(offence);
    }
    for (const offence of ['BNS:69', 'BNS:143(4)', 'ITPA:5', 'POCSO:12', 'IPC:376']) {
      expect(
        obligationsOf(investigated([offence], '2025-01-10 09:30'), 'IN.BNSS.193.investigation'),
        offence,
      ).toEqual([]);
    }
  });

  it('BNSS s.193(2): open until the end of the due day, overdue after; a chargesheet after asOf is ignored', () => {
    const open = investigated(
      ['BNS:64'],
      '2025-01-31 10:00',
      '2025-04-02 10:00',
      '2025-03-31 23:00',
    );
    expect(theObligation(open, 'IN.BNSS.193.investigation')).toMatchObject({
      dueAt: '2025-03-31T23:59:59.999+05:30',
      status: 'open',
      metAt: null,
    });
    const overdue = investigated(['BNS:64'], '2025-01-31 10:00', undefined, '2025-04-01 00:00');
    expect(theObligation(overdue, 'IN.BNSS.193.investigation').status).toBe('overdue');
  });

  it('CrPC s.173(1A): IPC 376 and its group under the CrPC, leap February; POCSO alone is not listed there', () => {
    const crpc = investigated(['IPC:376(2)'], '2023-12-31 10:00');
    expect(crpc.regime).toBe('CrPC');
    expect(theObligation(crpc, 'IN.CrPC.173.investigation')).toMatchObject({
      citation: 'CrPC s.173(1A)',
      dueAt: '2024-02-29T23:59:59.999+05:30',
      unconfirmed: true,
    });
    for (const offence of ['IPC:376AB', 'IPC:376DA', 'IPC:376E']) {
      expect(
        obligationsOf(investigated([offence], '2024-03-01 10:00'), 'IN.CrPC.173.investigation'),
        offence,
      ).toHaveLength(1);
    }
    expect(
      obligationsOf(investigated(['POCSO:6'], '2024-03-01 10:00'), 'IN.CrPC.173.investigation'),
    ).toEqual([]);
    expect(
      obligationsOf(investigated(['POCSO:6'], '2024-03-01 10:00'), 'IN.BNSS.193.investigation'),
    ).toEqual([]);
  });
});

describe('IN.BNSS.193.victim-progress — BNSS s.193(3)(ii): inform the victim of progress within 90 days (BNSS only, unconfirmed)', () => {
  const progress = (
    events: ReturnType<typeof event>[],
    asOf = '2025-12-31 00:00',
    pack = createIndiaPack(),
  ) =>
    obligationsOf(
      evaluateCase({ asOf, accused: ['A1'], events: [FIR_BNSS, ...events] }, pack),
      'IN.BNSS.193.victim-progress',
    );

  it('BNSS s.193(3)(ii): 90 days from the FIR, the FIR day excluded; unconfirmed and explained', () => {
    const [first, ...rest] = progress([], '2025-04-11 00:00');
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      startsAt: '2025-01-10T09:30:00+05:30',
      dueAt: '2025-04-10T23:59:59.999+05:30',
      status: 'overdue',
      unconfirmed: true,
      alertsAt: ['2025-03-31T00:00:00+05:30'],
    });
    expect(first?.explanation.notes.join(' ')).toContain('every 90 days');
  });

  it('BNSS s.193(3)(ii): each notice starts the next 90 days, until the chargesheet ends the chain', () => {
    const links = progress([
      event('victim.informed_of_progress', '2025-03-01 12:00'),
      event('victim.informed_of_progress', '2025-05-30 20:00'),
      event('chargesheet.filed', '2025-07-01 11:00'),
      event('victim.informed_of_progress', '2025-07-05 11:00'),
    ]);
    expect(links.map((link) => [link.startsAt, link.dueAt, link.status, link.metAt])).toEqual([
      [
        '2025-01-10T09:30:00+05:30',
        '2025-04-10T23:59:59.999+05:30',
        'met',
        '2025-03-01T12:00:00+05:30',
      ],
      [
        '2025-03-01T12:00:00+05:30',
        '2025-05-30T23:59:59.999+05:30',
        'met',
        '2025-05-30T20:00:00+05:30',
      ],
      [
        '2025-05-30T20:00:00+05:30',
        '2025-08-28T23:59:59.999+05:30',
        'met',
        '2025-07-01T11:00:00+05:30',
      ],
    ]);
    expect(links[2]?.explanation.satisfyingEvent?.type).toBe('chargesheet.filed');
  });

  it('BNSS s.193(3)(ii): a chargesheet after the due date does not meet the open link; a later notice meets it late', () => {
    const missed = progress([event('chargesheet.filed', '2025-05-01 11:00')]);
    expect(missed.map((link) => link.status)).toEqual(['overdue']);
    const late = progress([
      event('chargesheet.filed', '2025-05-01 11:00'),
      event('victim.informed_of_progress', '2025-05-05 11:00'),
    ]);
    expect(late.map((link) => [link.status, link.metAt])).toEqual([
      ['met_late', '2025-05-05T11:00:00+05:30'],
    ]);
  });

  it('BNSS s.193(3)(ii): a notice before the FIR neither meets nor starts a link; a notice at the chargesheet starts none', () => {
    const links = progress([
      event('victim.informed_of_progress', '2025-01-05 10:00'),
      event('chargesheet.filed', '2025-02-01 10:00'),
      event('victim.informed_of_progress', '2025-02-01 10:00'),
    ]);
    expect(links.map((link) => [link.startsAt, link.metAt])).toEqual([
      ['2025-01-10T09:30:00+05:30', '2025-02-01T10:00:00+05:30'],
    ]);
  });

  it('BNSS s.193(3)(ii): configured to "once", a single notice due 90 days after the FIR', () => {
    const once = progress(
      [
        event('victim.informed_of_progress', '2025-03-01 12:00'),
        event('victim.informed_of_progress', '2025-05-01 12:00'),
      ],
      '2025-12-31 00:00',
      createIndiaPack({ victimProgress: 'once' }),
    );
    expect(once.map((link) => [link.startsAt, link.status])).toEqual([
      ['2025-01-10T09:30:00+05:30', 'met'],
    ]);
    expect(once[0]?.explanation.notes.join(' ')).toContain('configured: once');
  });

  it('BNSS s.193(3)(ii): not a CrPC duty — no such obligation for an FIR before 1 July 2024', () => {
    const result = evaluateCase({
      asOf: '2024-12-31 00:00',
      events: [event('fir.registered', '2024-06-30 23:59')],
    });
    expect(result.regime).toBe('CrPC');
    expect(obligationsOf(result, 'IN.BNSS.193.victim-progress')).toEqual([]);
  });
});

describe('IN.BNSS.184.medical-exam — BNSS s.184(1) (CrPC s.164A): rape victim to a doctor within 24 hours, per victim', () => {
  const victims = [{ ref: 'V1' }, { ref: 'V2' }, { ref: 'V3' }];

  it('BNSS s.184(1): one clock per victim on the case from the FIR; examination before the FIR does not count', () => {
    const result = evaluateCase({
      asOf: '2025-01-12 00:00',
      offences: ['BNS:64(1)'],
      victims,
      events: [
        event('victim.medical_examined', '2025-01-09 10:00', { victim: 'V3' }),
        FIR_BNSS,
        event('victim.medical_examined', '2025-01-10 20:00', { victim: 'V1' }),
        event('victim.medical_examined', '2025-01-11 10:00', { victim: 'V2' }),
      ],
    });
    expect(
      obligationsOf(result, 'IN.BNSS.184.medical-exam').map((obligation) => [
        obligation.subject,
        obligation.dueAt,
        obligation.status,
      ]),
    ).toEqual([
      ['V1', '2025-01-11T09:30:00+05:30', 'met'],
      ['V2', '2025-01-11T09:30:00+05:30', 'met_late'],
      ['V3', '2025-01-11T09:30:00+05:30', 'overdue'],
    ]);
  });

  it('BNSS s.184(1): only for BNS 64–71 (a trafficking-only case has none)', () => {
    for (const [offence, count] of [
      ['BNS:69', 3],
      ['BNS:143(4)', 0],
      ['POCSO:6', 0],
    ] as const) {
      const result = evaluateCase({
        asOf: '2025-02-01 00:00',
        offences: [offence],
        victims,
        events: [FIR_BNSS],
      });
      expect(obligationsOf(result, 'IN.BNSS.184.medical-exam'), offence).toHaveLength(count);
    }
  });

  it('CrPC s.164A(1): the twin for IPC 376 under the CrPC', () => {
    const result = evaluateCase({
      asOf: '2024-05-03 00:00',
      offences: ['IPC:376'],
      victims: [{ ref: 'V1' }],
      events: [
        event('fir.registered', '2024-05-01 10:00'),
        event('victim.medical_examined', '2024-05-02 09:00', { victim: 'V1' }),
      ],
    });
    expect(theObligation(result, 'IN.CrPC.164A.medical-exam', 'V1')).toMatchObject({
      status: 'met',
      unconfirmed: true,
    });
    expect(obligationsOf(result, 'IN.BNSS.184.medical-exam')).toEqual([]);
  });
});

describe('IN.BNSS.184.medical-report — BNSS s.184(6): the doctor forwards the report within 7 days (BNSS only)', () => {
  const examined = (events: ReturnType<typeof event>[], fir = FIR_BNSS, offences = ['BNS:64']) =>
    evaluateCase({
      asOf: '2025-03-01 00:00',
      offences,
      victims: [{ ref: 'V1' }, { ref: 'V2' }],
      events: [fir, ...events],
    });

  it('BNSS s.184(6): 7 days from the first examination of each victim, the examination day excluded', () => {
    const result = examined([
      event('victim.medical_examined', '2025-01-10 20:00', { victim: 'V1' }),
      event('victim.medical_examined', '2025-01-12 20:00', { victim: 'V1' }),
      event('victim.medical_examined', '2025-01-10 21:00', { victim: 'V2' }),
      event('medical.report_forwarded', '2025-01-17 23:00', { victim: 'V1' }),
      event('medical.report_forwarded', '2025-01-18 00:00', { victim: 'V2' }),
    ]);
    expect(
      obligationsOf(result, 'IN.BNSS.184.medical-report').map((obligation) => [
        obligation.subject,
        obligation.dueAt,
        obligation.status,
      ]),
    ).toEqual([
      ['V1', '2025-01-17T23:59:59.999+05:30', 'met'],
      ['V2', '2025-01-17T23:59:59.999+05:30', 'met_late'],
    ]);
  });

  it('BNSS s.184(6): no such rule under the CrPC (s.164A(6) says "without delay") nor without BNS 64–71', () => {
    const crpc = examined(
      [event('victim.medical_examined', '2024-03-15 20:00', { victim: 'V1' })],
      event('fir.registered', '2024-03-15 10:00'),
      ['IPC:376'],
    );
    expect(obligationsOf(crpc, 'IN.BNSS.184.medical-report')).toEqual([]);
    const trafficking = examined(
      [event('victim.medical_examined', '2025-01-10 20:00', { victim: 'V1' })],
      FIR_BNSS,
      ['BNS:143(4)'],
    );
    expect(obligationsOf(trafficking, 'IN.BNSS.184.medical-report')).toEqual([]);
  });
});
