import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OFFENCE_CATALOGUE } from '@dawn/core';
import { describe, expect, it } from 'vitest';
import { offenceTitleKey } from './offence-labels.ts';

const TITLES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../i18n/features/offences',
);

describe('every offence of the catalogue has a title in each language', () => {
  const titles = (language: string) =>
    (
      JSON.parse(fs.readFileSync(path.join(TITLES_DIR, `${language}.json`), 'utf8')) as {
        offenceTitles: Record<string, string>;
      }
    ).offenceTitles;

  it.each(['en', 'bn', 'hi'])('%s titles each offence of the catalogue', (language) => {
    const names = titles(language);
    expect(OFFENCE_CATALOGUE.filter((offence) => !names[offenceTitleKey(offence.code)])).toEqual(
      [],
    );
  });

  it('keeps the catalogue’s English title as the English one', () => {
    const names = titles('en');
    for (const offence of OFFENCE_CATALOGUE) {
      expect(names[offenceTitleKey(offence.code)]).toBe(offence.title);
    }
  });
});
