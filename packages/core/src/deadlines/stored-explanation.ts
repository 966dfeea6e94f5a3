import { formatInstant } from './counting.ts';
import { compilePack } from './compiled-pack.ts';
import type {
  EventReference,
  Obligation,
  ObligationExplanation,
} from './deadline-result.schema.ts';
import type { ConfidenceTag, RulePack } from './rule-pack.ts';

/**
 * An obligation's explanation as stored (issue 11): what the obligation's own columns or its rule
 * already say is left out, and put back as it is read. The explanation was 576 of an obligation
 * row's 971 bytes and about a third of a first sweep's insert; most of it repeated the row (the
 * citation, confidence, the start and met instants) or the rule (what satisfies it, a fixed
 * period's counting). Every field is optional: an explanation stored whole (before this form) is
 * read as it is. `satisfyingEvent.id` keeps its place, which the satisfied-deadline triggers and
 * the trainings' follow-up read in SQL; a deadline not met leaves `satisfyingEvent` out (null
 * there, as before).
 */
export interface StoredEventReference {
  type: string;
  /** Left out when it is the obligation's start (or met) instant, as it always is. */
  at?: string;
  index: number;
  id?: string;
}

export interface StoredExplanation {
  startEvent?: StoredEventReference;
  condition?: string;
  counting?: string;
  citation?: string;
  confidence?: ConfidenceTag;
  unconfirmed?: boolean;
  satisfiedBy?: string;
  satisfyingEvent?: StoredEventReference | null;
  notes?: string[];
}

/** What an obligation row says besides its explanation, for putting the explanation back. */
export interface ExplainedRow {
  rule: string;
  citation: string;
  confidence: ConfidenceTag;
  unconfirmed: boolean;
  /** Epoch milliseconds. */
  startsAt: number;
  metAt: number | null;
}

interface RuleTexts {
  satisfiedBy: string;
  /** A fixed period's counting text; null when the rule decides its period per start. */
  counting: string | null;
}

const textsByPack = new WeakMap<RulePack, ReadonlyMap<string, RuleTexts>>();

function ruleTextsOf(pack: RulePack): ReadonlyMap<string, RuleTexts> {
  let texts = textsByPack.get(pack);
  if (!texts) {
    const map = new Map<string, RuleTexts>();
    for (const rules of compilePack(pack).rulesByRegime.values())
      for (const rule of rules)
        map.set(rule.id, {
          satisfiedBy: rule.satisfiedByDescription,
          counting: rule.fixedCounting,
        });
    texts = map;
    textsByPack.set(pack, texts);
  }
  return texts;
}

function storedReference(reference: EventReference, instant: string | null): StoredEventReference {
  const stored: StoredEventReference =
    reference.at === instant
      ? { type: reference.type, index: reference.index }
      : { type: reference.type, at: reference.at, index: reference.index };
  if (reference.id !== undefined) stored.id = reference.id;
  return stored;
}

/**
 * The explanation of an obligation `evaluate` gave with `pack`, as stored: each field left out
 * only when it equals what `explanationFromStored` puts back, so reading it gives it whole.
 */
export function storedExplanation(pack: RulePack, obligation: Obligation): StoredExplanation {
  const explanation = obligation.explanation;
  const rule = ruleTextsOf(pack).get(obligation.rule);
  const stored: StoredExplanation = {
    startEvent: storedReference(explanation.startEvent, obligation.startsAt),
    condition: explanation.condition,
  };
  if (explanation.counting !== rule?.counting) stored.counting = explanation.counting;
  if (explanation.citation !== obligation.citation) stored.citation = explanation.citation;
  if (explanation.confidence !== obligation.confidence) stored.confidence = explanation.confidence;
  if (explanation.unconfirmed !== obligation.unconfirmed)
    stored.unconfirmed = explanation.unconfirmed;
  if (explanation.satisfiedBy !== rule?.satisfiedBy) stored.satisfiedBy = explanation.satisfiedBy;
  if (explanation.satisfyingEvent !== null)
    stored.satisfyingEvent = storedReference(explanation.satisfyingEvent, obligation.metAt);
  if (explanation.notes.length > 0) stored.notes = explanation.notes;
  return stored;
}

function readReference(
  stored: StoredEventReference,
  instant: number | null,
  pack: RulePack,
): EventReference {
  const at = stored.at ?? (instant === null ? '' : formatInstant(instant, pack.zone));
  return stored.id === undefined
    ? { type: stored.type, at, index: stored.index }
    : { type: stored.type, at, index: stored.index, id: stored.id };
}

/**
 * The explanation the engine gave, from what was stored of it and its row: what was left out
 * comes from the row (the citation, confidence, instants in the pack's zone) or its rule. An
 * explanation stored whole reads the same. One with no start event was not written by the engine
 * (a demonstration's `{}`): it is answered as stored.
 */
export function explanationFromStored(
  pack: RulePack,
  row: ExplainedRow,
  stored: StoredExplanation,
): ObligationExplanation {
  if (stored.startEvent === undefined) return stored as ObligationExplanation;
  const rule = ruleTextsOf(pack).get(row.rule);
  return {
    startEvent: readReference(stored.startEvent, row.startsAt, pack),
    condition: stored.condition ?? '',
    counting: stored.counting ?? rule?.counting ?? '',
    citation: stored.citation ?? row.citation,
    confidence: stored.confidence ?? row.confidence,
    unconfirmed: stored.unconfirmed ?? row.unconfirmed,
    satisfiedBy: stored.satisfiedBy ?? rule?.satisfiedBy ?? '',
    satisfyingEvent:
      stored.satisfyingEvent === undefined || stored.satisfyingEvent === null
        ? null
        : readReference(stored.satisfyingEvent, row.metAt, pack),
    notes: stored.notes ?? [],
  };
}
