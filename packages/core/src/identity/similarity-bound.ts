import {
  DIFFERENT_YEAR_FACTOR,
  NAME_WEIGHTS,
  SCORED_NAME_KINDS,
  SHARED_PHONE_KEEPS,
  SHARED_YEAR_KEEPS,
} from './similarity.ts';

/** Of each kind the score reads, how many distinct tokens the query asks. */
export interface AskedCounts {
  name: number;
  phonetic: number;
  trigram: number;
  phone: number;
  birthYear: number;
}

/** Of each bounded kind, at most how many of the query's tokens a candidate can hold. */
export interface HeldAtMost {
  name: number;
  phonetic: number;
  trigram: number;
  phone: number;
}

/**
 * The highest `similarityScore` a candidate can reach when it holds at most `most` of the query's
 * tokens of each kind (issue 11: a search need not score a candidate whose bound is below scores
 * already found). It is the score's own formula, step by step, with each kind's overlap at its
 * largest (as many shared as the candidate can hold and nothing else of that kind held), a shared
 * phone wherever one can be, and the kindest birth year. Each step is monotone in the one before,
 * in doubles as in real numbers, so however the operations round the bound is never below the
 * score. The same operations in the same order as the server's SQL copy (`scoreBound`), so the
 * two agree to the bit.
 */
export function similarityScoreBound(asked: AskedCounts, most: HeldAtMost): number {
  let score = 0;
  for (const kind of SCORED_NAME_KINDS) {
    const queried = asked[kind];
    const held = most[kind];
    const overlap =
      queried > 0 && held > 0 ? (held / queried + (2 * held) / (queried + held)) / 2 : 0;
    score += NAME_WEIGHTS[kind] * overlap;
  }
  if (most.phone > 0 && asked.phone > 0) {
    score = Math.max(score, 1 - (1 - score) * SHARED_PHONE_KEEPS);
  }
  if (asked.birthYear > 0) {
    score = Math.max(score, 1 - (1 - score) * SHARED_YEAR_KEEPS, score * DIFFERENT_YEAR_FACTOR);
  }
  return Math.min(1, Math.max(0, score));
}

/** A score as a search returns and ranks it: thousandths, rounded half up (0–1000). */
export function scoreInThousandths(score: number): number {
  return Math.floor(Math.min(1, Math.max(0, score)) * 1000 + 0.5);
}
