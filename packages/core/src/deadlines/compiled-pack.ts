import { describePeriod, type FixedOffsetZone, type Period } from './counting.ts';
import { EventTypeSlots } from './case-events.ts';
import type { DueDecision, Rule, RulePack, Satisfier } from './rule-pack.ts';

/**
 * What the engine derives from a pack once, before any case: event-type numbers for each rule's
 * trigger and satisfiers, the rules of each regime, and the texts of fixed periods. Packs are
 * immutable values, so this is cached per pack object.
 */

export interface CompiledSatisfier {
  readonly satisfier: Satisfier;
  readonly slot: number;
}

export interface CompiledRule {
  readonly rule: Rule;
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
  const renewal = rule.trigger.renewal;
  const fixed = rule.due.kind === 'fixed' ? rule.due.period : null;
  return {
    rule,
    triggerSlot: types.slotOf(rule.trigger.eventType),
    renewalSlot: renewal ? types.slotOf(renewal.eventType) : -1,
    renewalEndSlot: renewal ? types.slotOf(renewal.endedBy) : -1,
    satisfiers: rule.satisfiedBy.by.map((satisfier) => ({
      satisfier,
      slot: types.slotOf(satisfier.eventType),
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
