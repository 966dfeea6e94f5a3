import { describe, expect, it } from 'vitest';
import { generatePseudonym, PSEUDONYM_CODE_ALPHABET, PSEUDONYM_NAMES } from './pseudonym.ts';
import { seededRandom } from './name-variants.test-support.ts';

describe('pseudonyms', () => {
  it('offer at least 150 distinct common Bengali, Hindi and Nepali first names', () => {
    expect(new Set(PSEUDONYM_NAMES).size).toBe(PSEUDONYM_NAMES.length);
    expect(PSEUDONYM_NAMES.length).toBeGreaterThanOrEqual(150);
  });

  it('read as a name and a four-character code with no look-alike characters', () => {
    const random = seededRandom(7);
    const below = (maxExclusive: number) => Math.floor(random() * maxExclusive);
    const pseudonyms = Array.from({ length: 2000 }, () => generatePseudonym(below));
    for (const pseudonym of pseudonyms) {
      expect(pseudonym).toMatch(/^[A-Z][a-z]+-[A-Z0-9]{4}$/);
      expect(pseudonym.slice(-4)).not.toMatch(/[01258BILOSZ]/);
    }
    expect(PSEUDONYM_CODE_ALPHABET).not.toMatch(/[01258BILOSZ]/);
    // 2,000 draws from ~50 million combinations: collisions would mean a broken generator.
    expect(new Set(pseudonyms).size).toBeGreaterThan(1990);
  });
});
