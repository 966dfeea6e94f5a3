import { likelyDuplicateScore } from '../identity/likely-duplicate.ts';
import { identityMatchTokens, type MatchToken } from '../identity/match-tokens.ts';
import { similarityScore } from '../identity/similarity.ts';

/** Tokens held by more rows than this find no candidates on their own (a common surname). */
const COMMON = 200;

export interface FileIdentity {
  legalName: string;
  aliases: string[];
  phones: string[];
  birthDate?: string;
}

/**
 * From which score a row is a likely duplicate of an earlier one: a fixed score, or a rule that
 * reads both rows' names (legal name, then aliases).
 */
export type DuplicateThreshold =
  number | ((row: readonly string[], earlier: readonly string[]) => number);

/**
 * Rows of one file that are likely the same person as an earlier row: the same rule as the
 * search among stored persons (a shared phone, or two shared words or phonetic keys, then the
 * similarity score), on the plain tokens, since nothing here is stored. Each pair is held to the
 * threshold the check against stored persons uses, `likelyDuplicateScore` by default: lower when
 * the two rows' names share no script (a row in Bengali against a Latin one). Returns, per row,
 * the index of the earlier row it resembles and the score, or undefined.
 */
export function duplicatesWithinFile(
  identities: readonly (FileIdentity | undefined)[],
  threshold: DuplicateThreshold = likelyDuplicateScore,
): ({ earlier: number; score: number } | undefined)[] {
  const namesOf = (identity: FileIdentity | undefined) =>
    identity ? [identity.legalName, ...identity.aliases] : [];
  const thresholdOf = (row: number, earlier: number) =>
    typeof threshold === 'number'
      ? threshold
      : threshold(namesOf(identities[row]), namesOf(identities[earlier]));
  const tokensOf: MatchToken[][] = identities.map((identity) =>
    identity
      ? identityMatchTokens({
          names: [identity.legalName, ...identity.aliases],
          phones: identity.phones,
          ...(identity.birthDate ? { birthDate: identity.birthDate } : {}),
        })
      : [],
  );
  const postings = new Map<string, number[]>();
  return tokensOf.map((tokens, index) => {
    const shared = new Map<number, { count: number; phone: boolean }>();
    const finders = tokens.filter(
      (token) => token.kind === 'name' || token.kind === 'phonetic' || token.kind === 'phone',
    );
    const keys = [...new Set(finders.map((token) => `${token.kind}:${token.value}`))];
    for (const key of keys) {
      const earlier = postings.get(key) ?? [];
      if (earlier.length <= COMMON)
        for (const other of earlier) {
          const seen = shared.get(other) ?? { count: 0, phone: false };
          seen.count += 1;
          seen.phone ||= key.startsWith('phone:');
          shared.set(other, seen);
        }
    }
    let best: { earlier: number; score: number } | undefined;
    for (const [other, seen] of shared) {
      if (seen.count < 2 && !seen.phone) continue;
      const score = similarityScore(tokens, tokensOf[other] ?? []);
      if (score >= thresholdOf(index, other) && (!best || score > best.score))
        best = { earlier: other, score: Math.round(score * 1000) / 1000 };
    }
    for (const key of keys) postings.set(key, [...(postings.get(key) ?? []), index]);
    return best;
  });
}
