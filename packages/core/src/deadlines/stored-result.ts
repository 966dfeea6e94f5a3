import { formatInstant } from './counting.ts';
import { compilePack } from './compiled-pack.ts';
import type { DeadlineResult, Obligation } from './deadline-result.schema.ts';
import { explanationFromStored, type StoredExplanation } from './stored-explanation.ts';
import type { ConfidenceTag, ConsequenceClass, ObligationStatus, RulePack } from './rule-pack.ts';
import type { Role } from '../roles.ts';

/** An obligation as the sweep stored it: instants as epoch milliseconds, the rest as computed. */
export interface StoredObligation {
  rule: string;
  citation: string;
  subject: string | null;
  startsAt: number;
  dueAt: number;
  status: ObligationStatus;
  metAt: number | null;
  consequence: ConsequenceClass;
  title: string;
  confidence: ConfidenceTag;
  unconfirmed: boolean;
  responsibleRole: Role;
  alertsAt: readonly number[];
  /** As stored: whole, or without what the row and its rule say (`storedExplanation`). */
  explanation: StoredExplanation;
}

const actorsByPack = new WeakMap<RulePack, ReadonlyMap<string, string>>();

function actorsOf(pack: RulePack): ReadonlyMap<string, string> {
  let actors = actorsByPack.get(pack);
  if (!actors) {
    const map = new Map<string, string>();
    for (const rules of compilePack(pack).rulesByRegime.values())
      for (const rule of rules) map.set(rule.id, rule.actor);
    actors = map;
    actorsByPack.set(pack, actors);
  }
  return actors;
}

/**
 * The result `evaluate` gave when the obligations were stored, read as of `asOf`: the same
 * obligations in the engine's order (due, rule, subject, start), formatted in the pack's zone, and
 * an obligation still open whose due instant has passed is overdue, as the engine would say. What
 * the engine decides from `asOf` itself (the appeal period that grows while a certified copy is
 * awaited) is as of the last evaluation: the sweep and every event refresh it.
 */
export function resultFromStored(
  pack: RulePack,
  regime: { regime: string; regimeExplanation: string },
  stored: readonly StoredObligation[],
  asOf: number,
): DeadlineResult {
  const zone = pack.zone;
  const actors = actorsOf(pack);
  const sorted = [...stored].sort((left, right) => {
    if (left.dueAt !== right.dueAt) return left.dueAt - right.dueAt;
    if (left.rule !== right.rule) return left.rule < right.rule ? -1 : 1;
    const leftSubject = left.subject ?? '';
    const rightSubject = right.subject ?? '';
    if (leftSubject !== rightSubject) return leftSubject < rightSubject ? -1 : 1;
    return left.startsAt - right.startsAt;
  });
  const obligations: Obligation[] = sorted.map((row) => ({
    rule: row.rule,
    citation: row.citation,
    subject: row.subject,
    startsAt: formatInstant(row.startsAt, zone),
    dueAt: formatInstant(row.dueAt, zone),
    status: row.status === 'open' && asOf > row.dueAt ? 'overdue' : row.status,
    metAt: row.metAt === null ? null : formatInstant(row.metAt, zone),
    consequence: row.consequence,
    title: row.title,
    confidence: row.confidence,
    unconfirmed: row.unconfirmed,
    responsibleRole: row.responsibleRole,
    actor: actors.get(row.rule) ?? '',
    alertsAt: row.alertsAt.map((at) => formatInstant(at, zone)),
    explanation: explanationFromStored(pack, row, row.explanation),
  }));
  return {
    jurisdiction: pack.jurisdiction,
    asOf: formatInstant(asOf, zone),
    regime: regime.regime,
    regimeExplanation: regime.regimeExplanation,
    obligations,
  };
}
