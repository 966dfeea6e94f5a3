/**
 * The candidate plan (packages/core/src/identity/candidate-plan.ts) as it was before a lone common
 * key beside a pair that is read stopped being paired with trigrams (issue 17), from commit
 * 3b0e1c2, so networks.bench.ts can time the search before and after in the same minutes. Not
 * used by Dawn.
 */
import {
  CANDIDATE_KINDS,
  DEFAULT_CANDIDATE_PLAN_OPTIONS,
  type CandidatePlan,
  type CandidatePlanOptions,
  type MatchToken,
} from '@dawn/core';

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

export function planCandidateSearchBefore(
  query: readonly MatchToken[],
  postings: (token: MatchToken) => number,
  options: CandidatePlanOptions = DEFAULT_CANDIDATE_PLAN_OPTIONS,
): CandidatePlan {
  const counted = query
    .filter((token) => token.kind !== 'birth_year')
    .map((token) => ({ token, count: postings(token) }))
    .filter((entry) => entry.count > 0)
    .sort((left, right) => left.count - right.count);
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
    // A lone common word whose phonetic key is already paired finds no one the pair does not.
    if (ofKind.length === 1 && lone && !keysPaired) {
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
    if (kind === 'phonetic') keysPaired = bothOf.length > 0 || ofKind.length > 1;
  }
  return { anyOf, bothOf, needsTrigramCounts };
}
