import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messagesFor, type Messages } from './messages.ts';
import { numberFormatter } from './number-formatter.ts';

// English is the fallback and ships with the app; Bengali and Hindi are fetched when chosen, so
// the first load carries one language, not three (issue 12 §11: the sign-in page's JS budget).
const englishFiles = import.meta.glob<Messages>(
  [
    './locales/en.json',
    './features/*/en.json',
    // The e-mails' words: the server writes them; no screen shows them.
    '!./features/emails/*.json',
  ],
  {
    eager: true,
    import: 'default',
  },
);
const en = messagesFor('en', englishFiles);

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'bn', label: 'বাংলা' },
  { code: 'hi', label: 'हिन्दी' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'dawn.language';

function initialLanguage(): LanguageCode {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'bn' || stored === 'hi') return stored;
  const browser = navigator.language.slice(0, 2);
  return browser === 'bn' || browser === 'hi' ? browser : 'en';
}

const loaders: Record<Exclude<LanguageCode, 'en'>, () => Promise<{ messages: Messages }>> = {
  bn: () => import('./languages/bn.ts'),
  hi: () => import('./languages/hi.ts'),
};

async function load(language: LanguageCode): Promise<void> {
  if (language === 'en' || i18n.hasResourceBundle(language, 'translation')) return;
  const { messages } = await loaders[language]();
  i18n.addResourceBundle(language, 'translation', messages);
}

function isLanguage(code: string): code is LanguageCode {
  return LANGUAGES.some((language) => language.code === code);
}

/** Switches the interface's language, fetching its messages first when it is not English. */
export async function changeLanguage(code: string): Promise<void> {
  const language = isLanguage(code) ? code : 'en';
  await load(language);
  await i18n.changeLanguage(language);
}

/** Resolves once the reader's language is ready; render the app after it. */
export const i18nReady: Promise<void> = (async () => {
  await i18n
    .use(initReactI18next)
    .use(numberFormatter())
    .init({
      resources: { en: { translation: en } },
      lng: 'en',
      fallbackLng: 'en',
      partialBundledLanguages: true,
      // Numbers put into sentences in the reader's digits (number-formatter.ts).
      interpolation: { escapeValue: false, alwaysFormat: true },
    });
  i18n.on('languageChanged', (language) => {
    window.localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
  });
  const language = initialLanguage();
  try {
    await changeLanguage(language);
  } catch {
    // Offline or a failed chunk: the app still works, in English.
  }
  document.documentElement.lang = i18n.language;
})();

export default i18n;
