import {
  findRulePack,
  INDIA_EVENTS,
  LEGAL_CASE_ID_START,
  SUPPORTED_LANGUAGES,
  type Language,
  type LegalCaseTitleFir,
} from '@dawn/core';
import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
// The web app's own message files: one copy of each translation, shared by the screens and the
// printed pages. esbuild bundles them into the compiled server; only what the pages need is read.
import enBase from '../../../../web/src/i18n/locales/en.json' with { type: 'json' };
import bnBase from '../../../../web/src/i18n/locales/bn.json' with { type: 'json' };
import hiBase from '../../../../web/src/i18n/locales/hi.json' with { type: 'json' };
import enPack2 from '../../../../web/src/i18n/features/deadlines-pack2/en.json' with { type: 'json' };
import bnPack2 from '../../../../web/src/i18n/features/deadlines-pack2/bn.json' with { type: 'json' };
import hiPack2 from '../../../../web/src/i18n/features/deadlines-pack2/hi.json' with { type: 'json' };
import enRules from '../../../../web/src/i18n/features/deadline-rules/en.json' with { type: 'json' };
import bnRules from '../../../../web/src/i18n/features/deadline-rules/bn.json' with { type: 'json' };
import hiRules from '../../../../web/src/i18n/features/deadline-rules/hi.json' with { type: 'json' };
import enPrinted from '../../../../web/src/i18n/features/printed/en.json' with { type: 'json' };
import bnPrinted from '../../../../web/src/i18n/features/printed/bn.json' with { type: 'json' };
import hiPrinted from '../../../../web/src/i18n/features/printed/hi.json' with { type: 'json' };
import enTitle from '../../../../web/src/i18n/features/legal-case-title/en.json' with { type: 'json' };
import bnTitle from '../../../../web/src/i18n/features/legal-case-title/bn.json' with { type: 'json' };
import hiTitle from '../../../../web/src/i18n/features/legal-case-title/hi.json' with { type: 'json' };
import enEmails from '../../../../web/src/i18n/features/emails/en.json' with { type: 'json' };
import bnEmails from '../../../../web/src/i18n/features/emails/bn.json' with { type: 'json' };
import hiEmails from '../../../../web/src/i18n/features/emails/hi.json' with { type: 'json' };

type Messages = Record<string, unknown>;

const FILES: Record<Language, Messages[]> = {
  en: [enBase, enPack2, enRules, enPrinted, enTitle, enEmails],
  bn: [bnBase, bnPack2, bnRules, bnPrinted, bnTitle, bnEmails],
  hi: [hiBase, hiPack2, hiRules, hiPrinted, hiTitle, hiEmails],
};

/** A printed page's `language` query parameter: English unless asked. */
export const printedLanguage = z
  .enum(SUPPORTED_LANGUAGES, { error: 'must be en, bn or hi' })
  .default('en')
  .describe('the language the page is written in');

/**
 * What a printed page (a report, a letter) or an e-mail says, in one language, with the web app's
 * words.
 */
export interface PrintedWords {
  language: Language;
  t: TFunction;
  /** A legal event type's name (`chargesheet.filed`), as the legal-case screens name it. */
  eventType: (type: string) => string;
  /** A deadline's name from its rule id (`IN.BNSS.187.chargesheet`), as the deadlines list names it. */
  rule: (rule: string) => string;
  /** A day (`2025-03-01`) written as the screens write dates, in Latin digits as they do. */
  day: (isoDay: string) => string;
  /**
   * A legal case's title from its parts (core's `legalCaseTitleFir`, or the id or its start), as
   * the web's `legalCaseTitle` composes it, from the same messages.
   */
  caseTitle: (fir: LegalCaseTitleFir | null, id: string) => string;
}

let instance: typeof i18next | undefined;

function translations(): typeof i18next {
  if (instance) return instance;
  instance = i18next.createInstance();
  void instance.init({
    lng: 'en',
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  for (const [language, files] of Object.entries(FILES))
    for (const file of files)
      instance.addResourceBundle(language, 'translation', file, true, false);
  return instance;
}

const ENGLISH_EVENTS = INDIA_EVENTS as Record<string, { description: string } | undefined>;
const RULE_TITLES = new Map(
  (findRulePack('IN')?.rules ?? []).map((rule) => [rule.id, rule.title] as const),
);

/**
 * The words of a printed page in `language`; a word the language lacks falls back to English.
 * Each event type, deadline and day is looked up once a page (a year's pages print thousands of
 * milestones over a few hundred days and a few dozen types).
 */
export function printedWords(language: Language): PrintedWords {
  const t = translations().getFixedT(language);
  const firTitle = filled(language, 'legalCaseTitle.fir');
  const titleWithoutFir = filled(language, 'legalCaseTitle.withoutFir');
  const days = new Intl.DateTimeFormat(`${language}-IN-u-nu-latn`, {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
  return {
    language,
    t,
    eventType: remembered((type) =>
      t(`legalCases.eventTypes.${type.replace('.', '_')}`, {
        defaultValue: ENGLISH_EVENTS[type]?.description ?? type.replace(/[._]/g, ' '),
      }),
    ),
    rule: remembered((rule) =>
      t(`deadlineRules.${rule.replaceAll('.', '_')}`, {
        defaultValue: RULE_TITLES.get(rule) ?? rule,
      }),
    ),
    day: remembered((isoDay) => days.format(new Date(`${isoDay}T00:00:00Z`))),
    caseTitle: (fir, id) =>
      fir
        ? firTitle({ number: fir.number, year: String(fir.year), station: fir.policeStation })
        : titleWithoutFir({ idStart: id.slice(0, LEGAL_CASE_ID_START) }),
  };
}

/**
 * A message with `{{name}}` placeholders filled in by plain replacement, for a string written per
 * milestone (a year's page names about 17,000 cases): i18next's `t` took tens of µs a call here.
 * The message is read once, in `language` or else in English.
 */
function filled(language: Language, key: string): (values: Record<string, string>) => string {
  const messages = translations();
  const template = String(
    messages.getResource(language, 'translation', key) ??
      messages.getResource('en', 'translation', key),
  );
  const parts = template.split(/\{\{(\w+)\}\}/);
  return (values) =>
    parts.map((part, index) => (index % 2 === 1 ? (values[part] ?? '') : part)).join('');
}

/** `write`, remembered by its argument. */
export function remembered(write: (key: string) => string): (key: string) => string {
  const written = new Map<string, string>();
  return (key) => {
    let text = written.get(key);
    if (text === undefined) {
      text = write(key);
      written.set(key, text);
    }
    return text;
  };
}
