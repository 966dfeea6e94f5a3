import { DomainError } from '../errors.ts';
import { parseDeadlineInputWith, type DeadlineInput } from './deadline-input.schema.ts';
import type { DeadlineResult } from './deadline-result.schema.ts';
import { evaluateWithNextChangeAndPack, evaluateWithPack } from './engine.ts';
import { indiaPack } from './india-pack.ts';
import type { RulePack } from './rule-pack.ts';

/** The packs Dawn ships, chosen by the input's `jurisdiction`. */
export const RULE_PACKS: readonly RulePack[] = [indiaPack];

export function findRulePack(jurisdiction: string): RulePack | undefined {
  for (const pack of RULE_PACKS) if (pack.jurisdiction === jurisdiction) return pack;
  return undefined;
}

/** Validates raw JSON (e.g. a file given to the CLI) against the pack of its jurisdiction. */
export function parseDeadlineInput(raw: unknown): { input: DeadlineInput; pack: RulePack } {
  return parseDeadlineInputWith(raw, RULE_PACKS);
}

/**
 * `evaluate(input, pack?) → { regime, obligations[] }`: the obligations of one case as of
 * `input.asOf`, sorted by due date. Without a pack, the shipped pack of the input's jurisdiction.
 * The input is trusted to be valid (see `parseDeadlineInput`); dates that do not parse still fail
 * with `VALIDATION_FAILED`.
 */
export function evaluate(input: DeadlineInput, pack?: RulePack): DeadlineResult {
  const chosen = pack ?? findRulePack(input.jurisdiction);
  if (!chosen) {
    throw new DomainError('VALIDATION_FAILED', `jurisdiction: no rule pack for this jurisdiction`, {
      issues: [{ path: 'jurisdiction', message: 'no rule pack for this jurisdiction' }],
    });
  }
  return evaluateWithPack(input, chosen);
}

/**
 * `evaluate`, and the first instant after `input.asOf` at which the result could change with
 * the clock alone (see `evaluateWithNextChangeAndPack`); null when only a new input changes it.
 */
export function evaluateWithNextChange(
  input: DeadlineInput,
  pack?: RulePack,
): { result: DeadlineResult; nextChangeAt: number | null } {
  const chosen = pack ?? findRulePack(input.jurisdiction);
  if (!chosen) return { result: evaluate(input), nextChangeAt: null };
  return evaluateWithNextChangeAndPack(input, chosen);
}
