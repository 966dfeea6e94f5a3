import type { Role } from '../roles.ts';
import type { FixedOffsetZone, LeadTime, Period } from './counting.ts';
import type { OffenceCode } from './offence-code.ts';

/**
 * A rule pack is data plus small predicates (docs/deadlines.md). The engine
 * (`engine.ts`) reads only these types, so a pack for another jurisdiction is a new value of
 * `RulePack`, not a change to the engine.
 */

/** From `docs/legal-sources.md`: statutory text seen, reliable secondary source, unconfirmed. */
export const CONFIDENCE_TAGS = ['T', 'S', 'U'] as const;
export type ConfidenceTag = (typeof CONFIDENCE_TAGS)[number];

/**
 * What missing the deadline means in law (docs/legal-sources.md); `limitation-bar`: the remedy (an
 * appeal) is time-barred unless the court condones the delay.
 */
export const CONSEQUENCE_CLASSES = [
  'accused-right-accrues',
  'unlawful-detention',
  'offence-by-official',
  'directory',
  'entitlement',
  'limitation-bar',
] as const;
export type ConsequenceClass = (typeof CONSEQUENCE_CLASSES)[number];

export const OBLIGATION_STATUSES = ['met', 'met_late', 'open', 'overdue'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** Which person an event names: none, one victim (required or optional), one accused, a list. */
export type PersonField = 'none' | 'victim' | 'victim-optional' | 'accused' | 'accused-list';

export interface EventDefinition {
  readonly person: PersonField;
  readonly description: string;
}

/** An input event as the engine sees it: parsed, at or before `asOf`, sorted by time. */
export interface CaseEvent {
  /** Position in the input's `events`, so an explanation can point at it. */
  readonly index: number;
  readonly type: string;
  readonly at: number;
  readonly id: string | null;
  readonly victim: string | null;
  /** The accused the event names; empty when it names none (a chargesheet against all). */
  readonly accused: readonly string[];
  readonly scheme: string | null;
  /** What the event decided, e.g. a judgment's `acquittal`. */
  readonly outcome: string | null;
}

export interface Victim {
  readonly ref: string;
  /** Local day of birth (days since 1970-01-01), or null when not recorded. */
  readonly birthDay: number | null;
  /** Without a birth date: what else is known of the age, or null when nothing is. */
  readonly ageEstimate: AgeEstimate | null;
}

/** An age known only roughly: an age band and the local day it was recorded, a birth year. */
export interface AgeEstimate {
  readonly band: {
    readonly youngest: number;
    readonly oldest: number | null;
    readonly recordedOn: number;
  } | null;
  readonly birthYear: number | null;
  /** e.g. "the recorded age band" (for explanations). */
  readonly basis: string;
}

export interface CaseFacts {
  readonly offences: readonly OffenceCode[];
  readonly forum: string | null;
  readonly victims: readonly Victim[];
  readonly accused: readonly string[];
  readonly zone: FixedOffsetZone;
}

/** The events of a case by type, each list sorted by time (and by input order on ties). */
export interface EventLookup {
  ofType(type: string): readonly CaseEvent[];
}

/** A condition on the case; `test` says why it holds (e.g. which offence), or undefined. */
export interface CaseCondition {
  readonly description: string;
  readonly test: (facts: CaseFacts) => string | undefined;
}

/** A condition on one subject at the start event (e.g. the victim's age on that day). */
export interface SubjectCondition {
  readonly description: string;
  readonly test: (subject: string, start: CaseEvent, facts: CaseFacts) => string | undefined;
}

export interface EventFilter {
  readonly description: string;
  readonly test: (event: CaseEvent) => boolean;
}

/**
 * Who an obligation is about:
 * - `case`: one obligation for the case (subject null);
 * - `each-victim-on-case`: the case-wide start, once for each victim listed on the case;
 * - `event-victim` / `event-accused`: the person (or each person) the start event names;
 * - `event-accused-or-all`: each accused the start event names, or, when it names none, each
 *   accused of the case (the case itself when it has none).
 *
 * The persons of the case are those it lists and those its events name (up to `asOf`).
 */
export type Fanout =
  'case' | 'each-victim-on-case' | 'event-victim' | 'event-accused' | 'event-accused-or-all';

export interface Trigger {
  readonly eventType: string;
  /** `first`: the first such event (per subject for event-named subjects); `each`: every one. */
  readonly select: 'first' | 'each';
  readonly subjects: Fanout;
  readonly filter?: EventFilter;
  /**
   * A chain: after the first start, each `eventType` event starts the next link, until the first
   * `endedBy` event (no link starts at or after it). Only for `case` subjects.
   */
  readonly renewal?: { readonly eventType: string; readonly endedBy: string };
  readonly subjectCondition?: SubjectCondition;
}

/** Which events count for a subject: any, the same victim, the same accused, or a list naming it. */
export type SubjectMatch = 'any' | 'same-victim' | 'same-accused' | 'accused-listed-or-none';

export interface Satisfier {
  readonly eventType: string;
  readonly match: SubjectMatch;
  /** Counts only at or before the due instant (a chargesheet ends an open victim-progress link). */
  readonly onlyByDue?: boolean;
  readonly filter?: EventFilter;
}

export interface Satisfaction {
  readonly description: string;
  readonly by: readonly Satisfier[];
}

export interface DueContext {
  readonly asOf: number;
  readonly facts: CaseFacts;
  readonly start: CaseEvent;
  readonly subject: string | null;
  readonly events: EventLookup;
}

export interface DueDecision {
  readonly period: Period;
  /** Why this period (e.g. "BNS:143(4) is in the 90-day class"). */
  readonly because?: string;
  readonly notes?: readonly string[];
}

export type DueRule =
  | { readonly kind: 'fixed'; readonly period: Period }
  | {
      readonly kind: 'decided';
      /** For documentation, e.g. "90 days if … else 60". */
      readonly description: string;
      readonly decide: (context: DueContext) => DueDecision;
    };

export interface Rule {
  /** `JURISDICTION.CODE.SECTION.name`, e.g. `IN.BNSS.187.chargesheet`. */
  readonly id: string;
  readonly title: string;
  readonly citation: string;
  readonly confidence: ConfidenceTag;
  /** What is unconfirmed or contested, and what can be configured about it. */
  readonly confidenceNote?: string;
  readonly source?: string;
  /** The procedural regimes under which the rule applies. */
  readonly regimes: readonly string[];
  /** Absent: the rule applies to every case. */
  readonly appliesWhen?: CaseCondition;
  readonly trigger: Trigger;
  readonly due: DueRule;
  readonly satisfiedBy: Satisfaction;
  /** The Dawn team role alerted. */
  readonly responsibleRole: Role;
  /** Who must act in law (police, Magistrate, CWC, …). */
  readonly actor: string;
  readonly consequence: ConsequenceClass;
  readonly alertLeadTimes: readonly LeadTime[];
}

export interface RegimeChoice {
  readonly regime: string;
  readonly because: string;
}

export interface RulePack {
  readonly jurisdiction: string;
  readonly name: string;
  readonly zone: FixedOffsetZone;
  readonly forums: readonly [string, ...string[]];
  readonly events: Readonly<Record<string, EventDefinition>>;
  readonly regimes: readonly string[];
  readonly chooseRegime: (events: EventLookup, facts: CaseFacts) => RegimeChoice;
  readonly rules: readonly Rule[];
}

function checkPeriod(period: Period, where: string, problems: string[]): void {
  if (!Number.isSafeInteger(period.amount) || period.amount < 1) {
    problems.push(`${where}: period amount must be a whole number of at least 1`);
  }
}

/** Mistakes a pack author can make that types cannot catch; empty when the pack is sound. */
export function checkRulePack(pack: RulePack): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const knownEvent = (type: string, where: string): void => {
    if (!(type in pack.events)) problems.push(`${where}: unknown event type ${type}`);
  };
  for (const rule of pack.rules) {
    if (ids.has(rule.id)) problems.push(`${rule.id}: duplicate rule id`);
    ids.add(rule.id);
    if (!rule.id.startsWith(`${pack.jurisdiction}.`)) {
      problems.push(`${rule.id}: id must start with ${pack.jurisdiction}.`);
    }
    if (rule.regimes.length === 0) problems.push(`${rule.id}: applies under no regime`);
    for (const regime of rule.regimes) {
      if (!pack.regimes.includes(regime)) problems.push(`${rule.id}: unknown regime ${regime}`);
    }
    knownEvent(rule.trigger.eventType, `${rule.id} trigger`);
    if (rule.trigger.renewal) {
      knownEvent(rule.trigger.renewal.eventType, `${rule.id} renewal`);
      knownEvent(rule.trigger.renewal.endedBy, `${rule.id} renewal end`);
      if (rule.trigger.subjects !== 'case') {
        problems.push(`${rule.id}: a renewed chain must be case-wide`);
      }
    }
    if (rule.trigger.subjectCondition && rule.trigger.subjects === 'case') {
      problems.push(`${rule.id}: a subject condition needs a person to test`);
    }
    for (const satisfier of rule.satisfiedBy.by) {
      knownEvent(satisfier.eventType, `${rule.id} satisfier`);
    }
    if (rule.satisfiedBy.by.length === 0) problems.push(`${rule.id}: nothing satisfies it`);
    if (rule.due.kind === 'fixed') checkPeriod(rule.due.period, rule.id, problems);
    for (const lead of rule.alertLeadTimes) {
      if (!Number.isSafeInteger(lead.amount) || lead.amount < 0) {
        problems.push(`${rule.id}: lead time must be a whole number`);
      }
    }
  }
  return problems;
}
