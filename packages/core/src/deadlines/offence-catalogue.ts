import { codeAndParents, type OffenceCode } from './offence-code.ts';
import type { ConfidenceTag } from './rule-pack.ts';

/**
 * India's offence catalogue for the default-bail clock (BNSS s.187(3) / CrPC s.167(2)): 90 days
 * for offences punishable with death, life or "ten years or more", 60 for the rest. The class is
 * derived from the punishment range, so the table holds facts (ranges, sources) and one function
 * holds the reading of the law (docs/legal-sources.md):
 * - life or death possible, or a minimum of 10 years or more: 90, settled;
 * - a maximum below 10 years: 60, settled;
 * - otherwise (a maximum of 10 years or more with a lower minimum): contested. The Kerala High
 *   Court read "up to 10 years" as 60; the Karnataka High Court (Hyder Ali) requires a minimum of
 *   10. Dawn takes the shorter period (the earlier alert) unless configured otherwise.
 */

export type DefaultBailDays = 60 | 90;

export interface Punishment {
  readonly minimumYears: number;
  /** Years (fractions for months), or life / death. */
  readonly maximum: number | 'life' | 'death';
}

/** A heavier range when a victim is under an age (ITPA: a "child" is under 16, a "minor" 16–18). */
export interface VictimAgeBand {
  readonly underYears: number;
  readonly punishment: Punishment;
}

export interface OffenceEntry {
  readonly code: string;
  readonly title: string;
  readonly punishment: Punishment;
  /** Youngest band first; the youngest victim on the case picks the band. */
  readonly victimAgeBands?: readonly VictimAgeBand[];
  readonly confidence: ConfidenceTag;
  readonly note?: string;
}

export interface BailClass {
  readonly days: DefaultBailDays;
  readonly contested: boolean;
}

export function bailClassOf(punishment: Punishment): BailClass {
  const { minimumYears, maximum } = punishment;
  if (maximum === 'life' || maximum === 'death' || minimumYears >= 10) {
    return { days: 90, contested: false };
  }
  if (maximum < 10) return { days: 60, contested: false };
  return { days: 60, contested: true };
}

const years = (minimumYears: number, maximum: Punishment['maximum']): Punishment => ({
  minimumYears,
  maximum,
});

const UNCONFIRMED_RANGE = 'range from memory of the text, not in docs/legal-sources.md: verify';

function entry(
  code: string,
  title: string,
  punishment: Punishment,
  confidence: ConfidenceTag,
  extra: { victimAgeBands?: readonly VictimAgeBand[]; note?: string } = {},
): OffenceEntry {
  return { code, title, punishment, confidence, ...extra };
}

const ITPA_CHILD_BANDS = (child: Punishment, minor: Punishment): VictimAgeBand[] => [
  { underYears: 16, punishment: child },
  { underYears: 18, punishment: minor },
];

export const OFFENCE_CATALOGUE: readonly OffenceEntry[] = [
  // Bharatiya Nyaya Sanhita, 2023 (docs/legal-sources.md).
  entry('BNS:64', 'Rape', years(10, 'life'), 'U', { note: UNCONFIRMED_RANGE }),
  entry('BNS:65', 'Rape of a woman under 16 or 12', years(20, 'death'), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('BNS:66', 'Rape causing death or a vegetative state', years(20, 'death'), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('BNS:67', 'Sexual intercourse by a husband during separation', years(2, 7), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('BNS:68', 'Sexual intercourse by a person in authority', years(5, 10), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('BNS:69', 'Sexual intercourse by deceitful means', years(0, 10), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('BNS:70', 'Gang rape', years(20, 'life'), 'U', { note: UNCONFIRMED_RANGE }),
  entry('BNS:71', 'Rape by a repeat offender', years(20, 'death'), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('BNS:72', 'Disclosure of the identity of a victim', years(0, 2), 'T'),
  entry('BNS:96', 'Procuration of a child', years(0, 10), 'U', { note: UNCONFIRMED_RANGE }),
  entry('BNS:98', 'Selling a child for prostitution', years(0, 10), 'T'),
  entry('BNS:99', 'Buying a child for prostitution', years(7, 14), 'T'),
  entry('BNS:141', 'Importation of a girl or boy from a foreign country', years(0, 10), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('BNS:143', 'Trafficking of a person (subsection not given)', years(7, 10), 'T', {
    note: 'no subsection: the base offence, s.143(2), is assumed',
  }),
  entry('BNS:143(2)', 'Trafficking of a person', years(7, 10), 'T'),
  entry('BNS:143(3)', 'Trafficking of more than one person', years(10, 'life'), 'T'),
  entry('BNS:143(4)', 'Trafficking of a child', years(10, 'life'), 'T'),
  entry('BNS:143(5)', 'Trafficking of more than one child', years(14, 'life'), 'T'),
  entry('BNS:143(6)', 'Repeat conviction for child trafficking', years(0, 'life'), 'T'),
  entry('BNS:143(7)', 'Trafficking by a public servant or police officer', years(0, 'life'), 'T'),
  entry('BNS:144', 'Exploitation of a trafficked person (subsection not given)', years(3, 7), 'T', {
    note: 'no subsection: s.144(2) (a trafficked person) is assumed',
  }),
  entry('BNS:144(1)', 'Sexual exploitation of a trafficked child', years(5, 10), 'T'),
  entry('BNS:144(2)', 'Sexual exploitation of a trafficked person', years(3, 7), 'T'),

  // Indian Penal Code, 1860: offences committed before 1 July 2024 (no retrospective penal law).
  entry('IPC:366A', 'Procuration of a minor girl', years(0, 10), 'U', { note: UNCONFIRMED_RANGE }),
  entry('IPC:366B', 'Importation of a girl from a foreign country', years(0, 10), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
  entry('IPC:370', 'Trafficking of a person (subsection not given)', years(7, 10), 'U', {
    note: `no subsection: s.370(2) is assumed; ${UNCONFIRMED_RANGE}`,
  }),
  entry('IPC:370(2)', 'Trafficking of a person', years(7, 10), 'U', { note: UNCONFIRMED_RANGE }),
  entry('IPC:370(3)', 'Trafficking of more than one person', years(10, 'life'), 'U'),
  entry('IPC:370(4)', 'Trafficking of a minor', years(10, 'life'), 'U'),
  entry('IPC:370(5)', 'Trafficking of more than one minor', years(14, 'life'), 'U'),
  entry('IPC:370(6)', 'Repeat conviction for trafficking of minors', years(0, 'life'), 'U'),
  entry('IPC:370(7)', 'Trafficking by a public servant or police officer', years(0, 'life'), 'U'),
  entry(
    'IPC:370A',
    'Exploitation of a trafficked person (subsection not given)',
    years(3, 5),
    'U',
    {
      note: `no subsection: s.370A(2) is assumed; ${UNCONFIRMED_RANGE}`,
    },
  ),
  entry('IPC:370A(1)', 'Exploitation of a trafficked minor', years(5, 7), 'U'),
  entry('IPC:370A(2)', 'Exploitation of a trafficked person', years(3, 5), 'U'),
  entry('IPC:372', 'Selling a minor for prostitution', years(0, 10), 'U'),
  entry('IPC:373', 'Buying a minor for prostitution', years(0, 10), 'U'),
  entry('IPC:376', 'Rape', years(10, 'life'), 'U', { note: UNCONFIRMED_RANGE }),
  entry('IPC:376A', 'Rape causing death or a vegetative state', years(20, 'death'), 'U'),
  entry('IPC:376AB', 'Rape of a woman under 12', years(20, 'death'), 'U'),
  entry('IPC:376B', 'Sexual intercourse by a husband during separation', years(2, 7), 'U'),
  entry('IPC:376C', 'Sexual intercourse by a person in authority', years(5, 10), 'U'),
  entry('IPC:376D', 'Gang rape', years(20, 'life'), 'U'),
  entry('IPC:376DA', 'Gang rape of a woman under 16', years(0, 'life'), 'U'),
  entry('IPC:376DB', 'Gang rape of a woman under 12', years(0, 'death'), 'U'),
  entry('IPC:376E', 'Rape by a repeat offender', years(0, 'death'), 'U'),

  // Immoral Traffic (Prevention) Act, 1956 (docs/legal-sources.md).
  entry('ITPA:3', 'Keeping or managing a brothel', years(1, 5), 'T', {
    note: '1–3 years on a first conviction, 2–5 on a later one',
  }),
  entry('ITPA:4', 'Living on the earnings of prostitution', years(0, 2), 'T', {
    victimAgeBands: ITPA_CHILD_BANDS(years(7, 10), years(7, 10)),
  }),
  entry('ITPA:5', 'Procuring, inducing or taking a person for prostitution', years(3, 7), 'T', {
    victimAgeBands: ITPA_CHILD_BANDS(years(7, 'life'), years(7, 14)),
    note: 'up to 14 years when against the person’s will: configure the 90-day class if so charged',
  }),
  entry('ITPA:6', 'Detaining a person in a brothel', years(7, 'life'), 'T'),
  entry('ITPA:7', 'Prostitution in or near a public place', years(0, 0.25), 'T', {
    victimAgeBands: ITPA_CHILD_BANDS(years(7, 'life'), years(7, 'life')),
  }),
  entry('ITPA:8', 'Soliciting', years(0, 0.5), 'T'),
  entry('ITPA:9', 'Seduction of a person in custody', years(7, 'life'), 'T'),

  // Protection of Children from Sexual Offences Act, 2012 (docs/legal-sources.md).
  entry('POCSO:4', 'Penetrative sexual assault', years(10, 'life'), 'S'),
  entry('POCSO:6', 'Aggravated penetrative sexual assault', years(20, 'death'), 'S'),
  entry('POCSO:8', 'Sexual assault', years(3, 5), 'U', { note: UNCONFIRMED_RANGE }),
  entry('POCSO:10', 'Aggravated sexual assault', years(5, 7), 'U', { note: UNCONFIRMED_RANGE }),
  entry('POCSO:12', 'Sexual harassment', years(0, 3), 'U', { note: UNCONFIRMED_RANGE }),
  entry('POCSO:21', 'Failure to report or record a case', years(0, 1), 'U', {
    note: UNCONFIRMED_RANGE,
  }),
];

/** The highest age any band reaches: all older victims fall in the same (no) band. */
export const OLDEST_AGE_BAND = Math.max(
  0,
  ...OFFENCE_CATALOGUE.flatMap((offence) =>
    (offence.victimAgeBands ?? []).map((band) => band.underYears),
  ),
);

const CATALOGUE_BY_CODE = new Map(OFFENCE_CATALOGUE.map((offence) => [offence.code, offence]));

/** The entry for a code, or for the nearest shorter form of it (`BNS:64(2)` → `BNS:64`). */
export function findOffence(offence: OffenceCode): OffenceEntry | undefined {
  for (const form of codeAndParents(offence)) {
    const found = CATALOGUE_BY_CODE.get(form);
    if (found) return found;
  }
  return undefined;
}

/** Classes set by configuration, by code (a code covers its subsections unless they have one). */
export type BailClassOverrides = Readonly<Record<string, DefaultBailDays>>;

export interface OffenceBailClass {
  readonly code: string;
  readonly days: DefaultBailDays;
  /** Why, for the explanation: the range, the band, a configured class or "not in catalogue". */
  readonly reason: string;
  readonly contested: boolean;
  readonly configured: boolean;
  readonly known: boolean;
}

function describePunishment(punishment: Punishment): string {
  const { minimumYears, maximum } = punishment;
  const top = typeof maximum === 'number' ? `${maximum} years` : maximum;
  return minimumYears > 0 ? `${minimumYears} years to ${top}` : `up to ${top}`;
}

/**
 * The default-bail class of one offence. `youngestVictimAge` is the age in whole years of the
 * youngest victim at the clock's start, or null when no birth date is known (then no age band
 * applies, so the shorter period does).
 */
export function offenceBailClass(
  offence: OffenceCode,
  overrides: BailClassOverrides,
  youngestVictimAge: number | null,
): OffenceBailClass {
  for (const form of codeAndParents(offence)) {
    const configured = overrides[form];
    if (configured !== undefined) {
      return {
        code: offence.code,
        days: configured,
        reason: `${configured} days by configuration (${form})`,
        contested: false,
        configured: true,
        known: true,
      };
    }
  }
  const found = findOffence(offence);
  if (!found) {
    return {
      code: offence.code,
      days: 60,
      reason: 'not in the offence catalogue: the 60-day class is assumed',
      contested: false,
      configured: false,
      known: false,
    };
  }
  let band: VictimAgeBand | undefined;
  if (youngestVictimAge !== null) {
    for (const candidate of found.victimAgeBands ?? []) {
      if (youngestVictimAge < candidate.underYears) {
        band = candidate;
        break;
      }
    }
  }
  const punishment = band?.punishment ?? found.punishment;
  const bailClass = bailClassOf(punishment);
  const range = `${describePunishment(punishment)}${band ? ` (victim under ${band.underYears})` : ''}`;
  return {
    code: offence.code,
    days: bailClass.days,
    reason: bailClass.contested
      ? `${range}: contested (Kerala HC: 60; a maximum of 10 years or more may be read as 90), 60 assumed; configurable`
      : range,
    contested: bailClass.contested,
    configured: false,
    known: true,
  };
}
