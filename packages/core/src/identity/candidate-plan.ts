import type { MatchToken, MatchTokenKind } from './match-tokens.ts';

/**
 * Which of a query's tokens find the candidates that similarity then ranks, chosen by how many
 * people hold each token (its postings), so that a search reads a short list whatever the size of
 * the programme:
 *
 * - Trigrams and birth years never find candidates: every name shares trigrams with thousands of
 *   others and a year with a fifth of the programme. They only rank the short list.
 * - A rare phone, word or phonetic key (held by at most `rareLimit` people) finds everyone who
 *   holds it, rarest first, until `rareBudget` postings have been read.
 * - Common words and phonetic keys find people only in pairs: someone holding both phonetic keys
 *   of "Rina Mondal" is a candidate, someone holding only "Rina"'s is not. The rarest few of each
 *   kind are paired. A common key left alone (the other word misspelt beyond its key, "Mowshumi
 *   Sheikh") is paired with the query's rarest trigrams instead, so that person is still found.
 * - Two keys (or two words) of one name of the query are not joined: their `pair` token, held by
 *   those who hold both keys in one name, is read instead, however many hold it (it is never more
 *   than either key). A rare pair finds its holders like any rare token.
 *
 * A token that nobody holds is left out: it cannot find anyone.
 */
export interface CandidatePlan {
  /** People holding any of these are candidates. */
  anyOf: MatchToken[];
  /** People holding both tokens of a pair are candidates. */
  bothOf: [MatchToken, MatchToken][];
  /**
   * A common key is alone and no trigram was counted: count the query's trigrams and plan again.
   * (Trigrams are counted only then, as they are the costliest tokens to count.)
   */
  needsTrigramCounts: boolean;
}

export interface CandidatePlanOptions {
  rareLimit: number;
  rareBudget: number;
  /** How many of the commonest-but-rarest tokens of one kind are paired with each other. */
  pairedPerKind: number;
}

export const DEFAULT_CANDIDATE_PLAN_OPTIONS: CandidatePlanOptions = {
  rareLimit: 2_000,
  rareBudget: 6_000,
  pairedPerKind: 3,
};

export const CANDIDATE_KINDS: readonly MatchTokenKind[] = ['phone', 'pair', 'name', 'phonetic'];

/** The query's pair token of two of its words' tokens, if both come from one of its names. */
function pairOf(
  query: readonly MatchToken[],
  left: MatchToken,
  right: MatchToken,
): MatchToken | undefined {
  if (left.word === undefined || right.word === undefined) return undefined;
  return query.find(
    (token) =>
      token.kind === 'pair' &&
      token.pair !== undefined &&
      ((token.pair[0] === left.word && token.pair[1] === right.word) ||
        (token.pair[0] === right.word && token.pair[1] === left.word)),
  );
}

export function planCandidateSearch(
  query: readonly MatchToken[],
  postings: (token: MatchToken) => number,
  options: CandidatePlanOptions = DEFAULT_CANDIDATE_PLAN_OPTIONS,
): CandidatePlan {
  const counted = query
    .filter((token) => token.kind !== 'birth_year')
    .map((token) => ({ token, count: postings(token) }))
    .filter((entry) => entry.count > 0)
    // Counts stop at the cap, so common trigrams tie there: inner ones before a word's first and
    // last (`_ma` is held by every name starting Ma; at 1,000,000 persons by 183,000).
    .sort(
      (left, right) =>
        left.count - right.count ||
        Number(left.token.edge ?? false) - Number(right.token.edge ?? false),
    );
  const held = counted.filter((entry) => CANDIDATE_KINDS.includes(entry.token.kind));
  const countedTrigrams = counted.filter((entry) => entry.token.kind === 'trigram');
  const trigramsCounted = countedTrigrams.length > 0;
  const rarestTrigrams = countedTrigrams.map((entry) => entry.token);
  const anyOf: MatchToken[] = [];
  const common: typeof held = [];
  let budget = options.rareBudget;
  for (const entry of held) {
    if (entry.count <= options.rareLimit && entry.count <= budget) {
      anyOf.push(entry.token);
      budget -= entry.count;
    } else if (entry.token.kind !== 'phone' && entry.token.kind !== 'pair') {
      common.push(entry);
    }
  }
  const bothOf: [MatchToken, MatchToken][] = [];
  const heldCount = new Map(counted.map((entry) => [entry.token, entry.count]));
  /** Both tokens, read as their pair token when the query has one (nobody else holds both). */
  const pairUp = (left: MatchToken, right: MatchToken) => {
    const pair = pairOf(query, left, right);
    if (!pair) bothOf.push([left, right]);
    else if (heldCount.has(pair) && !anyOf.includes(pair)) anyOf.push(pair);
  };
  let keysPaired = false;
  let needsTrigramCounts = false;
  // A token's word, when the query says (tokens read back from the index do not).
  const otherWord = (token: MatchToken, lone: MatchToken) =>
    token.word === undefined || lone.word === undefined || token.word !== lone.word;
  for (const kind of ['phonetic', 'name'] as const) {
    const ofKind = common
      .filter((entry) => entry.token.kind === kind)
      .slice(0, options.pairedPerKind)
      .map((entry) => entry.token);
    const [lone] = ofKind;
    // A lone common key whose pair with another word's (rare) key is held, and read, is paired
    // already: as when both keys are common (the scale of a million), it is not paired with
    // trigrams as well, which would cost a round trip to count them (docs/networks.md).
    const pairedByPairToken =
      lone !== undefined &&
      kind === 'phonetic' &&
      anyOf.some((token) => token.kind === 'pair' && token.pair?.includes(lone.word ?? -1));
    // A lone common word whose phonetic key is already paired finds no one the pair does not.
    if (ofKind.length === 1 && lone && !keysPaired && !pairedByPairToken) {
      // Its own word's trigrams are held by everyone who holds it: pair it with another word's.
      const partners = rarestTrigrams
        .filter((trigram) => otherWord(trigram, lone))
        .slice(0, options.pairedPerKind);
      const otherTrigrams = query.some(
        (token) => token.kind === 'trigram' && otherWord(token, lone),
      );
      if (partners.length === 0 && otherTrigrams && !trigramsCounted) needsTrigramCounts = true;
      for (const trigram of partners) bothOf.push([lone, trigram]);
      // A query of one word: everyone holding it is a candidate (ranked by the rest).
      if (!otherTrigrams) anyOf.push(lone);
    }
    for (let first = 0; first < ofKind.length; first += 1)
      for (let second = first + 1; second < ofKind.length; second += 1)
        pairUp(ofKind[first] as MatchToken, ofKind[second] as MatchToken);
    if (kind === 'phonetic')
      keysPaired = bothOf.length > 0 || ofKind.length > 1 || pairedByPairToken;
  }
  return { anyOf, bothOf, needsTrigramCounts };
}

/** Whether a person's tokens make them a candidate under the plan (the same rule as the SQL). */
export function isCandidate(plan: CandidatePlan, tokens: readonly MatchToken[]): boolean {
  const keys = new Set(tokens.map((token) => `${token.kind}:${token.value}`));
  const holds = (token: MatchToken) => keys.has(`${token.kind}:${token.value}`);
  return plan.anyOf.some(holds) || plan.bothOf.some(([left, right]) => holds(left) && holds(right));
}
