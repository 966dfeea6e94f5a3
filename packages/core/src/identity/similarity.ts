import type { MatchToken, MatchTokenKind } from './match-tokens.ts';

/**
 * How alike two people's token sets are, from 0 to 1. It works on hashed tokens as well as plain
 * ones: only equality is used.
 *
 * The name part blends three overlaps (Dice coefficients): phonetic keys find spellings of the
 * same sound, trigrams rank how close the spellings are, and whole words reward exact agreement.
 * Evidence beyond the name then moves the score: a shared phone number pulls it strongly towards 1
 * (the same number is rarely chance), a shared birth year a little, a different birth year pushes
 * it down. Missing evidence changes nothing: most survivors' records start without either.
 */
export const NAME_WEIGHTS: Readonly<Record<'name' | 'phonetic' | 'trigram', number>> = {
  phonetic: 0.4,
  trigram: 0.4,
  name: 0.2,
};
/**
 * The score's constants, exported for the server's SQL copy of this function, which ranks a
 * search's candidates before their person rows are read (person-matching.ts); a test there holds
 * the two to the same figures.
 */
export const SHARED_PHONE_KEEPS = 0.3;
export const SHARED_YEAR_KEEPS = 0.8;
export const DIFFERENT_YEAR_FACTOR = 0.8;
/** The kinds the score reads, in the order it adds their parts. */
export const SCORED_NAME_KINDS = ['name', 'phonetic', 'trigram'] as const;

function byKind(tokens: readonly MatchToken[]): Map<MatchTokenKind, Set<string>> {
  const sets = new Map<MatchTokenKind, Set<string>>();
  for (const token of tokens) {
    const set = sets.get(token.kind) ?? new Set<string>();
    set.add(token.value);
    sets.set(token.kind, set);
  }
  return sets;
}

function shared(left: Set<string>, right: Set<string>): number {
  let count = 0;
  for (const value of left) if (right.has(value)) count += 1;
  return count;
}

/**
 * Overlap measured from the query's side: an alias recorded on the candidate must not count against
 * a query that only knows one of the names. Dice would; containment does not.
 */
function containment(query: Set<string> | undefined, candidate: Set<string> | undefined): number {
  if (!query || !candidate || query.size === 0 || candidate.size === 0) return 0;
  const common = shared(query, candidate);
  return (common / query.size + (2 * common) / (query.size + candidate.size)) / 2;
}

export function similarityScore(
  query: readonly MatchToken[],
  candidate: readonly MatchToken[],
): number {
  const left = byKind(query);
  const right = byKind(candidate);
  let score = 0;
  for (const kind of SCORED_NAME_KINDS) {
    score += NAME_WEIGHTS[kind] * containment(left.get(kind), right.get(kind));
  }
  const queryPhones = left.get('phone');
  const candidatePhones = right.get('phone');
  if (queryPhones && candidatePhones && shared(queryPhones, candidatePhones) > 0) {
    score = 1 - (1 - score) * SHARED_PHONE_KEEPS;
  }
  const queryYear = left.get('birth_year');
  const candidateYear = right.get('birth_year');
  if (queryYear && candidateYear) {
    score =
      shared(queryYear, candidateYear) > 0
        ? 1 - (1 - score) * SHARED_YEAR_KEEPS
        : score * DIFFERENT_YEAR_FACTOR;
  }
  return Math.min(1, Math.max(0, score));
}
