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
  type CaseParts,
} from './india-test-support.ts';

/** Born 15 March 2007: 17 until the end of 14 March 2025, 18 from 15 March 2025. */
const NEARLY_ADULT = { ref: 'V1', birthDate: '2007-03-15' };

describe('IN.JJ.31.cwc-production — JJ Act s.31(1): a rescued child before the CWC within 24 hours', () => {
  it('JJ Act s.31(1): 24 hours from each rescue of a child; met by that child’s production', () => {
    const result = evaluateCase({
      asOf: '2025-06-01 00:00',
      victims: [
        { ref: 'V1', birthDate: '2012-06-01' },
        { ref: 'V2', birthDate: '2011-01-01' },
      ],
      events: [
        event('victim.rescued', '2025-02-01 22:00', { victim: 'V1' }),
        event('victim.rescued', '2025-02-01 22:00', { victim: 'V2' }),
        event('victim.produced_before_cwc', '2025-02-02 21:00', { victim: 'V2' }),
        event('victim.produced_before_cwc', '2025-02-02 23:00', { victim: 'V1' }),
        event('victim.rescued', '2025-05-01 10:00', { victim: 'V1' }),
      ],
    });
    expect(obligationsOf(result, 'IN.JJ.31.cwc-production').map(contractOf)).toEqual([
      {
        rule: 'IN.JJ.31.cwc-production',
        subject: 'V1',
        startsAt: '2025-02-01T22:00:00+05:30',
        dueAt: '2025-02-02T22:00:00+05:30',
        status: 'met_late',
        metAt: '2025-02-02T23:00:00+05:30',
      },
      {
        rule: 'IN.JJ.31.cwc-production',
        subject: 'V2',
        startsAt: '2025-02-01T22:00:00+05:30',
        dueAt: '2025-02-02T22:00:00+05:30',
        status: 'met',
        metAt: '2025-02-02T21:00:00+05:30',
      },
      {
        // A second rescue is a new custody; the earlier production does not cover it.
        rule: 'IN.JJ.31.cwc-production',
        subject: 'V1',
        startsAt: '2025-05-01T10:00:00+05:30',
        dueAt: '2025-05-02T10:00:00+05:30',
        status: 'overdue',
        metAt: null,
      },
    ]);
    expect(result.obligations[0]?.consequence).toBe('unlawful-detention');
  });

  it('JJ Act s.31(1): the age on the rescue day decides — 17 the evening before the birthday, 18 on the day', () => {
    const rescued = (at: ReturnType<typeof event>) =>
      obligationsOf(
        evaluateCase({ asOf: '2025-06-01 00:00', victims: [NEARLY_ADULT], events: [at] }),
        'IN.JJ.31.cwc-production',
      );
    const eve = rescued(event('victim.rescued', '2025-03-14 23:50', { victim: 'V1' }));
    expect(eve).toHaveLength(1);
    expect(eve[0]?.explanation.condition).toContain(
      'V1 was under 18 on 2025-03-14, by the recorded date of birth',
    );
    // The birth date lives in the vault: the explanation says what the rule needs, never the date.
    expect(JSON.stringify(eve[0])).not.toContain('2007');
    // 18:20 UTC on 14 March is 23:50 in Kolkata: still the 14th there.
    expect(
      rescued({ type: 'victim.rescued', at: '2025-03-14T18:20:00Z', victim: 'V1' }),
    ).toHaveLength(1);
    expect(rescued(event('victim.rescued', '2025-03-15 00:10', { victim: 'V1' }))).toEqual([]);
  });

  it('JJ Act s.31(1): a child without a date of birth is treated as a child unless configured otherwise', () => {
    const parts = {
      asOf: '2025-06-01 00:00',
      victims: [{ ref: 'V1' }],
      events: [event('victim.rescued', '2025-03-14 10:00', { victim: 'V1' })],
    };
    const treated = theObligation(evaluateCase(parts), 'IN.JJ.31.cwc-production', 'V1');
    expect(treated.explanation.condition).toContain('no date of birth recorded');
    expect(
      obligationsOf(
        evaluateCase(parts, createIndiaPack({ unknownAgeIsChild: false })),
        'IN.JJ.31.cwc-production',
      ),
    ).toEqual([]);
  });

  it('JJ Act s.31(1): without a birth date, an adult age band or birth year means no child clock', () => {
    const rescue = event('victim.rescued', '2025-03-14 10:00', { victim: 'V1' });
    const clocks = (victim: CaseParts['victims']) =>
      obligationsOf(
        evaluateCase({ asOf: '2025-06-01 00:00', victims: victim, events: [rescue] }),
        'IN.JJ.31.cwc-production',
      );
    // 18–24 when recorded at intake, before or weeks after the rescue: an adult on the rescue day.
    expect(clocks([{ ref: 'V1', ageBand: { band: '18-24', on: '2025-01-01' } }])).toEqual([]);
    expect(clocks([{ ref: 'V1', ageBand: { band: '18-24', on: '2025-05-25' } }])).toEqual([]);
    expect(clocks([{ ref: 'V1', birthYearEstimate: 2000 }])).toEqual([]);
    // 12–14 when recorded: a child on the rescue day, and the explanation says why.
    const child = clocks([{ ref: 'V1', ageBand: { band: '12-14', on: '2025-01-01' } }]);
    expect(child.map((obligation) => obligation.explanation.condition)).toEqual([
      expect.stringContaining('V1 was under 18 on 2025-03-14, by the recorded age band'),
    ]);
    // 18–24 recorded two years after the rescue: she may have been 16 then; the presumption holds.
    const unsettled = clocks([{ ref: 'V1', ageBand: { band: '18-24', on: '2027-06-01' } }]);
    expect(unsettled.map((obligation) => obligation.explanation.condition)).toEqual([
      expect.stringContaining(
        'V1 may have been under 18 on 2025-03-14 by the recorded age band, and has no date of birth recorded: treated as under 18 until the age is determined',
      ),
    ]);
    // Born in 2007 by estimate: 17 or 18 on the rescue day, so presumed a child.
    expect(clocks([{ ref: 'V1', birthYearEstimate: 2007 }])).toHaveLength(1);
    expect(
      clocks([
        { ref: 'V1', birthYearEstimate: 2008, ageBand: { band: '15-17', on: '2025-01-01' } },
      ]).map((obligation) => obligation.explanation.condition),
    ).toEqual([
      expect.stringContaining(
        'V1 was under 18 on 2025-03-14, by the recorded age band and the estimated birth year',
      ),
    ]);
    // A recorded birth date wins over any estimate.
    expect(
      clocks([
        { ref: 'V1', birthDate: '2010-01-01', ageBand: { band: '18-24', on: '2025-01-01' } },
      ]),
    ).toHaveLength(1);
  });

  it('JJ Act s.31(1): applies whatever the procedural code, and with no FIR at all', () => {
    const crpc = evaluateCase({
      asOf: '2024-06-01 00:00',
      victims: [{ ref: 'V1', birthDate: '2010-01-01' }],
      events: [FIR_CRPC, event('victim.rescued', '2024-03-15 10:00', { victim: 'V1' })],
    });
    expect(crpc.regime).toBe('CrPC');
    expect(obligationsOf(crpc, 'IN.JJ.31.cwc-production')).toHaveLength(1);
  });
});

describe('IN.JJ.36 — JJ Act s.36(2): social investigation in 15 days, final order in 4 months of first production', () => {
  it('JJ Act s.36(2): both clocks start at the first production of each child; month end clamps', () => {
    const result = evaluateCase({
      asOf: '2025-03-01 00:00',
      victims: [
        { ref: 'V1', birthDate: '2012-01-01' },
        { ref: 'V2', birthDate: '2013-01-01' },
      ],
      events: [
        event('victim.produced_before_cwc', '2024-10-31 11:00', { victim: 'V1' }),
        event('victim.produced_before_cwc', '2024-11-05 11:00', { victim: 'V1' }),
        event('victim.produced_before_cwc', '2024-11-01 11:00', { victim: 'V2' }),
        event('cwc.social_investigation_report', '2024-11-15 16:00', { victim: 'V1' }),
        event('cwc.final_order', '2025-02-28 16:00', { victim: 'V1' }),
      ],
    });
    const social = obligationsOf(result, 'IN.JJ.36.social-investigation');
    expect(
      social.map((obligation) => [obligation.subject, obligation.dueAt, obligation.status]),
    ).toEqual([
      ['V1', '2024-11-15T23:59:59.999+05:30', 'met'],
      // V1's report is not V2's.
      ['V2', '2024-11-16T23:59:59.999+05:30', 'overdue'],
    ]);
    const final = obligationsOf(result, 'IN.JJ.36.final-order');
    expect(
      final.map((obligation) => [obligation.subject, obligation.dueAt, obligation.status]),
    ).toEqual([
      ['V1', '2025-02-28T23:59:59.999+05:30', 'met'],
      ['V2', '2025-03-01T23:59:59.999+05:30', 'open'],
    ]);
  });

  it('JJ Act s.36(2): a victim who turned 18 between rescue and production gets s.31 but not s.36', () => {
    const result = evaluateCase({
      asOf: '2025-12-01 00:00',
      victims: [NEARLY_ADULT],
      events: [
        event('victim.rescued', '2025-03-14 22:00', { victim: 'V1' }),
        event('victim.produced_before_cwc', '2025-03-15 10:00', { victim: 'V1' }),
      ],
    });
    expect(theObligation(result, 'IN.JJ.31.cwc-production', 'V1').status).toBe('met');
    expect(obligationsOf(result, 'IN.JJ.36.social-investigation')).toEqual([]);
    expect(obligationsOf(result, 'IN.JJ.36.final-order')).toEqual([]);
  });

  it('JJ Act s.36(2): leap February for the final order (31 October 2023 + 4 months)', () => {
    const result = evaluateCase({
      asOf: '2024-01-01 00:00',
      victims: [{ ref: 'V1', birthDate: '2012-01-01' }],
      events: [event('victim.produced_before_cwc', '2023-10-31 11:00', { victim: 'V1' })],
    });
    expect(theObligation(result, 'IN.JJ.36.final-order', 'V1')).toMatchObject({
      dueAt: '2024-02-29T23:59:59.999+05:30',
      status: 'open',
      alertsAt: ['2024-02-14T00:00:00+05:30'],
    });
  });
});

describe('IN.POCSO.19.report-cwc-court — POCSO s.19(6): police report to the CWC and Special Court within 24 hours', () => {
  const reported = (offences: string[], at?: string, fir = FIR_BNSS) =>
    evaluateCase({
      asOf: '2025-02-01 00:00',
      offences,
      events: [fir, ...(at ? [event('police.reported_to_cwc_and_court', at)] : [])],
    });

  it('POCSO s.19(6): 24 hours from the FIR in any POCSO case; met at the due instant, late after it', () => {
    expect(
      contractOf(
        theObligation(reported(['POCSO:4'], '2025-01-11 09:30'), 'IN.POCSO.19.report-cwc-court'),
      ),
    ).toEqual({
      rule: 'IN.POCSO.19.report-cwc-court',
      subject: null,
      startsAt: '2025-01-10T09:30:00+05:30',
      dueAt: '2025-01-11T09:30:00+05:30',
      status: 'met',
      metAt: '2025-01-11T09:30:00+05:30',
    });
    const late = theObligation(
      reported(['POCSO:12'], '2025-01-11 09:31'),
      'IN.POCSO.19.report-cwc-court',
    );
    expect(late).toMatchObject({ status: 'met_late', consequence: 'offence-by-official' });
  });

  it('POCSO s.19(6): none without a POCSO offence; applies under the CrPC too', () => {
    expect(obligationsOf(reported(['BNS:143(4)']), 'IN.POCSO.19.report-cwc-court')).toEqual([]);
    const crpc = evaluateCase({
      asOf: '2024-04-01 00:00',
      offences: ['POCSO:6'],
      events: [FIR_CRPC],
    });
    expect(theObligation(crpc, 'IN.POCSO.19.report-cwc-court').status).toBe('overdue');
  });
});

describe('IN.POCSO.35 — POCSO s.35: child’s evidence in 30 days and trial in 1 year of cognizance', () => {
  const cognizance = (
    cognizedAt: string,
    events: ReturnType<typeof event>[],
    offences = ['POCSO:6'],
    asOf = '2026-12-31 00:00',
  ) =>
    evaluateCase({
      asOf,
      offences,
      forum: 'special-pocso',
      victims: [
        { ref: 'V1', birthDate: '2012-01-01' },
        { ref: 'V2', birthDate: '2012-01-01' },
      ],
      events: [FIR_BNSS, event('court.cognizance', cognizedAt), ...events],
    });

  it('POCSO s.35(1): 30 days from cognizance, met by the first deposition of any child; earlier statements do not count', () => {
    const result = cognizance('2025-02-28 11:00', [
      event('victim.deposition_recorded', '2025-02-20 11:00', { victim: 'V1' }),
      event('victim.deposition_recorded', '2025-03-31 11:00', { victim: 'V2' }),
      event('victim.deposition_recorded', '2025-04-02 11:00', { victim: 'V1' }),
    ]);
    expect(theObligation(result, 'IN.POCSO.35.evidence')).toMatchObject({
      startsAt: '2025-02-28T11:00:00+05:30',
      dueAt: '2025-03-30T23:59:59.999+05:30',
      status: 'met_late',
      metAt: '2025-03-31T11:00:00+05:30',
    });
    const onTime = cognizance('2025-02-28 11:00', [
      event('victim.deposition_recorded', '2025-03-30 17:00'),
    ]);
    expect(theObligation(onTime, 'IN.POCSO.35.evidence').status).toBe('met');
  });

  it('POCSO s.35(2): 12 months from the first cognizance; 29 February + 12 months is 28 February', () => {
    const result = evaluateCase({
      asOf: '2025-03-01 00:00',
      offences: ['POCSO:4'],
      events: [
        event('court.cognizance', '2024-02-29 11:00'),
        event('court.cognizance', '2024-05-01 11:00'),
      ],
    });
    expect(theObligation(result, 'IN.POCSO.35.trial')).toMatchObject({
      dueAt: '2025-02-28T23:59:59.999+05:30',
      status: 'overdue',
    });
    const judged = cognizance('2025-01-15 11:00', [event('court.judgment', '2026-01-15 15:00')]);
    expect(theObligation(judged, 'IN.POCSO.35.trial')).toMatchObject({
      dueAt: '2026-01-15T23:59:59.999+05:30',
      status: 'met',
    });
  });

  it('POCSO s.35: no clocks without a POCSO offence, and none before cognizance', () => {
    expect(
      obligationsOf(cognizance('2025-02-28 11:00', [], ['BNS:143(4)']), 'IN.POCSO.35.evidence'),
    ).toEqual([]);
    const beforeCognizance = cognizance('2025-02-28 11:00', [], ['POCSO:6'], '2025-02-28 10:00');
    expect(obligationsOf(beforeCognizance, 'IN.POCSO.35.trial')).toEqual([]);
  });
});
