import type { Role } from '../roles.ts';
import { describePeriod, type FixedOffsetZone, type LeadTime, type Period } from './counting.ts';
import { EventTypeSlots } from './case-events.ts';
import type {
  CaseCondition,
  ConfidenceTag,
  ConsequenceClass,
  DueContext,
  DueDecision,
  EventFilter,
  Fanout,
  Rule,
  RulePack,
  SubjectCondition,
  SubjectMatch,
  Trigger,
} from './rule-pack.ts';

/**
 * What the engine derives from a pack once, before any case: event-type numbers for each rule's
 * trigger and satisfiers, the rules of each regime, and the texts of fixed periods. Packs are
 * immutable values, so this is cached per pack object.
 *
 * A compiled rule also copies the fields the engine reads into one object shape. Pack rules are
 * written with spreads and optional fields, so each has its own shape, and reading a dozen fields
 * from objects of many shapes for every obligation was a third of the engine's time.
 */

export interface CompiledSatisfier {
  readonly slot: number;
  readonly match: SubjectMatch;
  readonly onlyByDue: boolean;
  readonly filter: EventFilter | null;
}

export interface CompiledRule {
  readonly rule: Rule;
  readonly id: string;
  readonly citation: string;
  readonly title: string;
  readonly confidence: ConfidenceTag;
  readonly confidenceNote: string | null;
  readonly consequence: ConsequenceClass;
  readonly responsibleRole: Role;
  readonly actor: string;
  readonly alertLeadTimes: readonly LeadTime[];
  readonly satisfiedByDescription: string;
  readonly appliesWhen: CaseCondition | null;
  readonly select: Trigger['select'];
  readonly subjects: Fanout;
  readonly triggerFilter: EventFilter | null;
  readonly subjectCondition: SubjectCondition | null;
  readonly renewed: boolean;
  readonly decide: ((context: DueContext) => DueDecision) | null;
  readonly triggerSlot: number;
  /** For a renewed chain: the slots of the renewing and the ending event types, else -1. */
  readonly renewalSlot: number;
  readonly renewalEndSlot: number;
  readonly satisfiers: readonly CompiledSatisfier[];
  /** The decision and counting text of a fixed period; null when the rule decides per start. */
  readonly fixedDecision: DueDecision | null;
  readonly fixedCounting: string | null;
  readonly unconfirmed: boolean;
}

export interface CompiledPack {
  readonly types: EventTypeSlots;
  readonly rulesByRegime: ReadonlyMap<string, readonly CompiledRule[]>;
}

export function countingOf(
  period: Period,
  zone: FixedOffsetZone,
  because: string | undefined,
): string {
  const counting = `${describePeriod(period)} (${zone.name})`;
  return because ? `${counting}; ${because}` : counting;
}

function compileRule(rule: Rule, types: EventTypeSlots, zone: FixedOffsetZone): CompiledRule {
  const { trigger, due } = rule;
  const renewal = trigger.renewal;
  const fixed = due.kind === 'fixed' ? due.period : null;
  return {
    rule,
    id: rule.id,
    citation: rule.citation,
    title: rule.title,
    confidence: rule.confidence,
    confidenceNote: rule.confidenceNote ?? null,
    consequence: rule.consequence,
    responsibleRole: rule.responsibleRole,
    actor: rule.actor,
    alertLeadTimes: rule.alertLeadTimes,
    satisfiedByDescription: rule.satisfiedBy.description,
    appliesWhen: rule.appliesWhen ?? null,
    select: trigger.select,
    subjects: trigger.subjects,
    triggerFilter: trigger.filter ?? null,
    subjectCondition: trigger.subjectCondition ?? null,
    renewed: renewal !== undefined,
    decide: due.kind === 'decided' ? due.decide : null,
    triggerSlot: types.slotOf(trigger.eventType),
    renewalSlot: renewal ? types.slotOf(renewal.eventType) : -1,
    renewalEndSlot: renewal ? types.slotOf(renewal.endedBy) : -1,
    satisfiers: rule.satisfiedBy.by.map((satisfier): CompiledSatisfier => ({
      slot: types.slotOf(satisfier.eventType),
      match: satisfier.match,
      onlyByDue: satisfier.onlyByDue ?? false,
      filter: satisfier.filter ?? null,
    })),
    fixedDecision: fixed ? { period: fixed } : null,
    fixedCounting: fixed ? countingOf(fixed, zone, undefined) : null,
    unconfirmed: rule.confidence === 'U',
  };
}

const compiledPacks = new WeakMap<RulePack, CompiledPack>();

export function compilePack(pack: RulePack): CompiledPack {
  let compiled = compiledPacks.get(pack);
  if (!compiled) {
    const types = new EventTypeSlots(Object.keys(pack.events));
    const rules = pack.rules.map((rule) => compileRule(rule, types, pack.zone));
    compiled = {
      types,
      rulesByRegime: new Map(
        pack.regimes.map((regime) => [
          regime,
          rules.filter((candidate) => candidate.rule.regimes.includes(regime)),
        ]),
      ),
    };
    compiledPacks.set(pack, compiled);
  }
  return compiled;
}
