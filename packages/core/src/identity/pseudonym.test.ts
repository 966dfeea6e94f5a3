import { describe, expect, it } from 'vitest';
import {
  FEMALE_PSEUDONYM_NAMES,
  generatePseudonym,
  MALE_PSEUDONYM_NAMES,
  NEUTRAL_PSEUDONYM_NAMES,
  PSEUDONYM_CODE_ALPHABET,
  PSEUDONYM_NAMES,
} from './pseudonym.ts';
import { seededRandom } from './name-variants.test-support.ts';

const nameOf = (pseudonym: string) => pseudonym.split('-')[0] ?? '';

describe('pseudonyms', () => {
  it('offer at least 150 distinct common Bengali, Hindi and Nepali first names, each in one list', () => {
    expect(new Set(PSEUDONYM_NAMES).size).toBe(PSEUDONYM_NAMES.length);
    expect(PSEUDONYM_NAMES.length).toBeGreaterThanOrEqual(150);
    expect(FEMALE_PSEUDONYM_NAMES.length).toBeGreaterThanOrEqual(100);
    expect(MALE_PSEUDONYM_NAMES.length).toBeGreaterThanOrEqual(40);
    expect(NEUTRAL_PSEUDONYM_NAMES.length).toBeGreaterThanOrEqual(12);
  });

  it('read as a name and a four-character code with no look-alike characters', () => {
    const random = seededRandom(7);
    const below = (maxExclusive: number) => Math.floor(random() * maxExclusive);
    const pseudonyms = Array.from({ length: 2000 }, () => generatePseudonym(below, 'female'));
    for (const pseudonym of pseudonyms) {
      expect(pseudonym).toMatch(/^[A-Z][a-z]+-[A-Z0-9]{4}$/);
      expect(pseudonym.slice(-4)).not.toMatch(/[01258BILOSZ]/);
    }
    expect(PSEUDONYM_CODE_ALPHABET).not.toMatch(/[01258BILOSZ]/);
    // 2,000 draws from ~40 million combinations: collisions would mean a broken generator.
    expect(new Set(pseudonyms).size).toBeGreaterThan(1990);
  });

  // Issue 12 §9: male accused were called "Sita-…" and female survivors "Kamal-…".
  it('fit the recorded sex: a woman is never "Kamal", a man never "Sita", anyone else neutral', () => {
    const random = seededRandom(12);
    const below = (maxExclusive: number) => Math.floor(random() * maxExclusive);
    const draw = (sex: string) =>
      new Set(Array.from({ length: 3000 }, () => nameOf(generatePseudonym(below, sex))));
    const women = draw('female');
    const men = draw('male');
    expect(
      [...women].every((name) => (FEMALE_PSEUDONYM_NAMES as readonly string[]).includes(name)),
    ).toBe(true);
    expect(
      [...men].every((name) => (MALE_PSEUDONYM_NAMES as readonly string[]).includes(name)),
    ).toBe(true);
    expect(women.has('Kamal')).toBe(false);
    expect(men.has('Sita')).toBe(false);
    // Every name of each list is reachable.
    expect(women.size).toBe(FEMALE_PSEUDONYM_NAMES.length);
    expect(men.size).toBe(MALE_PSEUDONYM_NAMES.length);
    for (const sex of ['transgender', 'other', 'unknown'])
      expect([...draw(sex)].sort()).toEqual([...NEUTRAL_PSEUDONYM_NAMES].sort());
  });
});
