import { describe, expect, it } from 'vitest';
import type { MatchToken, MatchTokenKind } from './match-tokens.ts';
import { similarityScore } from './similarity.ts';
import { scoreInThousandths, similarityScoreBound } from './similarity-bound.ts';

/** A small deterministic generator, so a failure names its seed and can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % below;
  };
}

const KINDS: MatchTokenKind[] = ['name', 'phonetic', 'trigram', 'phone', 'birth_year'];

function tokensOf(kind: MatchTokenKind, values: number[]): MatchToken[] {
  return values.map((value) => ({ kind, value: `${kind}-${value}` }));
}

describe('the similarity score’s bound (issue 11: hits that cannot be returned are not scored)', () => {
  it('is never below the score of a candidate holding at most that many of each kind asked', () => {
    for (let seed = 1; seed <= 3_000; seed += 1) {
      const next = generator(seed);
      const query: MatchToken[] = [];
      const candidate: MatchToken[] = [];
      const shared: Record<string, number> = {};
      for (const kind of KINDS) {
        const asked = kind === 'birth_year' ? next(2) : next(kind === 'trigram' ? 14 : 5);
        const sharedCount = asked === 0 ? 0 : next(asked + 1);
        const own = next(kind === 'birth_year' ? 2 : 6);
        query.push(...tokensOf(kind, [...Array(asked).keys()]));
        candidate.push(
          ...tokensOf(kind, [...Array(sharedCount).keys()]),
          ...tokensOf(
            kind,
            [...Array(own).keys()].map((index) => 100 + index),
          ),
        );
        shared[kind] = sharedCount;
      }
      const count = (kind: MatchTokenKind) => query.filter((token) => token.kind === kind).length;
      // The bound's "at most" may exceed what is shared: a looser bound, still a bound.
      const slack = next(2);
      const bound = similarityScoreBound(
        {
          name: count('name'),
          phonetic: count('phonetic'),
          trigram: count('trigram'),
          phone: count('phone'),
          birthYear: count('birth_year'),
        },
        {
          name: Math.min(count('name'), (shared.name ?? 0) + slack),
          phonetic: shared.phonetic ?? 0,
          trigram: shared.trigram ?? 0,
          phone: shared.phone ?? 0,
        },
      );
      const score = similarityScore(query, candidate);
      expect(bound, `seed ${seed}`).toBeGreaterThanOrEqual(score);
      expect(scoreInThousandths(bound), `seed ${seed}`).toBeGreaterThanOrEqual(
        scoreInThousandths(score),
      );
    }
  });

  it('is the score itself for a candidate holding exactly the query and nothing else', () => {
    const query = [
      ...tokensOf('name', [1, 2]),
      ...tokensOf('phonetic', [1, 2]),
      ...tokensOf('trigram', [1, 2, 3, 4, 5, 6]),
      ...tokensOf('phone', [1]),
      ...tokensOf('birth_year', [1]),
    ];
    const bound = similarityScoreBound(
      { name: 2, phonetic: 2, trigram: 6, phone: 1, birthYear: 1 },
      { name: 2, phonetic: 2, trigram: 6, phone: 1 },
    );
    expect(bound).toBe(similarityScore(query, query));
    expect(bound).toBe(1);
  });

  it('gives a one-word holder of a two-word name less than a holder of both', () => {
    const asked = { name: 2, phonetic: 2, trigram: 10, phone: 0, birthYear: 0 };
    const oneWord = similarityScoreBound(asked, { name: 1, phonetic: 1, trigram: 10, phone: 0 });
    const both = similarityScoreBound(asked, { name: 2, phonetic: 2, trigram: 10, phone: 0 });
    expect(scoreInThousandths(oneWord)).toBeLessThan(scoreInThousandths(both));
    // Nothing of a kind asked is held: that kind adds nothing; nothing asked at all: 0.
    expect(
      similarityScoreBound(
        { name: 0, phonetic: 0, trigram: 0, phone: 0, birthYear: 0 },
        { name: 0, phonetic: 0, trigram: 0, phone: 0 },
      ),
    ).toBe(0);
  });
});
