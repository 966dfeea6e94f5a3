import { acquittalAppealPeriod } from './india-appeal-period.ts';
import {
  ANY_POCSO_OFFENCE,
  BNS_RAPE_GROUP,
  IPC_376_GROUP,
  forumIn,
  offenceIn,
} from './india-conditions.ts';
import { BNSS, BOTH, CRPC, by, trigger } from './india-rules.ts';
import type { EventFilter, Rule } from './rule-pack.ts';

/**
 * The second India pack (issue 18): custody caps for rescued persons under the ITPA, the trial
 * clocks between chargesheet and judgment, two JJ Act orders, POCSO special relief, and the appeal
 * against an acquittal. Same conventions as the first pack (`india-rules.ts`); sources and tags
 * are in docs/legal-sources.md ("Pack 2").
 */

export interface IndiaPack2Settings {
  /** Days for an appeal against an acquittal ([U] for the victim's appeal; 90 by default). */
  readonly appealAcquittalDays: number;
}

const ITPA_17_SOURCE =
  'https://easyadvocacy.com/indian-kanoon/immoral-traffic-prevention-act-1956/Section-17-Intermediate-custody-of-persons-removed-under-section-15-or-rescued-under-section-16';

const ACQUITTAL: EventFilter = {
  description: 'outcome acquittal',
  test: (event) => event.outcome === 'acquittal',
};

const POCSO_R8_SCHEME: EventFilter = {
  description: 'scheme POCSO-R8',
  test: (event) => event.scheme === 'POCSO-R8',
};

export function indiaPack2Rules(settings: IndiaPack2Settings): Rule[] {
  const rapeTrial = {
    title: 'Complete the trial of a rape case',
    trigger: trigger('chargesheet.filed', 'first', 'case'),
    due: { kind: 'fixed', period: { amount: 2, convention: 'months' } },
    satisfiedBy: { description: 'court.judgment', by: [by('court.judgment', 'any')] },
    responsibleRole: 'legal_officer',
    actor: 'trial court and public prosecutor',
    consequence: 'directory',
    alertLeadTimes: [{ amount: 15, unit: 'days' }],
  } as const satisfies Partial<Rule>;

  return [
    {
      id: 'IN.ITPA.17.intermediate-custody',
      title: 'End the intermediate custody of the rescued person',
      citation: 'ITPA s.17(1)',
      confidence: 'T',
      confidenceNote:
        'no one may be kept in intermediate custody for more than 10 days from the order',
      source: ITPA_17_SOURCE,
      regimes: BOTH,
      trigger: trigger('victim.intermediate_custody_ordered', 'each', 'event-victim'),
      due: { kind: 'fixed', period: { amount: 10, convention: 'days' } },
      satisfiedBy: {
        description: 'victim.produced_before_magistrate or victim.released of that victim',
        by: [
          by('victim.produced_before_magistrate', 'same-victim'),
          by('victim.released', 'same-victim'),
        ],
      },
      responsibleRole: 'legal_officer',
      actor: 'Special Police Officer and the Magistrate who ordered the custody',
      consequence: 'unlawful-detention',
      alertLeadTimes: [{ amount: 3, unit: 'days' }],
    },
    {
      id: 'IN.ITPA.17.interim-custody',
      title: 'End the custody pending the Magistrate’s inquiry',
      citation: 'ITPA s.17(3)',
      confidence: 'S',
      confidenceNote:
        'the 3-week cap (second proviso) is confirmed by a Bombay High Court report; the proviso’s text was seen only in part',
      source: 'https://livelaw.in/amp/news-updates/women-rescued-from-sex-trade-142644',
      regimes: BOTH,
      trigger: trigger('victim.interim_custody_ordered', 'each', 'event-victim'),
      due: { kind: 'fixed', period: { amount: 21, convention: 'days' } },
      satisfiedBy: {
        description: 'victim.itpa_final_order or victim.released of that victim',
        by: [by('victim.itpa_final_order', 'same-victim'), by('victim.released', 'same-victim')],
      },
      responsibleRole: 'legal_officer',
      actor: 'Magistrate holding the s.17(2) inquiry',
      consequence: 'unlawful-detention',
      alertLeadTimes: [{ amount: 5, unit: 'days' }],
    },
    {
      id: 'IN.BNSS.230.documents',
      title: 'Supply the police report and documents to the accused',
      citation: 'BNSS s.230',
      confidence: 'T',
      confidenceNote: 'the victim, if represented by an advocate, is supplied them too',
      source: 'https://law.emunshi.ai/bnss/230',
      regimes: BNSS,
      trigger: trigger('accused.appeared_after_chargesheet', 'first', 'event-accused'),
      due: { kind: 'fixed', period: { amount: 14, convention: 'days' } },
      satisfiedBy: {
        description: 'documents.supplied naming that accused, or naming none',
        by: [by('documents.supplied', 'accused-listed-or-none')],
      },
      responsibleRole: 'legal_officer',
      actor: 'Magistrate',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 3, unit: 'days' }],
    },
    {
      id: 'IN.BNSS.232.committal',
      title: 'Commit the case to the Court of Session',
      citation: 'BNSS s.232',
      confidence: 'T',
      confidenceNote:
        'the Magistrate may extend the period to at most 180 days for reasons recorded in writing; the clock shows the 90 days',
      source: 'https://law.emunshi.ai/bnss/232',
      regimes: BNSS,
      appliesWhen: forumIn(['sessions']),
      trigger: trigger('court.cognizance', 'first', 'case'),
      due: { kind: 'fixed', period: { amount: 90, convention: 'days' } },
      satisfiedBy: { description: 'case.committed', by: [by('case.committed', 'any')] },
      responsibleRole: 'legal_officer',
      actor: 'Magistrate',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 15, unit: 'days' }],
    },
    {
      id: 'IN.BNSS.263.charge',
      title: 'Frame the charge in the Magistrate’s court',
      citation: 'BNSS s.263(1)',
      confidence: 'T',
      source: 'https://www.aaptaxlaw.com/bnss/263-bnss-framing-of-charge-263-bnss-2023.html',
      regimes: BNSS,
      appliesWhen: forumIn(['magistrate']),
      trigger: trigger('court.charge_hearing', 'first', 'case'),
      due: { kind: 'fixed', period: { amount: 60, convention: 'days' } },
      satisfiedBy: { description: 'court.charges_framed', by: [by('court.charges_framed', 'any')] },
      responsibleRole: 'legal_officer',
      actor: 'Magistrate',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 10, unit: 'days' }],
    },
    {
      ...rapeTrial,
      id: 'IN.BNSS.346.rape-trial',
      citation: 'BNSS s.346(1) proviso',
      confidence: 'S',
      confidenceNote:
        'summaries differ on the sections listed (most: BNS 64–71; one lists 64, 66, 67, 68, 70); the rule uses 64–71',
      source:
        'https://apnilaw.com/bare-act/bnss/section-346-bharatiya-nagarik-suraksha-sanhitabnss-power-to-postpone-or-adjourn-proceedings',
      regimes: BNSS,
      appliesWhen: offenceIn([BNS_RAPE_GROUP]),
    },
    {
      ...rapeTrial,
      id: 'IN.CrPC.309.rape-trial',
      citation: 'CrPC s.309(1) proviso',
      confidence: 'T',
      confidenceNote:
        'the text seen lists IPC 376 and 376A–376D; the rule also covers 376AB, 376DA, 376DB and 376E, added to the group in 2018',
      source: 'https://lawgist.in/code-of-criminal-procedure/309',
      regimes: CRPC,
      appliesWhen: offenceIn([IPC_376_GROUP]),
    },
    {
      id: 'IN.JJ.94.age-determination',
      title: 'Complete the ordered age determination',
      citation: 'JJ Act s.94(2)',
      confidence: 'T',
      source:
        'https://statutes.roopslawassist.com/acts/054b319c65f7c641ecd5d36e86bd5b1a288281c0/sections/e8212d9736f8f75784d37ef1957395f55b9a3fd2',
      regimes: BOTH,
      trigger: trigger('cwc.age_determination_ordered', 'each', 'event-victim'),
      due: { kind: 'fixed', period: { amount: 15, convention: 'days' } },
      satisfiedBy: {
        description: 'victim.age_determined of that victim',
        by: [by('victim.age_determined', 'same-victim')],
      },
      responsibleRole: 'social_worker',
      actor: 'medical board or authority ordered by the Child Welfare Committee',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 3, unit: 'days' }],
    },
    {
      id: 'IN.JJ.95.transfer-escort',
      title: 'Escort the child to the home district or State',
      citation: 'JJ Act s.95(2)',
      confidence: 'T',
      confidenceNote: 'a girl is escorted by a woman police officer',
      source: 'https://actsofindia.in/section-details/?sectionid=12815',
      regimes: BOTH,
      trigger: trigger('cwc.transfer_ordered', 'each', 'event-victim'),
      due: { kind: 'fixed', period: { amount: 15, convention: 'days' } },
      satisfiedBy: {
        description: 'victim.transferred of that victim',
        by: [by('victim.transferred', 'same-victim')],
      },
      responsibleRole: 'social_worker',
      actor: 'Special Juvenile Police Unit',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 3, unit: 'days' }],
    },
    {
      id: 'IN.POCSO.R8.special-relief',
      title: 'Pay the special relief the CWC recommended',
      citation: 'POCSO Rules 2020 r.8(2)',
      confidence: 'T',
      source: 'https://indianlaws.xyz/index.php/hindi-laws/poscorule2020hindirule2-1',
      regimes: BOTH,
      appliesWhen: ANY_POCSO_OFFENCE,
      trigger: trigger('cwc.special_relief_recommended', 'each', 'event-victim'),
      due: { kind: 'fixed', period: { amount: 7, convention: 'days' } },
      satisfiedBy: {
        description: 'compensation.disbursed with scheme POCSO-R8 of that victim',
        by: [by('compensation.disbursed', 'same-victim', { filter: POCSO_R8_SCHEME })],
      },
      responsibleRole: 'social_worker',
      actor: 'DLSA, DCPU or the JJ Fund',
      consequence: 'entitlement',
      alertLeadTimes: [{ amount: 2, unit: 'days' }],
    },
    {
      id: 'IN.LIM.appeal-acquittal',
      title: 'File an appeal against the acquittal',
      citation: 'Limitation Act 1963 Art. 114(a), s.12(2)',
      confidence: 'U',
      confidenceNote: `90 days is the State's period (Art. 114(a)); no statute fixes the victim's (BNSS s.413 / CrPC s.372 proviso) and High Courts differ (90 days; 60 by analogy with CrPC s.378(5)); configured: ${settings.appealAcquittalDays} days`,
      source:
        'https://www.advocatekhoj.com/library/lawreports/limitationact1963/99.php?Title=The%20Limitation%20Act,%201963&STitle=Appeals',
      regimes: BOTH,
      trigger: trigger('court.judgment', 'each', 'event-accused-or-all', { filter: ACQUITTAL }),
      due: {
        kind: 'decided',
        description: `${settings.appealAcquittalDays} days, the days from certified_copy.applied to certified_copy.received excluded`,
        decide: acquittalAppealPeriod(settings.appealAcquittalDays),
      },
      satisfiedBy: {
        description: 'appeal.filed naming that accused, or naming none',
        by: [by('appeal.filed', 'accused-listed-or-none')],
      },
      responsibleRole: 'legal_officer',
      actor: 'State (through the Public Prosecutor) or the victim',
      consequence: 'limitation-bar',
      alertLeadTimes: [
        { amount: 30, unit: 'days' },
        { amount: 7, unit: 'days' },
      ],
    },
  ];
}
