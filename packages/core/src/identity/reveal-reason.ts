import { normaliseNameWords } from './name-normalisation.ts';

/**
 * A reveal is recorded with a purpose from a fixed list and a reason in words. The reason stays in
 * the append-only audit trail for ever, so it must say something (not padding, not invisible
 * characters) and must not hold the person's name.
 */
export const REVEAL_PURPOSES = [
  'court_proceedings',
  'police_investigation',
  'victim_compensation',
  'family_tracing',
  'repatriation',
  'medical_care',
  'identity_verification',
  'other',
] as const;
export type RevealPurpose = (typeof REVEAL_PURPOSES)[number];

export type RevealReasonProblem = 'invisible_characters' | 'not_words' | 'contains_name';

export const REVEAL_REASON_PROBLEMS: readonly RevealReasonProblem[] = [
  'invisible_characters',
  'not_words',
  'contains_name',
];

const MIN_WORDS = 2;
const MIN_LETTERS = 8;
const MIN_DISTINCT_LETTERS = 4;

/** Checks the reason's words; `names` are the person's names (legal name, aliases). */
export function checkRevealReason(
  reason: string,
  names: readonly string[],
): RevealReasonProblem | undefined {
  // Zero-width spaces, joiners, direction marks and other format or control characters.
  if (/[\p{Cf}\p{Cc}\p{Co}]/u.test(reason.replace(/[\n\t]/g, ' '))) return 'invisible_characters';
  // Letters counted as code points; names and reasons hold no emoji worth splitting finer.
  const lettersOf = (text: string) => text.match(/\p{L}/gu) ?? [];
  const words = reason.split(/[^\p{L}\p{M}]+/u).filter((word) => lettersOf(word).length >= 2);
  const letters = lettersOf(words.join(''));
  const distinct = new Set(letters.map((letter) => letter.toLowerCase()));
  if (
    words.length < MIN_WORDS ||
    letters.length < MIN_LETTERS ||
    distinct.size < MIN_DISTINCT_LETTERS
  )
    return 'not_words';
  // The same normalisation as similar-person search, so "Rupaali" finds "Rupali".
  const reasonWords = new Set(normaliseNameWords(reason));
  const nameWords = names.flatMap(normaliseNameWords).filter((word) => word.length >= 3);
  if (nameWords.some((word) => reasonWords.has(word))) return 'contains_name';
  return undefined;
}

export function describeRevealReasonProblem(problem: RevealReasonProblem): string {
  switch (problem) {
    case 'invisible_characters':
      return 'holds invisible characters; type the reason in plain words';
    case 'not_words':
      return 'must say why in words, not padding or repeated letters';
    case 'contains_name':
      return "contains the person's name, which would stay in the audit trail for ever; refer to them by their pseudonym";
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}
