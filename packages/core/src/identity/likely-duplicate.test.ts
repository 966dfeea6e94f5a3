import { describe, expect, it } from 'vitest';
import { identityMatchTokens } from './match-tokens.ts';
import {
  LIKELY_DUPLICATE_SCORE,
  LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS,
  likelyDuplicateScore,
} from './likely-duplicate.ts';
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

describe('the likely-duplicate threshold of the import', () => {
  it('is lower only when the two identities share no script', () => {
    expect(likelyDuplicateScore(['রিনা দত্ত'], ['Rina Dutta'])).toBe(
      LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS,
    );
    expect(likelyDuplicateScore(['रीना दत्ता'], ['Rina Dutta'])).toBe(
      LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS,
    );
    expect(likelyDuplicateScore(['Reena Datta'], ['Rina Dutta'])).toBe(LIKELY_DUPLICATE_SCORE);
    expect(likelyDuplicateScore(['রিনা দত্ত'], ['Rina Dutta', 'রিনা'])).toBe(LIKELY_DUPLICATE_SCORE);
  });

  // Every given × family name written in Bengali (or Devanagari) against the same name in Latin
  // (the same person), and against every other pair of names (different people), compared with
  // Latin spelling variants at the Latin threshold. Figures in docs/identity-matching.md.
  it.each([
    ['bengali', GIVEN_NAMES_BENGALI, FAMILY_NAMES_BENGALI, 0.95],
    ['devanagari', GIVEN_NAMES_DEVANAGARI, FAMILY_NAMES_DEVANAGARI, 0.95],
  ] as const)(
    'finds a name written in %s as the same person as its Latin entry (at least %s)',
    (script, given, family, minimum) => {
      const latin = GIVEN_NAMES.flatMap((first) => FAMILY_NAMES.map((last) => `${first} ${last}`));
      const latinTokens = latin.map(tokensOf);
      let same = 0;
      let people = 0;
      let differentOver = 0;
      let pairs = 0;
      for (let first = 0; first < GIVEN_NAMES.length; first += 1)
        for (let last = 0; last < FAMILY_NAMES.length; last += 8) {
          const written = tokensOf(`${given[first] ?? ''} ${family[last] ?? ''}`);
          latinTokens.forEach((tokens, index) => {
            const found = similarityScore(written, tokens) >= LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS;
            if (index === first * FAMILY_NAMES.length + last) {
              people += 1;
              if (found) same += 1;
            } else {
              pairs += 1;
              if (found) differentOver += 1;
            }
          });
        }
      const random = seededRandom(20261205);
      let variantsOver = 0;
      let variantPairs = 0;
      for (let query = 0; query < 150; query += 1) {
        const index = Math.floor(random() * latin.length);
        const variant = tokensOf(spellingVariant(random, latin[index] ?? ''));
        latinTokens.forEach((tokens, other) => {
          if (other === index) return;
          variantPairs += 1;
          if (similarityScore(variant, tokens) >= LIKELY_DUPLICATE_SCORE) variantsOver += 1;
        });
      }
      const found = same / people;
      const falseAcross = differentOver / pairs;
      const falseLatin = variantsOver / variantPairs;
      console.info(
        `${script} → latin: same person found ${found.toFixed(3)}; different people over ` +
          `${LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS}: ${(falseAcross * 1e6).toFixed(0)} per million ` +
          `(latin variants over ${LIKELY_DUPLICATE_SCORE}: ${(falseLatin * 1e6).toFixed(0)} per million)`,
      );
      expect(found).toBeGreaterThanOrEqual(minimum);
      expect(falseAcross).toBeLessThanOrEqual(falseLatin * 2);
    },
    60_000,
  );
});
