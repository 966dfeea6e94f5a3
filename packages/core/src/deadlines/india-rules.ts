import {
  ANY_POCSO_OFFENCE,
  BNS_RAPE_GROUP,
  BNSS_193_BNS,
  BNSS_193_POCSO,
  IPC_376_GROUP,
  defaultBailPeriod,
  forumIn,
  judgmentPeriod,
  offenceIn,
  victimUnder18AtStart,
} from './india-conditions.ts';
import type { IndiaEventType, IndiaRegime } from './india-events.ts';
import type { BailClassOverrides } from './offence-catalogue.ts';
import type { EventFilter, Rule, Satisfier, Trigger } from './rule-pack.ts';

/**
 * The first India pack (issue 6). Ids carry the procedural code: a BNSS rule and its CrPC twin
 * share everything but id, citation, source and condition. Sources and confidence tags come from
 * `docs/legal-sources.md`; the CrPC twins are not in that table, so they are [U] unless a source
 * there covers them.
 */

export interface IndiaRuleSettings {
  readonly defaultBailDays: BailClassOverrides;
  readonly judgmentExtendedDays: 45 | 60;
  readonly victimProgress: 'recurring' | 'once';
  readonly unknownAgeIsChild: boolean;
}

export const BOTH: readonly IndiaRegime[] = ['BNSS', 'CrPC'];
export const BNSS: readonly IndiaRegime[] = ['BNSS'];
export const CRPC: readonly IndiaRegime[] = ['CrPC'];

const JJ_36_SOURCE =
  'https://ajinkyainnovations.com/jj-act-2015-%e0%a4%a7%e0%a4%be%e0%a4%b0%e0%a4%be-%e0%a5%a9%e0%a5%ac-%e0%a4%9c%e0%a4%be%e0%a4%82%e0%a4%9a-%e0%a5%a4';
export const CRPC_UNCONFIRMED =
  'the CrPC text is not in docs/legal-sources.md; this twin mirrors its BNSS successor: verify, or disable it by configuration';
const HOURS_EXCLUDE_JOURNEY =
  'the law excludes journey time; the clock counts plain hours, so record the journey in the case';

export function on(type: IndiaEventType): IndiaEventType {
  return type;
}

export function trigger(
  type: IndiaEventType,
  select: Trigger['select'],
  subjects: Trigger['subjects'],
  extra: Partial<Trigger> = {},
): Trigger {
  return { eventType: on(type), select, subjects, ...extra };
}

export function by(
  type: IndiaEventType,
  match: Satisfier['match'],
  extra: Partial<Satisfier> = {},
): Satisfier {
  return { eventType: on(type), match, ...extra };
}

const POCSO_R9_SCHEME: EventFilter = {
  description: 'scheme POCSO-R9',
  test: (event) => event.scheme === 'POCSO-R9',
};

export function indiaRules(settings: IndiaRuleSettings): Rule[] {
  const production = {
    title: 'Produce the arrested accused before a Magistrate',
    trigger: trigger('accused.arrested', 'each', 'event-accused'),
    due: { kind: 'fixed', period: { amount: 24, convention: 'hours' } },
    satisfiedBy: {
      description: 'accused.produced_before_magistrate of that accused',
      by: [by('accused.produced_before_magistrate', 'same-accused')],
    },
    responsibleRole: 'legal_officer',
    actor: 'police (officer making the arrest)',
    consequence: 'unlawful-detention',
    alertLeadTimes: [{ amount: 6, unit: 'hours' }],
  } as const satisfies Partial<Rule>;

  const chargesheet = {
    title: 'File the chargesheet before default bail accrues',
    trigger: trigger('accused.remanded', 'first', 'event-accused'),
    due: {
      kind: 'decided',
      description:
        '90 days if any offence on the case is in the 90-day class, else 60; the remand day counted',
      decide: defaultBailPeriod(settings.defaultBailDays),
    },
    satisfiedBy: {
      description: 'chargesheet.filed naming that accused, or naming none',
      by: [by('chargesheet.filed', 'accused-listed-or-none')],
    },
    responsibleRole: 'legal_officer',
    actor: 'investigating officer and public prosecutor',
    consequence: 'accused-right-accrues',
    alertLeadTimes: [{ amount: 15, unit: 'days' }],
  } as const satisfies Partial<Rule>;

  const investigation = {
    title: 'Complete the investigation of a sexual offence',
    trigger: trigger('fir.registered', 'first', 'case'),
    due: { kind: 'fixed', period: { amount: 2, convention: 'months' } },
    satisfiedBy: { description: 'chargesheet.filed', by: [by('chargesheet.filed', 'any')] },
    responsibleRole: 'legal_officer',
    actor: 'investigating officer',
    consequence: 'directory',
    alertLeadTimes: [{ amount: 15, unit: 'days' }],
  } as const satisfies Partial<Rule>;

  const medicalExam = {
    title: 'Send the victim for medical examination',
    trigger: trigger('fir.registered', 'first', 'each-victim-on-case'),
    due: { kind: 'fixed', period: { amount: 24, convention: 'hours' } },
    satisfiedBy: {
      description: 'victim.medical_examined of that victim',
      by: [by('victim.medical_examined', 'same-victim')],
    },
    responsibleRole: 'social_worker',
    actor: 'investigating officer',
    consequence: 'directory',
    alertLeadTimes: [{ amount: 6, unit: 'hours' }],
  } as const satisfies Partial<Rule>;

  const compensation = {
    title: 'Decide the victim-compensation application',
    trigger: trigger('compensation.applied', 'each', 'event-victim'),
    due: { kind: 'fixed', period: { amount: 2, convention: 'months' } },
    satisfiedBy: {
      description: 'compensation.awarded of that victim',
      by: [by('compensation.awarded', 'same-victim')],
    },
    responsibleRole: 'legal_officer',
    actor: 'District or State Legal Services Authority',
    consequence: 'entitlement',
    alertLeadTimes: [{ amount: 10, unit: 'days' }],
  } as const satisfies Partial<Rule>;

  const childOnly = victimUnder18AtStart(settings.unknownAgeIsChild);
  const trialForum = forumIn(['sessions', 'special-pocso']);

  return [
    {
      ...production,
      id: 'IN.BNSS.58.production',
      citation: 'BNSS s.58',
      confidence: 'T',
      confidenceNote: HOURS_EXCLUDE_JOURNEY,
      source:
        'https://www.apnilaw.com/bare-act/bnss/section-58-bharatiya-nagarik-suraksha-sanhitabnss-person-arrested-not-to-be-detained-more-than-twenty-four-hours',
      regimes: BNSS,
    },
    {
      ...production,
      id: 'IN.CrPC.57.production',
      citation: 'CrPC s.57',
      confidence: 'U',
      confidenceNote: `${CRPC_UNCONFIRMED}; ${HOURS_EXCLUDE_JOURNEY}`,
      regimes: CRPC,
    },
    {
      ...chargesheet,
      id: 'IN.BNSS.187.chargesheet',
      citation: 'BNSS s.187(3)',
      confidence: 'S',
      source:
        'https://livelaw.in/top-stories/bnss-right-to-default-bail-under-bharatiya-nagarik-suraksha-sanhita-282457',
      regimes: BNSS,
    },
    {
      ...chargesheet,
      id: 'IN.CrPC.167.chargesheet',
      citation: 'CrPC s.167(2)',
      confidence: 'S',
      source:
        'https://livelaw.in/top-stories/day-of-remand-should-be-included-for-considering-default-bail-claim-supreme-court-answers-reference-224851',
      regimes: CRPC,
    },
    {
      ...investigation,
      id: 'IN.BNSS.193.investigation',
      citation: 'BNSS s.193(2)',
      confidence: 'T',
      source: 'https://law.emunshi.ai/bnss/193',
      regimes: BNSS,
      appliesWhen: offenceIn([BNSS_193_BNS, BNSS_193_POCSO]),
    },
    {
      ...investigation,
      id: 'IN.CrPC.173.investigation',
      citation: 'CrPC s.173(1A)',
      confidence: 'U',
      confidenceNote: `${CRPC_UNCONFIRMED}; POCSO offences are not listed in s.173(1A)`,
      regimes: CRPC,
      appliesWhen: offenceIn([IPC_376_GROUP]),
    },
    {
      id: 'IN.BNSS.193.victim-progress',
      title: 'Inform the informant or victim of the progress of the investigation',
      citation: 'BNSS s.193(3)(ii)',
      confidence: 'U',
      confidenceNote: `the text is seen, its reading is not settled: one notice within 90 days of the FIR or one every 90 days; configured: ${settings.victimProgress === 'recurring' ? 'every 90 days until the chargesheet' : 'once'}`,
      source: 'https://law.emunshi.ai/bnss/193',
      regimes: BNSS,
      trigger: trigger('fir.registered', 'first', 'case', {
        ...(settings.victimProgress === 'recurring'
          ? {
              renewal: {
                eventType: on('victim.informed_of_progress'),
                endedBy: on('chargesheet.filed'),
              },
            }
          : {}),
      }),
      due: { kind: 'fixed', period: { amount: 90, convention: 'days' } },
      satisfiedBy: {
        description:
          'the next victim.informed_of_progress, or a chargesheet.filed at or before the due date',
        by: [
          by('victim.informed_of_progress', 'any'),
          by('chargesheet.filed', 'any', { onlyByDue: true }),
        ],
      },
      responsibleRole: 'legal_officer',
      actor: 'investigating officer',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 10, unit: 'days' }],
    },
    {
      ...medicalExam,
      id: 'IN.BNSS.184.medical-exam',
      citation: 'BNSS s.184(1)',
      confidence: 'T',
      source: 'https://law.emunshi.ai/bnss/184',
      regimes: BNSS,
      appliesWhen: offenceIn([BNS_RAPE_GROUP]),
    },
    {
      ...medicalExam,
      id: 'IN.CrPC.164A.medical-exam',
      citation: 'CrPC s.164A(1)',
      confidence: 'U',
      confidenceNote: CRPC_UNCONFIRMED,
      regimes: CRPC,
      appliesWhen: offenceIn([IPC_376_GROUP]),
    },
    {
      id: 'IN.BNSS.184.medical-report',
      title: 'Forward the medical examination report to the investigating officer',
      citation: 'BNSS s.184(6)',
      confidence: 'T',
      source: 'https://law.emunshi.ai/bnss/184',
      regimes: BNSS,
      appliesWhen: offenceIn([BNS_RAPE_GROUP]),
      trigger: trigger('victim.medical_examined', 'first', 'event-victim'),
      due: { kind: 'fixed', period: { amount: 7, convention: 'days' } },
      satisfiedBy: {
        description: 'medical.report_forwarded of that victim',
        by: [by('medical.report_forwarded', 'same-victim')],
      },
      responsibleRole: 'social_worker',
      actor: 'registered medical practitioner',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 2, unit: 'days' }],
    },
    {
      id: 'IN.JJ.31.cwc-production',
      title: 'Produce the rescued child before the Child Welfare Committee',
      citation: 'JJ Act s.31(1)',
      confidence: 'T',
      confidenceNote: HOURS_EXCLUDE_JOURNEY,
      source:
        'https://www.apnilaw.com/bare-act/juvenile-justice-act/section-31-the-juvenile-justice-care-and-protection-of-children-act-production-before-committee',
      regimes: BOTH,
      trigger: trigger('victim.rescued', 'each', 'event-victim', { subjectCondition: childOnly }),
      due: { kind: 'fixed', period: { amount: 24, convention: 'hours' } },
      satisfiedBy: {
        description: 'victim.produced_before_cwc of that victim',
        by: [by('victim.produced_before_cwc', 'same-victim')],
      },
      responsibleRole: 'social_worker',
      actor: 'police, SJPU, Childline or the organisation that rescued the child',
      consequence: 'unlawful-detention',
      alertLeadTimes: [{ amount: 6, unit: 'hours' }],
    },
    {
      id: 'IN.JJ.36.social-investigation',
      title: 'Complete the social investigation report',
      citation: 'JJ Act s.36(2)',
      confidence: 'T',
      source: JJ_36_SOURCE,
      regimes: BOTH,
      trigger: trigger('victim.produced_before_cwc', 'first', 'event-victim', {
        subjectCondition: childOnly,
      }),
      due: { kind: 'fixed', period: { amount: 15, convention: 'days' } },
      satisfiedBy: {
        description: 'cwc.social_investigation_report of that victim',
        by: [by('cwc.social_investigation_report', 'same-victim')],
      },
      responsibleRole: 'social_worker',
      actor: 'social worker, child welfare officer or child welfare police officer',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 3, unit: 'days' }],
    },
    {
      id: 'IN.JJ.36.final-order',
      title: 'CWC final order for the child',
      citation: 'JJ Act s.36(2)',
      confidence: 'T',
      source: JJ_36_SOURCE,
      regimes: BOTH,
      trigger: trigger('victim.produced_before_cwc', 'first', 'event-victim', {
        subjectCondition: childOnly,
      }),
      due: { kind: 'fixed', period: { amount: 4, convention: 'months' } },
      satisfiedBy: {
        description: 'cwc.final_order of that victim',
        by: [by('cwc.final_order', 'same-victim')],
      },
      responsibleRole: 'social_worker',
      actor: 'Child Welfare Committee',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 15, unit: 'days' }],
    },
    {
      id: 'IN.POCSO.19.report-cwc-court',
      title: 'Report the case to the CWC and the Special Court',
      citation: 'POCSO s.19(6)',
      confidence: 'T',
      source: 'https://constitutionofindia.in/?p=19804',
      regimes: BOTH,
      appliesWhen: ANY_POCSO_OFFENCE,
      trigger: trigger('fir.registered', 'first', 'case'),
      due: { kind: 'fixed', period: { amount: 24, convention: 'hours' } },
      satisfiedBy: {
        description: 'police.reported_to_cwc_and_court',
        by: [by('police.reported_to_cwc_and_court', 'any')],
      },
      responsibleRole: 'legal_officer',
      actor: 'Special Juvenile Police Unit or local police',
      consequence: 'offence-by-official',
      alertLeadTimes: [{ amount: 6, unit: 'hours' }],
    },
    {
      id: 'IN.POCSO.35.evidence',
      title: 'Record the child’s evidence',
      citation: 'POCSO s.35(1)',
      confidence: 'T',
      source:
        'https://constitutionofindia.in/section-35-of-the-protection-of-children-from-sexual-offences-act-2012',
      regimes: BOTH,
      appliesWhen: ANY_POCSO_OFFENCE,
      trigger: trigger('court.cognizance', 'first', 'case'),
      due: { kind: 'fixed', period: { amount: 30, convention: 'days' } },
      satisfiedBy: {
        description: 'the first victim.deposition_recorded',
        by: [by('victim.deposition_recorded', 'any')],
      },
      responsibleRole: 'legal_officer',
      actor: 'Special Court and public prosecutor',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 7, unit: 'days' }],
    },
    {
      id: 'IN.POCSO.35.trial',
      title: 'Complete the trial',
      citation: 'POCSO s.35(2)',
      confidence: 'T',
      source:
        'https://constitutionofindia.in/section-35-of-the-protection-of-children-from-sexual-offences-act-2012',
      regimes: BOTH,
      appliesWhen: ANY_POCSO_OFFENCE,
      trigger: trigger('court.cognizance', 'first', 'case'),
      due: { kind: 'fixed', period: { amount: 12, convention: 'months' } },
      satisfiedBy: { description: 'court.judgment', by: [by('court.judgment', 'any')] },
      responsibleRole: 'legal_officer',
      actor: 'Special Court',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 30, unit: 'days' }],
    },
    {
      id: 'IN.BNSS.251.charge',
      title: 'Frame the charge',
      citation: 'BNSS s.251(1)(b)',
      confidence: 'T',
      source: 'https://ilegaladvice.com/bnss/bnss_section?section_number=251',
      regimes: BNSS,
      appliesWhen: trialForum,
      trigger: trigger('court.charge_hearing', 'first', 'case'),
      due: { kind: 'fixed', period: { amount: 60, convention: 'days' } },
      satisfiedBy: { description: 'court.charges_framed', by: [by('court.charges_framed', 'any')] },
      responsibleRole: 'legal_officer',
      actor: 'Court of Session or Special Court',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 10, unit: 'days' }],
    },
    {
      id: 'IN.BNSS.258.judgment',
      title: 'Pronounce the judgment',
      citation: 'BNSS s.258(1)',
      confidence: 'U',
      confidenceNote: `the extension is 45 days in the enacted text per most sources and 60 on some mirrors; configured: ${settings.judgmentExtendedDays}`,
      source: 'https://www.pahujalawacademy.com/section-258-judgement-of-acquittal-or-conviction',
      regimes: BNSS,
      appliesWhen: trialForum,
      trigger: trigger('court.arguments_concluded', 'first', 'case'),
      due: {
        kind: 'decided',
        description: `30 days; ${settings.judgmentExtendedDays} if a court.judgment_deferred follows the start`,
        decide: judgmentPeriod(settings.judgmentExtendedDays),
      },
      satisfiedBy: { description: 'court.judgment', by: [by('court.judgment', 'any')] },
      responsibleRole: 'legal_officer',
      actor: 'Court of Session or Special Court',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 7, unit: 'days' }],
    },
    {
      ...compensation,
      id: 'IN.BNSS.396.compensation',
      citation: 'BNSS s.396(5)',
      confidence: 'T',
      source: 'https://law.emunshi.ai/bnss/396',
      regimes: BNSS,
    },
    {
      ...compensation,
      id: 'IN.CrPC.357A.compensation',
      citation: 'CrPC s.357A(5)',
      confidence: 'U',
      confidenceNote: CRPC_UNCONFIRMED,
      regimes: CRPC,
    },
    {
      id: 'IN.POCSO.R9.payment',
      title: 'Pay the compensation ordered by the Special Court',
      citation: 'POCSO Rules 2020 r.9(5)',
      confidence: 'S',
      source:
        'https://www.vakilno1.com/legal-news/compensation-to-be-paid-within-30-days-as-per-new-pocso-rules.html',
      regimes: BOTH,
      appliesWhen: ANY_POCSO_OFFENCE,
      trigger: trigger('compensation.awarded', 'each', 'event-victim', { filter: POCSO_R9_SCHEME }),
      due: { kind: 'fixed', period: { amount: 30, convention: 'days' } },
      satisfiedBy: {
        description: 'compensation.disbursed of that victim',
        by: [by('compensation.disbursed', 'same-victim')],
      },
      responsibleRole: 'legal_officer',
      actor: 'State Government (through the DLSA)',
      consequence: 'entitlement',
      alertLeadTimes: [{ amount: 7, unit: 'days' }],
    },
  ];
}
