import {
  ageOn,
  civilFromDays,
  formatInstant,
  formatLocalDay,
  isUnderAge,
  localDay,
  type Period,
} from './counting.ts';
import type { IndiaForum } from './india-events.ts';
import {
  OLDEST_AGE_BAND,
  offenceBailClass,
  type BailClassOverrides,
  type OffenceBailClass,
} from './offence-catalogue.ts';
import {
  offencesIn,
  sectionRange,
  sectionSet,
  type OffenceCode,
  type SectionSet,
} from './offence-code.ts';
import type {
  AgeEstimate,
  CaseCondition,
  CaseEvent,
  CaseFacts,
  DueContext,
  DueDecision,
  SubjectCondition,
  Victim,
} from './rule-pack.ts';

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

// The predicates below run for every case, so they loop instead of creating callbacks per call.

/** `BNS:64, POCSO:6`, or undefined for none. */
function codesOf(offences: readonly OffenceCode[]): string | undefined {
  let codes: string | undefined;
  for (const offence of offences) codes = codes ? `${codes}, ${offence.code}` : offence.code;
  return codes;
}

function findVictim(facts: CaseFacts, ref: string): Victim | undefined {
  for (const victim of facts.victims) if (victim.ref === ref) return victim;
  return undefined;
}

export function offenceIn(sets: readonly SectionSet[]): CaseCondition {
  return {
    description: `an offence in ${sets.map((set) => set.label).join(' or ')}`,
    test: (facts) => codesOf(offencesIn(facts.offences, sets)),
  };
}

export const ANY_POCSO_OFFENCE: CaseCondition = {
  description: 'any POCSO offence',
  test: (facts) => {
    let codes: string | undefined;
    for (const offence of facts.offences) {
      if (offence.statute === 'POCSO') codes = codes ? `${codes}, ${offence.code}` : offence.code;
    }
    return codes;
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
 * The JJ Act rules use the victim's age on the start's local date. Without a date of birth, an age
 * band or estimated birth year that settles the age decides; when nothing settles it the victim is
 * treated as a child unless configured otherwise: a needless reminder costs less than a child held
 * unlawfully, and age determination (JJ Act s.94) settles it. The explanation names the basis,
 * never the birth date: it lives in the vault and callers of the engine's output may not see it.
 */
export function victimUnder18AtStart(unknownAgeIsChild: boolean): SubjectCondition {
  return {
    description: 'the victim is under 18 at the start',
    test: (subject, start, facts) => {
      const victim = findVictim(facts, subject);
      const day = localDay(start.at, facts.zone);
      if (victim && victim.birthDay !== null) {
        return isUnderAge(victim.birthDay, 18, day)
          ? `${subject} was under 18 on ${formatLocalDay(day)}, by the recorded date of birth`
          : undefined;
      }
      const estimate = victim?.ageEstimate;
      const ages = estimate ? agesOn(estimate, day) : null;
      if (!estimate || !ages) {
        return unknownAgeIsChild
          ? `${subject} has no date of birth recorded: treated as under 18 until the age is determined`
          : undefined;
      }
      if (ages.youngest >= 18) return undefined;
      if (ages.oldest < 18) {
        return `${subject} was under 18 on ${formatLocalDay(day)}, by ${estimate.basis}`;
      }
      return unknownAgeIsChild
        ? `${subject} may have been under 18 on ${formatLocalDay(day)} by ${estimate.basis}, and has no date of birth recorded: treated as under 18 until the age is determined`
        : undefined;
    },
  };
}

/**
 * The youngest and oldest whole-year ages an estimate allows on `day`, or null when its parts
 * contradict each other. A band is an estimate in whole years, so it moves by the whole years
 * between the day it was recorded and `day` (recorded at intake, weeks after a rescue, it still
 * describes the age at the rescue).
 */
export function agesOn(
  estimate: AgeEstimate,
  day: number,
): { youngest: number; oldest: number } | null {
  let youngest = 0;
  let oldest = Infinity;
  if (estimate.band) {
    const { recordedOn } = estimate.band;
    const shift = day >= recordedOn ? ageOn(recordedOn, day) : -ageOn(day, recordedOn);
    youngest = estimate.band.youngest + shift;
    oldest = estimate.band.oldest === null ? Infinity : estimate.band.oldest + shift;
  }
  if (estimate.birthYear !== null) {
    const years = civilFromDays(day).year - estimate.birthYear;
    youngest = Math.max(youngest, years - 1);
    oldest = Math.min(oldest, years);
  }
  return youngest > oldest ? null : { youngest: Math.max(0, youngest), oldest };
}

/**
 * BNSS s.187(3) / CrPC s.167(2): 90 days if any offence on the case is in the 90-day class, else
 * 60, the remand day counted (ED v. Kapil Wadhawan, 2023). Victims' ages are taken on the remand
 * day; an unknown age does not make a child here, so the shorter period (earlier alert) applies.
 */
export function defaultBailPeriod(overrides: BailClassOverrides) {
  // The class of an offence depends only on it, the overrides and the youngest victim's age, and
  // cases share parsed offence codes: remember each answer (a bounded number per code).
  const known = new WeakMap<OffenceCode, Map<number | null, OffenceBailClass>>();
  const bailClassOf = (offence: OffenceCode, youngestAge: number | null): OffenceBailClass => {
    let byAge = known.get(offence);
    if (!byAge) {
      byAge = new Map();
      known.set(offence, byAge);
    }
    const age = youngestAge === null ? null : Math.min(youngestAge, OLDEST_AGE_BAND);
    let bailClass = byAge.get(age);
    if (!bailClass) {
      bailClass = offenceBailClass(offence, overrides, age);
      byAge.set(age, bailClass);
    }
    return bailClass;
  };
  return ({ facts, start }: DueContext): DueDecision => {
    const startDay = localDay(start.at, facts.zone);
    const youngestAge = youngestVictimAge(facts, startDay);
    const classes: OffenceBailClass[] = [];
    let ninety: OffenceBailClass | undefined;
    for (const offence of facts.offences) {
      const bailClass = bailClassOf(offence, youngestAge);
      classes.push(bailClass);
      if (!ninety && bailClass.days === 90) ninety = bailClass;
    }
    if (ninety) {
      return {
        period: NINETY_DAYS_COUNTED,
        because: `${ninety.code} is in the 90-day class (${ninety.reason}); ${REMAND_DAY_COUNTED}`,
      };
    }
    const notes: string[] = [];
    let listed = '';
    for (const bailClass of classes) {
      const line = `${bailClass.code}: ${bailClass.reason}`;
      if (bailClass.contested || !bailClass.known) notes.push(line);
      listed = listed ? `${listed}; ${line}` : line;
    }
    return {
      period: SIXTY_DAYS_COUNTED,
      because:
        classes.length > 0
          ? `no offence is in the 90-day class (${listed}); ${REMAND_DAY_COUNTED}`
          : `no offence recorded: the 60-day class is assumed; ${REMAND_DAY_COUNTED}`,
      notes,
    };
  };
}

const REMAND_DAY_COUNTED = 'the remand day counts as day 1 (ED v. Kapil Wadhawan, 2023)';
const NINETY_DAYS_COUNTED: Period = { amount: 90, convention: 'days-start-day-counted' };
const SIXTY_DAYS_COUNTED: Period = { amount: 60, convention: 'days-start-day-counted' };

/**
 * The age on `day` of the youngest victim whose age is known, or null. An estimated age counts at
 * its oldest, so an estimate never makes a child here (as an unknown age does not).
 */
function youngestVictimAge(facts: CaseFacts, day: number): number | null {
  let youngest: number | null = null;
  for (const victim of facts.victims) {
    let age: number | undefined;
    if (victim.birthDay !== null) age = ageOn(victim.birthDay, day);
    else if (victim.ageEstimate) {
      const oldest = agesOn(victim.ageEstimate, day)?.oldest;
      if (oldest !== undefined && Number.isFinite(oldest)) age = oldest;
    }
    if (age !== undefined && (youngest === null || age < youngest)) youngest = age;
  }
  return youngest;
}

/** BNSS s.258(1): 30 days from the end of arguments; extended when the judgment is deferred. */
export function judgmentPeriod(extendedDays: 45 | 60) {
  return ({ facts, start, events }: DueContext): DueDecision => {
    let deferral: CaseEvent | undefined;
    for (const event of events.ofType('court.judgment_deferred')) {
      if (event.at >= start.at && event.index !== start.index) {
        deferral = event;
        break;
      }
    }
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
