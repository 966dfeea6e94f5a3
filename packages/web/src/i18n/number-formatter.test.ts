import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { numberFormatter } from './number-formatter.ts';
import type { DigitChoice } from './number-system.ts';

async function translator(language: string, choice: DigitChoice) {
  const instance = i18next.createInstance().use(numberFormatter(() => choice));
  await instance.init({
    lng: language,
    resources: {
      [language]: {
        translation: {
          overdue_one: '{{count}} overdue',
          overdue_other: '{{count}} overdue',
          since: 'since {{year}}, {{name}}',
        },
      },
    },
    interpolation: { escapeValue: false, alwaysFormat: true },
  });
  return instance.t.bind(instance);
}

describe('a number in a sentence', () => {
  it('is written in the digits she chose and her language’s grouping', async () => {
    expect((await translator('bn', 'native'))('overdue', { count: 12 })).toBe('১২ overdue');
    expect((await translator('hi', 'native'))('overdue', { count: 123456 })).toBe(
      '१,२३,४५६ overdue',
    );
    expect((await translator('bn', 'latin'))('overdue', { count: 123456 })).toBe(
      '1,23,456 overdue',
    );
  });

  it('leaves a year ungrouped and words as they are', async () => {
    expect((await translator('en', 'latin'))('since', { year: 2026, name: 'Test 12' })).toBe(
      'since 2026, Test 12',
    );
  });
});
