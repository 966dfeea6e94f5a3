import { formatInstant, formatLocalDay, isUnderAge, localDay } from './counting.ts';
import type { IndiaForum } from './india-events.ts';
import {
  offenceBailClass,
  type BailClassOverrides,
  type OffenceBailClass,
} from './offence-catalogue.ts';
import { offencesIn, sectionRange, sectionSet, type SectionSet } from './offence-code.ts';
import type { CaseCondition, DueContext, DueDecision, SubjectCondition } from './rule-pack.ts';

/** The predicates of the India pack: conditions on offences, forum and age, and decided periods. */

export const BNS_RAPE_GROUP = sectionRange('BNS', 64, 71);
/** BNSS s.193(2) lists BNS 64, 65, 66, 67, 68, 70 and 71: not 69 (deceitful means). */
export const BNSS_193_BNS = sectionSet(
  'BNS',
  ['64', '65', '66', '67', '68', '70', '71'],
  'BNS 64–68, 70, 71',
);
export const BNSS_193_POCSO = sectionSet('POCSO', ['4', '6', '8', '10'], 'POCSO 4, 6, 8, 10');
export const IPC_376_GROUP = sectionSet(
  'IPC',
  ['376', '376A', '376AB', '376B', '376C', '376D', '376DA', '376DB', '376E'],
  'IPC 376, 376A, 376AB, 376B–376E',
);

export function offenceIn(sets: readonly SectionSet[]): CaseCondition {
  return {
    description: `an offence in ${sets.map((set) => set.label).join(' or ')}`,
    test: (facts) => {
      const found = offencesIn(facts.offences, sets);
      return found.length > 0 ? found.map((offence) => offence.code).join(', ') : undefined;
    },
  };
}

export const ANY_POCSO_OFFENCE: CaseCondition = {
  description: 'any POCSO offence',
  test: (facts) => {
    const found = facts.offences.filter((offence) => offence.statute === 'POCSO');
    return found.length > 0 ? found.map((offence) => offence.code).join(', ') : undefined;
  },
};

export function forumIn(forums: readonly IndiaForum[]): CaseCondition {
  return {
    description: `the forum is ${forums.join(' or ')}`,
    test: (facts) =>
      facts.forum !== null && (forums as readonly string[]).includes(facts.forum)
        ? facts.forum
        : undefined,
  };
}

/**
 * The JJ Act rules use the victim's age on the start's local date. With no date of birth the
 * victim is treated as a child unless configured otherwise: a needless reminder costs less than
 * a child held unlawfully, and age determination (JJ Act s.94) settles it.
 */
export function victimUnder18AtStart(unknownAgeIsChild: boolean): SubjectCondition {
  return {
    description: 'the victim is under 18 at the start',
    test: (subject, start, facts) => {
      const victim = facts.victims.find((candidate) => candidate.ref === subject);
      if (!victim || victim.birthDay === null) {
        return unknownAgeIsChild
          ? `${subject} has no date of birth recorded: treated as under 18 until the age is determined`
          : undefined;
      }
      const day = localDay(start.at, facts.zone);
      return isUnderAge(victim.birthDay, 18, day)
        ? `${subject}, born ${formatLocalDay(victim.birthDay)}, is under 18 on ${formatLocalDay(day)}`
        : undefined;
    },
  };
}

/**
 * BNSS s.187(3) / CrPC s.167(2): 90 days if any offence on the case is in the 90-day class, else
 * 60, the remand day counted (ED v. Kapil Wadhawan, 2023). Victims' ages are taken on the remand
 * day; an unknown age does not make a child here, so the shorter period (earlier alert) applies.
 */
export function defaultBailPeriod(overrides: BailClassOverrides) {
  return ({ facts, start }: DueContext): DueDecision => {
    const startDay = localDay(start.at, facts.zone);
    const someVictimUnder = (years: number): boolean =>
      facts.victims.some(
        (victim) => victim.birthDay !== null && isUnderAge(victim.birthDay, years, startDay),
      );
    const classes: OffenceBailClass[] = facts.offences.map((offence) =>
      offenceBailClass(offence, overrides, someVictimUnder),
    );
    const ninety = classes.find((bailClass) => bailClass.days === 90);
    const counted = 'the remand day counts as day 1 (ED v. Kapil Wadhawan, 2023)';
    if (ninety) {
      return {
        period: { amount: 90, convention: 'days-start-day-counted' },
        because: `${ninety.code} is in the 90-day class (${ninety.reason}); ${counted}`,
      };
    }
    const notes = classes
      .filter((bailClass) => bailClass.contested || !bailClass.known)
      .map((bailClass) => `${bailClass.code}: ${bailClass.reason}`);
    const listed = classes.map((bailClass) => `${bailClass.code}: ${bailClass.reason}`).join('; ');
    return {
      period: { amount: 60, convention: 'days-start-day-counted' },
      because:
        classes.length > 0
          ? `no offence is in the 90-day class (${listed}); ${counted}`
          : `no offence recorded: the 60-day class is assumed; ${counted}`,
      notes,
    };
  };
}

/** BNSS s.258(1): 30 days from the end of arguments; extended when the judgment is deferred. */
export function judgmentPeriod(extendedDays: 45 | 60) {
  return ({ facts, start, events }: DueContext): DueDecision => {
    const deferral = events
      .ofType('court.judgment_deferred')
      .find((event) => event.at >= start.at && event.index !== start.index);
    if (!deferral) {
      return { period: { amount: 30, convention: 'days' }, because: 'no deferral recorded' };
    }
    return {
      period: { amount: extendedDays, convention: 'days' },
      because: `extended: judgment deferred on ${formatInstant(deferral.at, facts.zone)}`,
      notes: [
        `the extended period is ${extendedDays} days by configuration; sources differ (45 in the enacted text per most, 60 in the withdrawn Bill)`,
      ],
    };
  };
}
