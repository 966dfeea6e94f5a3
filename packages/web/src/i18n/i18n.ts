import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messagesFor, type Messages } from './messages.ts';

const files = import.meta.glob<Messages>(['./locales/*.json', './features/*/*.json'], {
  eager: true,
  import: 'default',
});
const en = messagesFor('en', files);
const bn = messagesFor('bn', files);
const hi = messagesFor('hi', files);

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

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, bn: { translation: bn }, hi: { translation: hi } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

i18n.on('languageChanged', (language) => {
  window.localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
});
document.documentElement.lang = i18n.language;

export default i18n;
