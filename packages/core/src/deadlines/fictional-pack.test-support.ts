import { fixedOffsetZone, formatInstant, isUnderAge, localDay } from './counting.ts';
import type { RulePack } from './rule-pack.ts';

/**
 * An invented jurisdiction, "XX", with invented events, offences and sections, in a zone two
 * hours ahead of UTC. If the engine evaluates this pack correctly it cannot be assuming India.
 */

const XX_ZONE = fixedOffsetZone('Etc/GMT-2', 120);
const NEW_CHARTER = Date.parse('2030-01-01T00:00:00+02:00');

export const fictionalPack: RulePack = {
  jurisdiction: 'XX',
  name: 'Fictional guild courts (tests only)',
  zone: XX_ZONE,
  forums: ['guild-court', 'high-guild'],
  events: {
    'complaint.lodged': { person: 'none', description: 'complaint lodged with the guild' },
    'holder.detained': { person: 'accused', description: 'a holder detained' },
    'holder.presented': { person: 'accused', description: 'a holder presented to the guild court' },
    'claimant.interviewed': { person: 'victim', description: 'a claimant interviewed' },
    'hearing.closed': { person: 'none', description: 'hearing closed' },
    'ruling.issued': { person: 'none', description: 'ruling issued' },
  },
  regimes: ['OLD', 'NEW'],
  chooseRegime: (events) => {
    const first = events.ofType('complaint.lodged')[0];
    return first && first.at < NEW_CHARTER
      ? { regime: 'OLD', because: `complaint of ${formatInstant(first.at, XX_ZONE)}` }
      : { regime: 'NEW', because: 'the new charter' };
  },
  rules: [
    {
      id: 'XX.OLD.4.presentation',
      title: 'Present the detained holder',
      citation: 'Old Charter art. 4',
      confidence: 'T',
      regimes: ['OLD'],
      trigger: { eventType: 'holder.detained', select: 'each', subjects: 'event-accused' },
      due: { kind: 'fixed', period: { amount: 48, convention: 'hours' } },
      satisfiedBy: {
        description: 'holder.presented of that holder',
        by: [{ eventType: 'holder.presented', match: 'same-accused' }],
      },
      responsibleRole: 'legal_officer',
      actor: 'wardens',
      consequence: 'unlawful-detention',
      alertLeadTimes: [{ amount: 12, unit: 'hours' }],
    },
    {
      id: 'XX.NEW.9.presentation',
      title: 'Present the detained holder',
      citation: 'New Charter art. 9',
      confidence: 'S',
      regimes: ['NEW'],
      trigger: { eventType: 'holder.detained', select: 'each', subjects: 'event-accused' },
      due: { kind: 'fixed', period: { amount: 36, convention: 'hours' } },
      satisfiedBy: {
        description: 'holder.presented of that holder',
        by: [{ eventType: 'holder.presented', match: 'same-accused' }],
      },
      responsibleRole: 'legal_officer',
      actor: 'wardens',
      consequence: 'unlawful-detention',
      alertLeadTimes: [{ amount: 12, unit: 'hours' }],
    },
    {
      id: 'XX.NEW.12.interview',
      title: 'Interview each young claimant',
      citation: 'New Charter art. 12',
      confidence: 'U',
      regimes: ['NEW'],
      trigger: {
        eventType: 'complaint.lodged',
        select: 'first',
        subjects: 'each-victim-on-case',
        subjectCondition: {
          description: 'the claimant is under 21',
          test: (subject, start, facts) => {
            const claimant = facts.victims.find((victim) => victim.ref === subject);
            return claimant?.birthDay != null &&
              isUnderAge(claimant.birthDay, 21, localDay(start.at, facts.zone))
              ? `${subject} is under 21`
              : undefined;
          },
        },
      },
      due: { kind: 'fixed', period: { amount: 10, convention: 'days' } },
      satisfiedBy: {
        description: 'claimant.interviewed of that claimant',
        by: [{ eventType: 'claimant.interviewed', match: 'same-victim' }],
      },
      responsibleRole: 'social_worker',
      actor: 'guild clerk',
      consequence: 'directory',
      alertLeadTimes: [{ amount: 2, unit: 'days' }],
    },
    {
      id: 'XX.NEW.20.ruling',
      title: 'Issue the ruling',
      citation: 'New Charter art. 20',
      confidence: 'T',
      regimes: ['NEW'],
      appliesWhen: {
        description: 'the forum is the guild court',
        test: (facts) => (facts.forum === 'guild-court' ? 'guild-court' : undefined),
      },
      trigger: { eventType: 'hearing.closed', select: 'first', subjects: 'case' },
      due: {
        kind: 'decided',
        description: '1 month for a GUILD:7 offence, else 3 months',
        decide: ({ facts }) =>
          facts.offences.some((offence) => offence.code === 'GUILD:7')
            ? { period: { amount: 1, convention: 'months' }, because: 'GUILD:7 is urgent' }
            : { period: { amount: 3, convention: 'months' } },
      },
      satisfiedBy: {
        description: 'ruling.issued',
        by: [{ eventType: 'ruling.issued', match: 'any' }],
      },
      responsibleRole: 'legal_officer',
      actor: 'guild court',
      consequence: 'directory',
      alertLeadTimes: [],
    },
  ],
};
