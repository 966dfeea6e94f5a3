import { describe, expect, it } from 'vitest';
import { PSEUDONYM_NAMES } from '../identity/pseudonym.ts';
import { checkStoryForIdentifiers, guardFindingKey } from './identity-leak-guard.ts';
import {
  cleanStory,
  generatedSurvivor,
  plantedCase,
  seededRandom,
} from './identity-leak-guard.test-support.ts';

// The set is large: on a loaded machine it takes seconds, not the default five.
const SET_SIZE = 400;

describe('identity-leak guard on a generated set (issue 13, docs/stories.md)', () => {
  it('catches every planted identifier, with the span of the story text', () => {
    const random = seededRandom(13);
    const missed: string[] = [];
    for (let index = 0; index < SET_SIZE; index += 1) {
      const survivor = generatedSurvivor(random);
      const planted = plantedCase(random, survivor);
      const findings = checkStoryForIdentifiers(
        [{ language: planted.language, text: planted.text }],
        survivor.identifiers,
      );
      const at = planted.text.lastIndexOf(planted.planted);
      const caught = findings.some(
        (finding) => finding.start < at + planted.planted.length && at < finding.end,
      );
      if (!caught) missed.push(`${planted.label} (${planted.language}): ${planted.planted}`);
    }
    expect(missed).toEqual([]);
  }, 60_000);

  it('flags few stories that hold no identifier: 9 of 1,200, all a family name used as a word', () => {
    const random = seededRandom(2027);
    const flaggedSpans = new Set<string>();
    let stories = 0;
    let flaggedStories = 0;
    for (let index = 0; index < SET_SIZE; index += 1) {
      const survivor = generatedSurvivor(random);
      for (const language of ['en', 'bn', 'hi'] as const) {
        const text = cleanStory(random, survivor, language);
        const findings = checkStoryForIdentifiers([{ language, text }], survivor.identifiers);
        stories += 1;
        if (findings.length > 0) flaggedStories += 1;
        for (const finding of findings) flaggedSpans.add(finding.span);
      }
    }
    // A survivor, sister or alias named Sapna, and a Hindi story that says सपना ("dream"): the guard cannot tell the word
    // from her name, and asks the editor. docs/stories.md reports this rate.
    expect({ stories, flaggedStories, flaggedSpans: [...flaggedSpans] }).toEqual({
      stories: 1200,
      flaggedStories: 9,
      flaggedSpans: ['सपना'],
    });
  }, 60_000);

  it('catches "Raheema" and রহিমা for Rahima, and never returns the vault value', () => {
    const findings = checkStoryForIdentifiers(
      [
        { language: 'en', text: 'Raheema learned to sew.' },
        { language: 'bn', text: 'রহিমা সেলাই শিখেছে।' },
      ],
      {
        names: [{ text: 'Rahima Khatun', source: 'survivor' }],
        phones: [],
        idNumbers: [],
        places: [],
      },
    );
    expect(
      findings.map(({ language, start, end, kind, span }) => ({
        language,
        start,
        end,
        kind,
        span,
      })),
    ).toEqual([
      { language: 'en', start: 0, end: 7, kind: 'name', span: 'Raheema' },
      { language: 'bn', start: 0, end: 5, kind: 'name', span: 'রহিমা' },
    ]);
    expect(JSON.stringify(findings)).not.toContain('Khatun');
  });

  it('never takes an everyday Bengali or Hindi word for a name it folds onto, but flags the name spelled', () => {
    // তার is "her": a survivor (or her pseudonym) named Tara flagged every Bengali story about her.
    const everyday = {
      bn: 'সে তার মাকে বলে, প্রথম দিন থেকে অনেক কিছু শিখেছে।',
      hi: 'जब वह आई, उनका परिवार साथ था।',
    };
    const flagged = (name: string, language: 'bn' | 'hi', text: string) =>
      checkStoryForIdentifiers([{ language, text }], {
        names: [{ text: name, source: 'internal_pseudonym' }],
        phones: [],
        idNumbers: [],
        places: [],
      }).map((finding) => finding.span);
    for (const name of PSEUDONYM_NAMES) {
      expect(flagged(name, 'bn', everyday.bn), name).toEqual([]);
      expect(flagged(name, 'hi', everyday.hi), name).toEqual([]);
    }
    expect(flagged('Tara', 'bn', 'তারা এসেছে।')).toEqual(['তারা']);
    expect(flagged('Tara', 'hi', 'तारा आई।')).toEqual(['तारा']);
  });

  it('lets the year of rescue, the state and small numbers through', () => {
    const findings = checkStoryForIdentifiers(
      [{ language: 'en', text: 'Rescued in 2019 in West Bengal, she now trains 12 women.' }],
      {
        names: [],
        phones: [],
        idNumbers: [],
        places: ['Kolkata'],
        allowedPlaces: ['West Bengal'],
      },
    );
    expect(findings).toEqual([]);
  });

  it('keys a finding by language, kind and words, so an override follows the same words', () => {
    expect(guardFindingKey({ language: 'en', kind: 'name', span: 'Rina' })).toBe(
      guardFindingKey({ language: 'en', kind: 'name', span: 'RINA' }),
    );
  });
});
