import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSearchRateLimited } from './similar-search.ts';

const MESSAGES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../i18n/features/similar-search',
);

function rateLimitedSentence(language: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(MESSAGES, `${language}.json`), 'utf8')) as {
      persons: { similar: { rateLimited: string } };
    }
  ).persons.similar.rateLimited;
}

describe('too many similar-person searches in a minute', () => {
  it('a 429 answer is told apart from every other failure', () => {
    // As the API client builds it from the server's answer.
    expect(isSearchRateLimited({ status: 429, code: 'RATE_LIMITED', message: 'Rate limit' })).toBe(
      true,
    );
    expect(isSearchRateLimited({ status: 500, code: 'INTERNAL', message: 'boom' })).toBe(false);
    expect(isSearchRateLimited(new Error('network'))).toBe(false);
    expect(isSearchRateLimited(null)).toBe(false);
  });

  it('is said as a sentence in each language, never in English in Bengali or Hindi', () => {
    const english = rateLimitedSentence('en');
    expect(english).toMatch(/Wait a minute/);
    for (const language of ['bn', 'hi']) {
      const sentence = rateLimitedSentence(language);
      expect(sentence).not.toBe(english);
      expect(sentence).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
