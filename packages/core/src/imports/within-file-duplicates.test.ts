import { describe, expect, it } from 'vitest';
import {
  LIKELY_DUPLICATE_SCORE,
  LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS,
} from '../identity/index.ts';
import { duplicatesWithinFile } from './within-file-duplicates.ts';

// Names from the generated test lists (name-variants.test-support.ts): they describe no one.
describe('likely duplicates within one file, across scripts (issue 17)', () => {
  it('holds a Bengali row against a Latin row of the same file to the search’s threshold across scripts', () => {
    const found = duplicatesWithinFile([
      { legalName: 'Laxmi Hembram', aliases: [], phones: [] },
      { legalName: 'Kabadala Tamasapo', aliases: [], phones: [] },
      // The same person written in Bengali: her Latin entry scores 0.72, under 0.75.
      { legalName: 'লক্ষ্মী হেমব্রম', aliases: [], phones: [] },
      // Another person of the same surname, in Bengali: not her.
      { legalName: 'ললিতা হেমব্রম', aliases: [], phones: [] },
    ]);
    expect(found.map((match) => match?.earlier)).toEqual([undefined, undefined, 0, undefined]);
    const score = found[2]?.score ?? 0;
    expect(score).toBeGreaterThanOrEqual(LIKELY_DUPLICATE_SCORE_ACROSS_SCRIPTS);
    expect(score).toBeLessThan(LIKELY_DUPLICATE_SCORE);
  });

  it('keeps the threshold within one script: two Latin spellings of one person, and not two people', () => {
    const found = duplicatesWithinFile([
      { legalName: 'Laxmi Hembram', aliases: [], phones: [] },
      { legalName: 'Laxmipriya Hembram', aliases: [], phones: [] },
      { legalName: 'Lakshmi Hembram', aliases: [], phones: [] },
    ]);
    expect(found.map((match) => match?.earlier)).toEqual([undefined, undefined, 0]);
  });
});
