/**
 * What the Bengali forms story (`field-forms.test.ts`) reads and checks with: the app's messages
 * in each language, merged as the app merges them, and the checks of a field's own error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { field } from './forms.ts';

export type Language = 'en' | 'bn' | 'hi';
type Messages = { [key: string]: string | Messages };

const I18N_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../packages/web/src/i18n',
);

/** The app's messages in one language, merged as the app merges them (base file, then features). */
function messagesOf(language: Language): Messages {
  const merge = (target: Messages, source: Messages): Messages => {
    for (const [key, value] of Object.entries(source)) {
      const existing = target[key];
      target[key] =
        typeof value === 'string'
          ? value
          : merge(typeof existing === 'object' ? existing : {}, value);
    }
    return target;
  };
  const merged: Messages = {};
  const files = [
    path.join(I18N_DIR, 'locales', `${language}.json`),
    ...fs
      .readdirSync(path.join(I18N_DIR, 'features'))
      .sort()
      .map((feature) => path.join(I18N_DIR, 'features', feature, `${language}.json`))
      .filter((file) => fs.existsSync(file)),
  ];
  for (const file of files) merge(merged, JSON.parse(fs.readFileSync(file, 'utf8')) as Messages);
  return merged;
}

const MESSAGES = { en: messagesOf('en'), bn: messagesOf('bn'), hi: messagesOf('hi') };

/** One message by its key, as the reader sees it (`{{count}}` filled in). */
export function say(language: Language, key: string, values: Record<string, string | number> = {}) {
  let found: string | Messages | undefined = MESSAGES[language];
  for (const part of key.split('.')) found = typeof found === 'object' ? found[part] : undefined;
  if (typeof found !== 'string') throw new Error(`no message ${key} in ${language}`);
  return found.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(values[name] ?? ''));
}
export const bn = (key: string, values?: Record<string, string | number>) => say('bn', key, values);

/** Every English sentence the app may say about a field or a refusal. */
function englishSentences(): string[] {
  const sentences: string[] = [];
  const walk = (messages: Messages) => {
    for (const value of Object.values(messages))
      if (typeof value === 'string') sentences.push(value.split('{{')[0]?.trim() ?? '');
      else walk(value);
  };
  const forms = MESSAGES.en.forms;
  const errors = MESSAGES.en.errors;
  if (typeof forms === 'object') walk(forms);
  if (typeof errors === 'object') walk(errors);
  return sentences.filter((sentence) => sentence.length > 12);
}

/**
 * Picks an option of a Mantine Select or MultiSelect inside `scope` (a page may have a field of
 * the same name behind a dialog): type to search, then click it in the open list.
 */
export async function choose(
  scope: Locator,
  label: string,
  search: string,
  option: string | RegExp,
): Promise<void> {
  const input = scope
    .getByRole('combobox', { name: field(label) })
    .or(scope.getByRole('textbox', { name: field(label) }))
    .first();
  await input.click();
  if (search && (await input.isEditable())) await input.fill(search);
  await scope
    .page()
    .getByRole(
      'option',
      typeof option === 'string' ? { name: option, exact: true } : { name: option },
    )
    .first()
    .click();
  // A MultiSelect keeps its list open; a Select closes it (and Escape would close a dialog).
  if (await scope.page().getByRole('listbox').first().isVisible())
    await scope.page().keyboard.press('Escape');
}

/** A new page whose app starts in `language` (set before any script of the page runs). */
export async function pageIn(context: BrowserContext, language: Language): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.addInitScript((code) => window.localStorage.setItem('dawn.language', code), language);
  return page;
}

/** The wrapper of the field labelled `label` (its label, input, description and error). */
export function wrapperOf(scope: Locator, label: string): Locator {
  return scope
    .locator('.mantine-InputWrapper-root')
    .filter({ has: scope.page().locator('.mantine-InputWrapper-label', { hasText: field(label) }) })
    .first();
}

/** The field's own error, under it, says `sentence`. */
export async function expectBeside(wrapper: Locator, sentence: string | RegExp): Promise<void> {
  const error = wrapper.locator('.mantine-InputWrapper-error');
  await error.waitFor();
  expect((await error.innerText()).trim()).toMatch(
    typeof sentence === 'string' ? new RegExp(`^${escape(sentence)}$`) : sentence,
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Bengali sentence with a number in it, whichever digits the reader's settings give. */
export function withAnyNumber(key: string): RegExp {
  return new RegExp(`^${escape(bn(key, { count: 'NUMBER' })).replace('NUMBER', '.+')}$`);
}

/**
 * Nothing on the page is written for developers: no field path, no schema wording, no English
 * sentence of the app's error messages; every field error is in the reader's script.
 */
export async function expectNothingForDevelopers(
  page: Page,
  script = /[\u0980-\u09FF]/,
): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(
    /body\.|data\.\w|Invalid|expected|received|undefined|must be|is required|is in the future|is not an?\b/,
  );
  for (const sentence of englishSentences()) expect(text).not.toContain(sentence);
  for (const error of await page.locator('.mantine-InputWrapper-error').allInnerTexts()) {
    expect(error).toMatch(script);
    expect(error.replace('name@example.org', '')).not.toMatch(/[A-Za-z]{3,}/);
  }
  // What a screen reader says besides the text: names of buttons that show only an icon,
  // tooltips, placeholders. An e-mail address or a URL as an example is not a word, nor a word
  // the page shows too (data: the signed-in user's name in the account menu's label).
  const shown = new Set(text.match(/[A-Za-z]{3,}/g) ?? []);
  const spoken = await page.evaluate(() =>
    [...document.querySelectorAll('[aria-label],[title],[placeholder],[alt],[aria-description]')]
      .filter((element) => !element.closest('[aria-hidden="true"]'))
      .flatMap((element) =>
        ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'].map(
          (name) => element.getAttribute(name) ?? '',
        ),
      ),
  );
  const english = spoken
    .map((said) => said.replace(/\S+@\S+|https?:\/\/\S+/g, ''))
    .filter((said) => (said.match(/[A-Za-z]{3,}/g) ?? []).some((word) => !shown.has(word)));
  expect(english).toEqual([]);
}

/**
 * The next POST to `url` reaches the server and is made, and its answer is lost on the way back:
 * the connection drops, as on a mobile network.
 */
export async function loseTheNextAnswer(page: Page, url: string): Promise<void> {
  await page.route(
    url,
    async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fetch();
      await route.abort('connectionreset');
    },
    { times: 1 },
  );
}
