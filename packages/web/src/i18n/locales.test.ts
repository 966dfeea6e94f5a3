import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES, messagesFor, type Messages } from './messages.ts';

const I18N_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Every message file, keyed by path as the web app's glob import sees them. */
function readFiles(): Record<string, Messages> {
  const files: Record<string, Messages> = {};
  const read = (relative: string) => {
    files[`./${relative}`] = JSON.parse(
      fs.readFileSync(path.join(I18N_DIR, relative), 'utf8'),
    ) as Messages;
  };
  for (const name of fs.readdirSync(path.join(I18N_DIR, 'locales'))) {
    if (name.endsWith('.json')) read(`locales/${name}`);
  }
  const featuresDir = path.join(I18N_DIR, 'features');
  for (const feature of fs.existsSync(featuresDir) ? fs.readdirSync(featuresDir) : []) {
    for (const name of fs.readdirSync(path.join(featuresDir, feature))) {
      if (name.endsWith('.json')) read(`features/${feature}/${name}`);
    }
  }
  return files;
}

function entries(messages: Messages, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : entries(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe('the web app speaks English, Bengali and Hindi alike', () => {
  const files = readFiles();
  const english = new Map(entries(messagesFor('en', files)));

  it('has a file for every language beside each English file', () => {
    const missing = Object.keys(files)
      .filter((filePath) => filePath.endsWith('/en.json'))
      .flatMap((filePath) =>
        LANGUAGE_CODES.map((language) => filePath.replace(/en\.json$/, `${language}.json`)),
      )
      .filter((filePath) => !(filePath in files));
    expect(missing).toEqual([]);
  });

  it.each(['bn', 'hi'] as const)(
    '%s has every English message, with the same placeholders',
    (language) => {
      const translated = new Map(entries(messagesFor(language, files)));
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of english) {
        expect(placeholders(translated.get(key) ?? ''), key).toEqual(placeholders(text));
      }
    },
  );

  // Product names stay as they are written in every language.
  const names = new Set(['PostgreSQL', 'Node.js']);
  it.each([
    ['bn', /[\u0980-\u09FF]/],
    ['hi', /[\u0900-\u097F]/],
  ] as const)('%s is written in its own script, not left in English', (language, script) => {
    const untranslated = entries(messagesFor(language, files))
      .filter(([, text]) => !names.has(text) && /[a-z]{4,}/i.test(text) && !script.test(text))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('refuses a message defined in two files', () => {
    expect(() =>
      messagesFor('en', {
        './locales/en.json': { nav: { home: 'Home' } },
        './features/x/en.json': { nav: { home: 'Again' } },
      }),
    ).toThrow('nav.home');
  });
});
