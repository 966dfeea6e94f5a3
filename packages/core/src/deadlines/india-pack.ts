import { INDIA_STANDARD_TIME, formatInstant } from './counting.ts';
import { INDIA_EVENTS, INDIA_FORUMS, INDIA_REGIMES, type IndiaRegime } from './india-events.ts';
import { indiaPack2Rules } from './india-pack2-rules.ts';
import { indiaRules } from './india-rules.ts';
import type { BailClassOverrides } from './offence-catalogue.ts';
import type { EventLookup, RegimeChoice, RulePack } from './rule-pack.ts';

/**
 * What an installation may configure in the India pack: the contested and unconfirmed points of
 * docs/legal-sources.md. Every choice shows in the explanation of the obligations it affects.
 */
export interface IndiaPackOptions {
  /** Default-bail class per offence code (e.g. `{ 'BNS:143(2)': 90 }` where a court so holds). */
  readonly defaultBailDays?: BailClassOverrides;
  /** BNSS s.258(1) [U]: the extended judgment period, 45 (default) or 60 days. */
  readonly judgmentExtendedDays?: 45 | 60;
  /** BNSS s.193(3)(ii) [U]: inform of progress every 90 days until the chargesheet, or once. */
  readonly victimProgress?: 'recurring' | 'once';
  /** JJ Act rules for a victim without a date of birth: treated as a child (default) or not. */
  readonly unknownAgeIsChild?: boolean;
  /**
   * Limitation Act Art. 114 / BNSS s.413 [U]: days for an appeal against an acquittal, before the
   * certified-copy time is excluded. 90 (default) is the State's period; set it lower (e.g. 60) where
   * the High Court reads the victim's period so.
   */
  readonly appealAcquittalDays?: number;
  /** Rule ids switched off, e.g. an unconfirmed rule an installation has not verified yet. */
  readonly disabledRules?: readonly string[];
}

/** BNSS s.531(2)(a): investigations pending on 1 July 2024 continue under the CrPC. */
export const BNSS_COMMENCEMENT = Date.parse('2024-07-01T00:00:00+05:30');

function regime(name: IndiaRegime, because: string): RegimeChoice {
  return { regime: name, because };
}

function chooseIndianRegime(events: EventLookup): RegimeChoice {
  const firstFir = events.ofType('fir.registered')[0];
  if (!firstFir) return regime('BNSS', 'no FIR recorded: the BNSS (in force since 1 July 2024)');
  const registered = formatInstant(firstFir.at, INDIA_STANDARD_TIME);
  return firstFir.at < BNSS_COMMENCEMENT
    ? regime(
        'CrPC',
        `the earliest FIR (${registered}) is before 1 July 2024: the CrPC continues (BNSS s.531(2)(a))`,
      )
    : regime('BNSS', `the earliest FIR (${registered}) is on or after 1 July 2024`);
}

export function createIndiaPack(options: IndiaPackOptions = {}): RulePack {
  const disabled = new Set(options.disabledRules ?? []);
  const appealAcquittalDays = options.appealAcquittalDays ?? 90;
  if (!Number.isSafeInteger(appealAcquittalDays) || appealAcquittalDays < 1) {
    throw new Error('appealAcquittalDays must be a whole number of days, at least 1');
  }
  const rules = [
    ...indiaRules({
      defaultBailDays: options.defaultBailDays ?? {},
      judgmentExtendedDays: options.judgmentExtendedDays ?? 45,
      victimProgress: options.victimProgress ?? 'recurring',
      unknownAgeIsChild: options.unknownAgeIsChild ?? true,
    }),
    ...indiaPack2Rules({ appealAcquittalDays }),
  ];
  return {
    jurisdiction: 'IN',
    name: 'India: BNSS/CrPC, ITPA, POCSO, JJ Act, Limitation Act (issues 6 and 18)',
    zone: INDIA_STANDARD_TIME,
    forums: INDIA_FORUMS,
    events: INDIA_EVENTS,
    regimes: INDIA_REGIMES,
    chooseRegime: chooseIndianRegime,
    rules: rules.filter((rule) => !disabled.has(rule.id)),
  };
}

/** The India pack with its defaults. */
export const indiaPack: RulePack = createIndiaPack();
