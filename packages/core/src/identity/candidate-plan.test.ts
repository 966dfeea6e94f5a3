import { describe, expect, it } from 'vitest';
import { isCandidate, planCandidateSearch } from './candidate-plan.ts';
import { identityMatchTokens, type MatchToken } from './match-tokens.ts';

const options = { rareLimit: 10, rareBudget: 30, pairedPerKind: 3 };
const tokensOf = (name: string) => identityMatchTokens({ names: [name], phones: [] });
const describeToken = (token: MatchToken) => `${token.kind}:${token.value}`;

describe('the candidate plan at a programme’s scale (every word common)', () => {
  it('pairs a lone common key with the other word’s trigrams, never its own', () => {
    // "Rina" is common; "Mxndql" is misspelt beyond its key, so nobody holds its key or word.
    const query = tokensOf('Rina Mxndql');
    const held = new Set(['name:rina', 'phonetic:rn']);
    const plan = planCandidateSearch(
      query,
      (token) => (held.has(describeToken(token)) || token.kind === 'trigram' ? 5_000 : 0),
      options,
    );
    const ownTrigrams = new Set(tokensOf('Rina').map(describeToken));
    expect(plan.bothOf.length).toBeGreaterThan(0);
    for (const [lone, partner] of plan.bothOf) {
      expect(describeToken(lone)).toBe('phonetic:rn');
      expect(partner.kind).toBe('trigram');
      expect(ownTrigrams.has(describeToken(partner))).toBe(false);
    }
  });

  it('reads the pair of a common key and a rare one instead of counting trigrams for the common key', () => {
    // "Rina" is held by few (read whole), "Mondal" by thousands: the pair finds every Rina Mondal.
    const query = tokensOf('Rina Mondal');
    const plan = planCandidateSearch(
      query,
      (token) => {
        if (token.kind === 'pair') return 4;
        if (token.kind === 'trigram') return 0; // not counted yet
        return token.value === 'rina' || token.value === 'rn' ? 8 : 5_000;
      },
      options,
    );
    expect(plan.needsTrigramCounts).toBe(false);
    expect(plan.bothOf).toEqual([]);
    expect(plan.anyOf.map(describeToken).sort()).toEqual([
      'name:rina',
      'pair:mndl rn',
      'phonetic:rn',
    ]);
    // Without a pair (a query whose two words came from two names) the trigrams are still asked for.
    const twoNames = identityMatchTokens({ names: ['Rina', 'Mondal'], phones: [] });
    const unpaired = planCandidateSearch(
      twoNames,
      (token) => {
        if (token.kind === 'trigram') return 0;
        return token.value === 'rina' || token.value === 'rn' ? 8 : 5_000;
      },
      options,
    );
    expect(unpaired.needsTrigramCounts).toBe(true);
  });

  it('pairs a lone common key with inner trigrams first when every count stops at the cap', () => {
    // "Rina" is common; nobody holds "Mowshumi"'s key or word, and every trigram's count stops
    // at the cap, so counts alone cannot choose among them.
    const ownTrigrams = new Set(tokensOf('Rina').map(describeToken));
    const plan = planCandidateSearch(
      tokensOf('Rina Mowshumi'),
      (token) =>
        describeToken(token) === 'name:rina' ||
        describeToken(token) === 'phonetic:rn' ||
        (token.kind === 'trigram' && !ownTrigrams.has(describeToken(token)))
          ? 11
          : 0,
      options,
    );
    const partners = plan.bothOf.map(([, partner]) => partner);
    expect(partners).toHaveLength(3);
    for (const partner of partners) expect(partner.value).not.toContain('_');
  });

  it('does not pair a lone word again once its phonetic key is paired', () => {
    // "Mandal" is written differently from a common "Mondal" but has the same key.
    const query = tokensOf('Rina Mandal');
    const plan = planCandidateSearch(
      query,
      (token) => (describeToken(token) === 'name:mandal' ? 0 : 5_000),
      options,
    );
    expect(plan.bothOf).toEqual([]);
    expect(plan.anyOf.map((token) => token.kind)).toEqual(['pair']);
  });

  it('reads a common full name’s pair token instead of joining its keys’ or words’ postings', () => {
    // Each word and key held by thousands, both keys in one name by a few hundred.
    const query = tokensOf('Rina Mondal');
    const plan = planCandidateSearch(
      query,
      (token) => (token.kind === 'pair' ? 300 : 5_000),
      options,
    );
    expect(plan.bothOf).toEqual([]);
    expect(plan.anyOf.map(describeToken)).toEqual(['pair:mndl rn']);
    expect(plan.needsTrigramCounts).toBe(false);
    // The same name written the other way round, or another spelling, holds the same pair.
    expect(isCandidate(plan, tokensOf('Mandal Reena'))).toBe(true);
    expect(isCandidate(plan, tokensOf('Rina Das'))).toBe(false);
  });

  it('joins two keys that come from different names of the query (no pair holds them)', () => {
    const query = identityMatchTokens({ names: ['Rina', 'Mondal'], phones: [] });
    expect(query.some((token) => token.kind === 'pair')).toBe(false);
    const plan = planCandidateSearch(query, () => 5_000, options);
    expect(plan.bothOf.map(([left, right]) => [describeToken(left), describeToken(right)])).toEqual(
      expect.arrayContaining([['phonetic:rn', 'phonetic:mndl']]),
    );
  });

  it('finds nobody by a pair nobody holds, without joining the two keys', () => {
    const plan = planCandidateSearch(
      tokensOf('Rina Mondal'),
      (token) => (token.kind === 'pair' ? 0 : 5_000),
      options,
    );
    expect(plan.bothOf).toEqual([]);
    expect(plan.anyOf).toEqual([]);
  });

  it('finds everyone holding a one-word query’s common word', () => {
    const plan = planCandidateSearch(tokensOf('Rina'), () => 5_000, options);
    expect(plan.anyOf.map(describeToken).sort()).toEqual(['name:rina', 'phonetic:rn']);
    expect(plan.bothOf).toEqual([]);
    expect(plan.needsTrigramCounts).toBe(false);
  });
});
