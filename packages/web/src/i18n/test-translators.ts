// For tests only: the app's messages read from disk (Vite's glob import is not there under
// Vitest's node environment) and a translator per language, as the app builds them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import { LANGUAGE_CODES, messagesFor, type LanguageCode, type Messages } from './messages.ts';
import { numberFormatter } from './number-formatter.ts';

const I18N_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * The base messages and those of the named feature folders (`i18n/features/<name>`), or of every
 * folder when none is named, keyed by path as the app's glob import keys them.
 */
export function messageFiles(features?: readonly string[]): Record<string, Messages> {
  const files: Record<string, Messages> = {};
  const read = (relative: string) => {
    files[`./${relative}`] = JSON.parse(
      fs.readFileSync(path.join(I18N_DIR, relative), 'utf8'),
    ) as Messages;
  };
  for (const language of LANGUAGE_CODES) read(`locales/${language}.json`);
  const folders = features ?? fs.readdirSync(path.join(I18N_DIR, 'features'));
  for (const feature of folders)
    for (const language of LANGUAGE_CODES) read(`features/${feature}/${language}.json`);
  return files;
}

/** A `t` for each language over `messageFiles(features)`. */
export async function translatorsFor(
  features?: readonly string[],
): Promise<Record<LanguageCode, TFunction>> {
  const files = messageFiles(features);
  const translators = {} as Record<LanguageCode, TFunction>;
  for (const language of LANGUAGE_CODES) {
    const instance = i18next.createInstance().use(numberFormatter());
    await instance.init({
      lng: language,
      resources: { [language]: { translation: messagesFor(language, files) } },
      interpolation: { escapeValue: false, alwaysFormat: true },
    });
    translators[language] = instance.t;
  }
  return translators;
}
