import { DomainError } from '../errors.ts';
import type { ImportProblem, ImportProblemCode } from './import-cells.ts';

/**
 * What the row checks of several kinds (care cases, legal cases) say alike: the external id, a
 * code written in plain words, and a row's dated steps taken one by one as the timeline takes
 * them. One place, so each kind refuses a cell in the same words.
 */

/** Compared on letters only: "Sexual exploitation" is SexualExploitation, "Special POCSO" is special-pocso. */
export const importLetters = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '');

/** A code of `codes` written in any case and spacing, or one of the plain `words` for it. */
export function importCodeOf<Code extends string>(
  codes: readonly Code[],
  words: Readonly<Record<string, Code>>,
  text: string,
): Code | undefined {
  const key = importLetters(text);
  return codes.find((code) => importLetters(code) === key) ?? words[key];
}

/** The row's own id: required, at most 100 characters. */
export function checkImportExternalId(
  externalId: string,
  problem: (field: 'externalId', code: ImportProblemCode, reason: string) => void,
): void {
  if (externalId === '') problem('externalId', 'empty', 'is empty; every row needs its own id');
  else if (externalId.length > 100)
    problem('externalId', 'too_long', 'is longer than 100 characters');
}

/** A row's steps in date order; a stable sort keeps the columns' order within a day. */
export const inDateOrder = <Step extends { occurredAt: string }>(steps: readonly Step[]): Step[] =>
  [...steps].sort((left, right) => left.occurredAt.localeCompare(right.occurredAt));

/**
 * Gives each step, in order, to `accept` (the timeline's vocabulary and sequence rules, which
 * throw a DomainError in words); the first it refuses is the row's problem: "the dates do not fit
 * together: …".
 */
export function firstStepRefused<Step>(
  row: number,
  steps: readonly Step[],
  accept: (step: Step, index: number) => void,
): ImportProblem | undefined {
  for (const [index, step] of steps.entries()) {
    try {
      accept(step, index);
    } catch (error) {
      const reason = error instanceof DomainError ? error.message : 'cannot be recorded';
      return {
        row,
        column: null,
        code: 'out_of_sequence',
        reason: `the dates do not fit together: ${reason}`,
      };
    }
  }
  return undefined;
}
