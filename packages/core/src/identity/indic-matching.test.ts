import { describe, expect, it } from 'vitest';
import { transliterateIndicName } from './indic-transliteration.ts';
import { identityMatchTokens, type MatchToken } from './match-tokens.ts';
import {
  FAMILY_NAMES,
  FAMILY_NAMES_BENGALI,
  FAMILY_NAMES_DEVANAGARI,
  GIVEN_NAMES,
  GIVEN_NAMES_BENGALI,
  GIVEN_NAMES_DEVANAGARI,
  seededRandom,
  spellingVariant,
} from './name-variants.test-support.ts';
import { similarityScore } from './similarity.ts';

const tokensOf = (name: string) => identityMatchTokens({ names: [name], phones: [] });

describe('names written in Bengali or Devanagari script', () => {
  it.each([
    ['রহিমা খাতুন', 'rahima khatun'],
    ['रीना मंडल', 'rina mandal'],
    ['राजकुमार', 'rajkumar'],
    ['ওয়াসিম', 'wasim'],
    ['যমুনা', 'jamuna'],
    ['বিশ্বাস', 'bishwas'],
    ['বাংলা', 'bangla'],
    ['চাঁদনী', 'chandani'],
    ['বড়ুয়া', 'baruya'],
    ['आयशा ज़रीना', 'aysha jarina'],
    ['सिंह', 'singh'],
    ['Rina মণ্ডল', 'Rina mandal'],
    // A medial vowel that is not spoken (V C_ C V), in both scripts; kept before a conjunct.
    ['সরকার', 'sarkar'],
    ['নাসরিন', 'nasrin'],
    ['सपना', 'sapna'],
    ['কমল', 'kamal'],
    ['জয়ন্ত', 'jayanta'],
    ['মাধবী', 'madhbi'],
  ])('writes %s as %s', (written, latin) => {
    expect(transliterateIndicName(written)).toBe(latin);
  });

  it('leaves Latin names as they are', () => {
    expect(transliterateIndicName('Md. Rahima Khatoon')).toBe('Md. Rahima Khatoon');
  });

  it('gives the Bengali, Devanagari and Latin forms of one name the same words', () => {
    expect(tokensOf('শ্রীমতী রিনা মণ্ডল')).toEqual(tokensOf('Smt. Rina Mandal'));
    expect(tokensOf('श्रीमती रीना मंडल')).toEqual(tokensOf('Smt. Rina Mandal'));
  });
});

/**
 * Search quality across scripts (issue 17; the figures are in docs/identity-matching.md). The same
 * 400 fictional people as identity-matching.test.ts, each recorded in one script and searched in
 * another: the written forms of each given name and surname are in name-variants.test-support.ts.
 */
describe('similar-person search across scripts', () => {
  const random = seededRandom(20261204);
  const people: { given: number; family: number }[] = [];
  const seen = new Set<string>();
  while (people.length < 400) {
    const given = Math.floor(random() * GIVEN_NAMES.length);
    const family = Math.floor(random() * FAMILY_NAMES.length);
    if (seen.has(`${given}:${family}`)) continue;
    seen.add(`${given}:${family}`);
    people.push({ given, family });
  }
  const written = {
    latin: (person: { given: number; family: number }) =>
      `${GIVEN_NAMES[person.given]} ${FAMILY_NAMES[person.family]}`,
    bengali: (person: { given: number; family: number }) =>
      `${GIVEN_NAMES_BENGALI[person.given]} ${FAMILY_NAMES_BENGALI[person.family]}`,
    devanagari: (person: { given: number; family: number }) =>
      `${GIVEN_NAMES_DEVANAGARI[person.given]} ${FAMILY_NAMES_DEVANAGARI[person.family]}`,
    'latin variant': (person: { given: number; family: number }) =>
      spellingVariant(random, `${GIVEN_NAMES[person.given]} ${FAMILY_NAMES[person.family]}`),
  };
  type Form = keyof typeof written;

  function measure(recorded: Form, searched: Form): { first: number; firstTen: number } {
    const index: MatchToken[][] = people.map((person) => tokensOf(written[recorded](person)));
    let first = 0;
    let firstTen = 0;
    people.forEach((person, expected) => {
      const query = tokensOf(written[searched](person));
      const scores = index.map((tokens, candidate) => ({
        candidate,
        score: similarityScore(query, tokens),
      }));
      scores.sort((left, right) => right.score - left.score || left.candidate - right.candidate);
      // Ties with the expected person count against it: the list shows them in no useful order.
      const rank = scores.findIndex((entry) => entry.candidate === expected);
      const tiedAbove = scores.filter(
        (entry, position) =>
          position > rank && entry.score === scores[rank]?.score && entry.candidate !== expected,
      ).length;
      const effectiveRank = rank + tiedAbove;
      if (effectiveRank === 0) first += 1;
      if (effectiveRank < 10) firstTen += 1;
    });
    return { first: first / people.length, firstTen: firstTen / people.length };
  }

  it.each([
    ['latin', 'bengali', 0.85, 0.97],
    ['latin', 'devanagari', 0.85, 0.97],
    ['bengali', 'devanagari', 0.85, 0.97],
    ['devanagari', 'bengali', 0.85, 0.97],
    ['bengali', 'latin variant', 0.8, 0.95],
    ['devanagari', 'latin variant', 0.8, 0.95],
    ['latin', 'latin variant', 0.9, 0.99],
  ] as const)(
    'recorded in %s, searched in %s: first at least %f, first ten at least %f',
    (recorded, searched, minimumFirst, minimumFirstTen) => {
      const figures = measure(recorded, searched);
      console.info(
        `${recorded} ← ${searched}: first ${figures.first}, first ten ${figures.firstTen}`,
      );
      expect(figures.first).toBeGreaterThanOrEqual(minimumFirst);
      expect(figures.firstTen).toBeGreaterThanOrEqual(minimumFirstTen);
    },
  );
});
