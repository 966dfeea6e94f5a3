import { describe, expect, it } from 'vitest';
import { isCandidate, planCandidateSearch } from './candidate-plan.ts';
import { identityMatchTokens, normalisePhone, type MatchToken } from './match-tokens.ts';
import { normaliseNameWords } from './name-normalisation.ts';
import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  pick,
  seededRandom,
  spellingVariant,
} from './name-variants.test-support.ts';
import { phoneticKey } from './phonetic-key.ts';
import { similarityScore } from './similarity.ts';

const tokensOf = (name: string, extra: { phones?: string[]; birthYear?: number } = {}) =>
  identityMatchTokens({
    names: [name],
    phones: extra.phones ?? [],
    ...(extra.birthYear ? { birthYear: extra.birthYear } : {}),
  });

describe('name normalisation', () => {
  it('reads Md/Mohammad, Sk/Sheikh, Kr/Kumari and Khatoon/Khatun as the same words', () => {
    expect(normaliseNameWords('Md. Rahima Khatoon')).toEqual(['mohammad', 'rahima', 'khatun']);
    expect(normaliseNameWords('MOHAMMED Rahima KHATUN')).toEqual(['mohammad', 'rahima', 'khatun']);
    expect(normaliseNameWords('Sk. Salma Begam')).toEqual(['sheikh', 'salma', 'begum']);
    expect(normaliseNameWords('Priya Kr.')).toEqual(['priya', 'kumari']);
  });

  it('drops honorifics and relation words, and diacritics', () => {
    expect(normaliseNameWords('Smt. Gītā Devi w/o Late Sri Ram')).toEqual(['gita', 'devi', 'ram']);
    expect(normaliseNameWords(' -- ')).toEqual([]);
  });
});

describe('the phonetic key', () => {
  it.each([
    ['reena', 'rina'],
    ['pooja', 'puja'],
    ['mondal', 'mandal'],
    ['dutta', 'datta'],
    ['shobha', 'sobha'],
    ['rekha', 'reka'],
    ['devi', 'debi'],
    ['biswas', 'viswas'],
    ['laxmi', 'lakshmi'],
    ['mukherjee', 'mukharji'],
    ['zarina', 'jarina'],
    ['farida', 'pharida'],
    ['moushumi', 'mousumi'],
    ['chhanda', 'chanda'],
  ])('gives %s and %s the same key', (left, right) => {
    expect(phoneticKey(left)).toBe(phoneticKey(right));
  });

  it('keeps different names apart', () => {
    expect(phoneticKey('rina')).not.toBe(phoneticKey('sima'));
    expect(phoneticKey('champa')).not.toBe(phoneticKey('sampa'));
  });
});

describe('phones', () => {
  it('compares Indian numbers on their last ten digits', () => {
    expect(normalisePhone('+91 98300 12345')).toBe('9830012345');
    expect(normalisePhone('098300-12345')).toBe('9830012345');
    expect(normalisePhone('12')).toBeUndefined();
  });
});

describe('similarity', () => {
  it('scores the same identity 1 and an unrelated one near 0', () => {
    expect(similarityScore(tokensOf('Rina Mondal'), tokensOf('Rina Mondal'))).toBeCloseTo(1, 5);
    expect(similarityScore(tokensOf('Rina Mondal'), tokensOf('Yasmin Tamang'))).toBeLessThan(0.2);
  });

  it('ranks a spelling variant above a different person with the same surname', () => {
    const query = tokensOf('Reena Mandal');
    expect(similarityScore(query, tokensOf('Rina Mondal'))).toBeGreaterThan(
      similarityScore(query, tokensOf('Sima Mondal')),
    );
  });

  it('does not hold a candidate’s extra alias against a query that knows one name', () => {
    const candidate = identityMatchTokens({
      names: ['Rina Mondal', 'Munni', 'Rinku Das'],
      phones: [],
    });
    expect(similarityScore(tokensOf('Rina Mondal'), candidate)).toBeGreaterThan(0.75);
  });

  it('lets a shared phone number outweigh a different name, and a different birth year count against', () => {
    const candidate = tokensOf('Rina Mondal', { phones: ['+91 98300 12345'], birthYear: 2009 });
    expect(
      similarityScore(tokensOf('Munni', { phones: ['9830012345'] }), candidate),
    ).toBeGreaterThan(0.69);
    expect(similarityScore(tokensOf('Rina Mondal', { birthYear: 1990 }), candidate)).toBeLessThan(
      similarityScore(tokensOf('Rina Mondal', { birthYear: 2009 }), candidate),
    );
  });
});

/**
 * Search quality (issue 3: recall ≥ 0.95 on generated spelling variants; the set and the figure
 * are in docs/identity-matching.md). 400 fictional people; for each, two variants written as a
 * different office would write them. A variant is found when its person is among the first five
 * results, as the similar-person list shows them.
 */
describe('similar-person search quality on generated variants of Indian names', () => {
  const random = seededRandom(20261123);
  const people: { name: string; tokens: MatchToken[] }[] = [];
  const seen = new Set<string>();
  while (people.length < 400) {
    const name = `${pick(random, GIVEN_NAMES)} ${pick(random, FAMILY_NAMES)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    people.push({ name, tokens: tokensOf(name) });
  }

  function rankOf(query: MatchToken[], expected: number): number {
    const scores = people.map((person, index) => ({
      index,
      score: similarityScore(query, person.tokens),
    }));
    scores.sort((left, right) => right.score - left.score);
    return scores.findIndex((entry) => entry.index === expected);
  }

  it('finds at least 95% of variants among the first five, and most of them first', () => {
    let queries = 0;
    let inTopFive = 0;
    let first = 0;
    people.forEach((person, index) => {
      for (let round = 0; round < 2; round += 1) {
        const variant = spellingVariant(random, person.name);
        const rank = rankOf(tokensOf(variant), index);
        queries += 1;
        if (rank < 5) inTopFive += 1;
        if (rank === 0) first += 1;
      }
    });
    expect(queries).toBe(800);
    expect(inTopFive / queries).toBeGreaterThanOrEqual(0.95);
    expect(first / queries).toBeGreaterThanOrEqual(0.8);
  });
});

/**
 * The server reads only the candidates the plan finds (candidate-plan.ts), so the figures above
 * must hold when ranking only them. Limits are scaled to 400 people: at 1 every token is "common"
 * and only pairs find candidates (a programme of millions); at 8 most given names are rare and
 * most surnames common, the shape of 100,000 people; at 16 (4%) it is the default limit of 2,000
 * at 50,000 people.
 */
describe('similar-person search finding candidates by selectivity', () => {
  it.each([1, 8, 16])(
    'keeps recall 1.000 in the first five and 0.986 first with rare limit %i, reading a short list',
    (rareLimit) => {
      const random = seededRandom(20261123);
      const people: MatchToken[][] = [];
      const names: string[] = [];
      const seen = new Set<string>();
      while (people.length < 400) {
        const name = `${pick(random, GIVEN_NAMES)} ${pick(random, FAMILY_NAMES)}`;
        if (seen.has(name)) continue;
        seen.add(name);
        names.push(name);
        people.push(tokensOf(name));
      }
      const postings = new Map<string, number>();
      for (const tokens of people)
        for (const token of tokens) {
          const key = `${token.kind}:${token.value}`;
          postings.set(key, (postings.get(key) ?? 0) + 1);
        }
      let inTopFive = 0;
      let first = 0;
      let candidates = 0;
      names.forEach((name, index) => {
        for (let round = 0; round < 2; round += 1) {
          const query = tokensOf(spellingVariant(random, name));
          const plan = planCandidateSearch(
            query,
            (token) => postings.get(`${token.kind}:${token.value}`) ?? 0,
            { rareLimit, rareBudget: rareLimit * 3, pairedPerKind: 3 },
          );
          const ranked = people
            .map((tokens, candidate) => ({ candidate, tokens }))
            .filter((entry) => isCandidate(plan, entry.tokens))
            .map((entry) => ({
              candidate: entry.candidate,
              score: similarityScore(query, entry.tokens),
            }))
            .sort((left, right) => right.score - left.score);
          candidates += ranked.length;
          const rank = ranked.findIndex((entry) => entry.candidate === index);
          if (rank >= 0 && rank < 5) inTopFive += 1;
          if (rank === 0) first += 1;
        }
      });
      expect(inTopFive / 800).toBe(1);
      expect(first / 800).toBeGreaterThanOrEqual(0.986);
      expect(candidates / 800).toBeLessThan(20);
    },
    30_000,
  );
});
