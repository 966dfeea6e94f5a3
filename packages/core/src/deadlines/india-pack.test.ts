import { describe, expect, it } from 'vitest';
import { deadlineResultSchema } from './deadline-result.schema.ts';
import { evaluate, parseDeadlineInput } from './evaluate.ts';
import { createIndiaPack, indiaPack } from './india-pack.ts';
import { evaluateCase, event, indiaInput } from './india-test-support.ts';
import { checkRulePack } from './rule-pack.ts';

/** The input of issue 6, "The contract", verbatim. */
const ISSUE_EXAMPLE = JSON.parse(`
{ "jurisdiction": "IN", "asOf": "2025-06-01T12:00:00+05:30",
  "case": { "offences": ["BNS:143(4)", "POCSO:6"], "forum": "special-pocso",
            "victims": [{ "ref": "V1", "birthDate": "2009-04-02" }],
            "accused": [{ "ref": "A1" }, { "ref": "A2" }] },
  "events": [
    { "type": "fir.registered", "at": "2025-01-10T09:30:00+05:30" },
    { "type": "accused.remanded", "at": "2025-01-11T14:00:00+05:30", "accused": "A1", "custody": "judicial" },
    { "type": "chargesheet.filed", "at": "2025-03-20T11:00:00+05:30", "accused": ["A1"] } ] }
`) as unknown;

const FIR = event('fir.registered', '2025-01-10 09:30');

describe('the India pack', () => {
  it('evaluates the issue’s example to the issue’s output', () => {
    const { input } = parseDeadlineInput(ISSUE_EXAMPLE);
    const result = evaluate(input);
    expect(deadlineResultSchema.parse(result)).toEqual(result);
    expect(result.regime).toBe('BNSS');
    const chargesheet = result.obligations.find(
      (obligation) => obligation.rule === 'IN.BNSS.187.chargesheet',
    );
    expect(chargesheet).toMatchObject({
      rule: 'IN.BNSS.187.chargesheet',
      citation: 'BNSS s.187(3)',
      subject: 'A1',
      startsAt: '2025-01-11T14:00:00+05:30',
      dueAt: '2025-04-10T23:59:59.999+05:30',
      status: 'met',
      metAt: '2025-03-20T11:00:00+05:30',
      consequence: 'accused-right-accrues',
    });
    expect(chargesheet?.explanation).toMatchObject({
      startEvent: { type: 'accused.remanded', at: '2025-01-11T14:00:00+05:30', index: 1 },
      citation: 'BNSS s.187(3)',
      confidence: 'S',
      unconfirmed: false,
      satisfyingEvent: { type: 'chargesheet.filed', index: 2 },
    });
    // Sorted by due date; A2 was never remanded, so has no chargesheet clock.
    expect(
      result.obligations.map((obligation) => [
        obligation.rule,
        obligation.subject,
        obligation.status,
      ]),
    ).toEqual([
      ['IN.POCSO.19.report-cwc-court', null, 'overdue'],
      ['IN.BNSS.193.investigation', null, 'met_late'],
      ['IN.BNSS.187.chargesheet', 'A1', 'met'],
      ['IN.BNSS.193.victim-progress', null, 'met'],
    ]);
  });

  it('writes every time in Kolkata time, however the input wrote it', () => {
    for (const written of [
      '2025-01-11T14:00:00+05:30',
      '2025-01-11T08:30:00Z',
      '2025-01-11T14:00:00.000+05:30',
      '2025-01-11T03:30:00-05:00',
    ]) {
      const result = evaluateCase({
        asOf: '2025-06-01 12:00',
        offences: ['BNS:143(4)'],
        accused: ['A1'],
        events: [
          FIR,
          { type: 'accused.remanded', at: written, accused: 'A1', custody: 'judicial' },
        ],
      });
      const chargesheet = result.obligations.find(
        (obligation) => obligation.rule === 'IN.BNSS.187.chargesheet',
      );
      expect(chargesheet?.startsAt, written).toBe('2025-01-11T14:00:00+05:30');
      expect(chargesheet?.explanation.startEvent.at, written).toBe('2025-01-11T14:00:00+05:30');
    }
  });

  it('is sound: unique ids, known events and regimes, whole periods', () => {
    expect(checkRulePack(indiaPack)).toEqual([]);
    expect(
      checkRulePack(
        createIndiaPack({
          victimProgress: 'once',
          judgmentExtendedDays: 60,
          appealAcquittalDays: 60,
        }),
      ),
    ).toEqual([]);
  });

  it('holds every rule of the issue’s table, the BNSS ids with their CrPC twins, the BNSS-only ones alone', () => {
    const regimesOf = Object.fromEntries(
      indiaPack.rules.map((rule) => [rule.id, [...rule.regimes]]),
    );
    expect(regimesOf).toEqual({
      'IN.BNSS.58.production': ['BNSS'],
      'IN.CrPC.57.production': ['CrPC'],
      'IN.BNSS.187.chargesheet': ['BNSS'],
      'IN.CrPC.167.chargesheet': ['CrPC'],
      'IN.BNSS.193.investigation': ['BNSS'],
      'IN.CrPC.173.investigation': ['CrPC'],
      'IN.BNSS.193.victim-progress': ['BNSS'],
      'IN.BNSS.184.medical-exam': ['BNSS'],
      'IN.CrPC.164A.medical-exam': ['CrPC'],
      'IN.BNSS.184.medical-report': ['BNSS'],
      'IN.JJ.31.cwc-production': ['BNSS', 'CrPC'],
      'IN.JJ.36.social-investigation': ['BNSS', 'CrPC'],
      'IN.JJ.36.final-order': ['BNSS', 'CrPC'],
      'IN.POCSO.19.report-cwc-court': ['BNSS', 'CrPC'],
      'IN.POCSO.35.evidence': ['BNSS', 'CrPC'],
      'IN.POCSO.35.trial': ['BNSS', 'CrPC'],
      'IN.BNSS.251.charge': ['BNSS'],
      'IN.BNSS.258.judgment': ['BNSS'],
      'IN.BNSS.396.compensation': ['BNSS'],
      'IN.CrPC.357A.compensation': ['CrPC'],
      'IN.POCSO.R9.payment': ['BNSS', 'CrPC'],
      // Pack 2 (issue 18).
      'IN.ITPA.17.intermediate-custody': ['BNSS', 'CrPC'],
      'IN.ITPA.17.interim-custody': ['BNSS', 'CrPC'],
      'IN.BNSS.230.documents': ['BNSS'],
      'IN.BNSS.232.committal': ['BNSS'],
      'IN.BNSS.263.charge': ['BNSS'],
      'IN.BNSS.346.rape-trial': ['BNSS'],
      'IN.CrPC.309.rape-trial': ['CrPC'],
      'IN.JJ.94.age-determination': ['BNSS', 'CrPC'],
      'IN.JJ.95.transfer-escort': ['BNSS', 'CrPC'],
      'IN.POCSO.R8.special-relief': ['BNSS', 'CrPC'],
      'IN.LIM.appeal-acquittal': ['BNSS', 'CrPC'],
    });
    for (const rule of indiaPack.rules) {
      expect(rule.citation, rule.id).toMatch(
        /^(BNSS|CrPC|JJ Act|POCSO|POCSO Rules 2020|ITPA|Limitation Act 1963) (s|r|Art)\. ?\d/,
      );
      // Every unconfirmed rule says what is unconfirmed (and what can be configured).
      if (rule.confidence === 'U') expect(rule.confidenceNote, rule.id).toBeTruthy();
    }
  });

  it('switches from the CrPC to the BNSS for FIRs from 1 July 2024 00:00 in Kolkata (BNSS s.531(2)(a))', () => {
    const regimeFor = (at: string): string =>
      evaluateCase({ asOf: '2025-01-01 00:00', events: [{ type: 'fir.registered', at }] }).regime;
    expect(regimeFor('2024-06-30T23:59:59+05:30')).toBe('CrPC');
    expect(regimeFor('2024-07-01T00:00:00+05:30')).toBe('BNSS');
    expect(regimeFor('2024-06-30T18:29:59Z')).toBe('CrPC');
    expect(regimeFor('2024-06-30T18:30:00Z')).toBe('BNSS');
  });

  it('gives every rule its CrPC twin, or none, one second before the switch (BNSS s.531(2)(a))', () => {
    // One case that starts every rule of the pack, with its FIR either side of midnight.
    const rulesFor = (firAt: string): string[] => {
      const result = evaluateCase({
        asOf: '2026-12-31 00:00',
        offences: ['BNS:64', 'IPC:376', 'POCSO:6'],
        forum: 'special-pocso',
        victims: [{ ref: 'V1', birthDate: '2010-01-01' }],
        accused: ['A1'],
        events: [
          { type: 'fir.registered', at: firAt },
          event('accused.arrested', '2024-07-02 10:00', { accused: 'A1' }),
          event('accused.remanded', '2024-07-03 10:00', { accused: 'A1' }),
          event('victim.rescued', '2024-07-02 10:00', { victim: 'V1' }),
          event('victim.produced_before_cwc', '2024-07-02 20:00', { victim: 'V1' }),
          event('victim.medical_examined', '2024-07-02 12:00', { victim: 'V1' }),
          event('court.cognizance', '2024-10-01 11:00'),
          event('court.charge_hearing', '2024-10-15 11:00'),
          event('court.arguments_concluded', '2025-06-01 16:00'),
          event('compensation.applied', '2024-08-01 10:00', { victim: 'V1' }),
          event('compensation.awarded', '2024-09-01 10:00', { victim: 'V1', scheme: 'POCSO-R9' }),
          // Pack 2 (issue 18).
          event('victim.intermediate_custody_ordered', '2024-07-02 11:00', { victim: 'V1' }),
          event('victim.interim_custody_ordered', '2024-07-05 11:00', { victim: 'V1' }),
          event('cwc.age_determination_ordered', '2024-07-03 11:00', { victim: 'V1' }),
          event('cwc.transfer_ordered', '2024-08-03 11:00', { victim: 'V1' }),
          event('cwc.special_relief_recommended', '2024-07-04 11:00', { victim: 'V1' }),
          event('chargesheet.filed', '2024-09-20 11:00'),
          event('accused.appeared_after_chargesheet', '2024-10-02 11:00', { accused: 'A1' }),
          event('court.judgment', '2025-06-20 11:00', { outcome: 'acquittal' }),
        ],
      });
      return [...new Set(result.obligations.map((obligation) => obligation.rule))].sort();
    };
    const bothRegimes = [
      'IN.ITPA.17.intermediate-custody',
      'IN.ITPA.17.interim-custody',
      'IN.JJ.31.cwc-production',
      'IN.JJ.36.final-order',
      'IN.JJ.36.social-investigation',
      'IN.JJ.94.age-determination',
      'IN.JJ.95.transfer-escort',
      'IN.LIM.appeal-acquittal',
      'IN.POCSO.19.report-cwc-court',
      'IN.POCSO.35.evidence',
      'IN.POCSO.35.trial',
      'IN.POCSO.R8.special-relief',
      'IN.POCSO.R9.payment',
    ];
    expect(rulesFor('2024-06-30T23:59:59+05:30')).toEqual(
      [
        'IN.CrPC.164A.medical-exam',
        'IN.CrPC.167.chargesheet',
        'IN.CrPC.173.investigation',
        'IN.CrPC.309.rape-trial',
        'IN.CrPC.357A.compensation',
        'IN.CrPC.57.production',
        ...bothRegimes,
      ].sort(),
    );
    expect(rulesFor('2024-07-01T00:00:00+05:30')).toEqual(
      [
        'IN.BNSS.184.medical-exam',
        'IN.BNSS.184.medical-report',
        'IN.BNSS.187.chargesheet',
        'IN.BNSS.193.investigation',
        'IN.BNSS.193.victim-progress',
        'IN.BNSS.230.documents',
        'IN.BNSS.251.charge',
        'IN.BNSS.258.judgment',
        'IN.BNSS.346.rape-trial',
        'IN.BNSS.396.compensation',
        'IN.BNSS.58.production',
        ...bothRegimes,
      ].sort(),
    );
  });

  it('takes the regime from the earliest FIR known at asOf; no FIR means the BNSS', () => {
    const twoFirs = evaluateCase({
      asOf: '2025-01-01 00:00',
      events: [
        event('fir.registered', '2024-08-01 10:00'),
        event('fir.registered', '2024-06-01 10:00'),
      ],
    });
    expect(twoFirs.regime).toBe('CrPC');
    expect(twoFirs.regimeExplanation).toContain('2024-06-01T10:00:00+05:30');
    const firLater = evaluateCase({
      asOf: '2024-05-01 00:00',
      events: [event('fir.registered', '2024-06-01 10:00')],
    });
    expect(firLater).toMatchObject({ regime: 'BNSS', obligations: [] });
    expect(firLater.regimeExplanation).toContain('no FIR recorded');
  });

  it('switches off rules by configuration (e.g. an unconfirmed one not yet verified)', () => {
    const parts = {
      asOf: '2025-06-01 00:00',
      events: [event('fir.registered', '2025-01-10 09:30')],
    };
    expect(evaluateCase(parts).obligations.map((obligation) => obligation.rule)).toEqual([
      'IN.BNSS.193.victim-progress',
    ]);
    const pack = createIndiaPack({ disabledRules: ['IN.BNSS.193.victim-progress'] });
    expect(evaluateCase(parts, pack).obligations).toEqual([]);
  });

  it('lists an obligation once its start exists, whatever asOf, and never changes its input', () => {
    const input = indiaInput({
      asOf: '2025-01-10 09:30',
      offences: ['POCSO:6'],
      victims: [{ ref: 'V1', birthDate: '2012-01-01' }],
      events: [event('fir.registered', '2025-01-10 09:30')],
    });
    const copy = structuredClone(input);
    const result = evaluate(input);
    expect(input).toEqual(copy);
    expect(result.obligations.map((obligation) => obligation.status)).toEqual([
      'open',
      'open',
      'open',
    ]);
    expect(result.obligations.map((obligation) => obligation.dueAt)).toEqual([
      '2025-01-11T09:30:00+05:30',
      '2025-03-10T23:59:59.999+05:30',
      '2025-04-10T23:59:59.999+05:30',
    ]);
  });
});
