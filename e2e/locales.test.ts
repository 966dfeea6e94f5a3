import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOCALES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../packages/web/src/i18n/locales',
);

type Messages = { [key: string]: string | Messages };

function load(language: string): Messages {
  return JSON.parse(
    fs.readFileSync(path.join(LOCALES_DIR, `${language}.json`), 'utf8'),
  ) as Messages;
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
  const english = new Map(entries(load('en')));

  it.each(['bn', 'hi'])('%s has every English message, with the same placeholders', (language) => {
    const translated = new Map(entries(load(language)));
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(placeholders(translated.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  // Product names stay as they are written in every language.
  const names = new Set(['PostgreSQL', 'Node.js']);
  it.each([
    ['bn', /[\u0980-\u09FF]/],
    ['hi', /[\u0900-\u097F]/],
  ])('%s is written in its own script, not left in English', (language, script) => {
    const untranslated = entries(load(language))
      .filter(([, text]) => !names.has(text) && /[a-z]{4,}/i.test(text) && !script.test(text))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});
