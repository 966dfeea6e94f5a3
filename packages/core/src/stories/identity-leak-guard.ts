import { normaliseNameWords } from '../identity/name-normalisation.ts';
import { normalisePhone } from '../identity/match-tokens.ts';
import { phoneticKey, softSpelling } from '../identity/phonetic-key.ts';
import { indicToLatin, isIndicScript } from './indic-latin.ts';
import type { StoryLanguage } from './story.ts';

/**
 * The identity-leak guard (issue 13): checks every language version of a story against what would
 * identify the survivor. Pure: the server gathers the identifiers (from the vault and her cases)
 * and gives them here; findings carry only the span of the story's own text and the kind of
 * identifier, never the identifier it matched.
 *
 * Names are compared through similar-person search's normalisation (normaliseNameWords) and
 * phonetic folding (phoneticKey, softSpelling), and Bengali or Devanagari words are first given a
 * Latin spelling (indicToLatin), so "Raheema", "রহিমা" and "रहीमा" are all caught for "Rahima".
 */
export type GuardNameSource =
  'survivor' | 'alias' | 'family' | 'case_party' | 'official' | 'internal_pseudonym';

export interface GuardIdentifiers {
  names: readonly { text: string; source: GuardNameSource }[];
  phones: readonly string[];
  idNumbers: readonly string[];
  /** Places finer than the state: districts, towns, address words, postal codes. */
  places: readonly string[];
  /** State and country names, which a story may say; never flagged as places. */
  allowedPlaces?: readonly string[];
}

export const GUARD_FINDING_KINDS = [
  'name',
  'family_name',
  'case_name',
  'phone',
  'id_number',
  'date',
  'place',
] as const;
export type GuardFindingKind = (typeof GUARD_FINDING_KINDS)[number];

export interface GuardFinding {
  language: StoryLanguage;
  /** UTF-16 offsets into that language's text, end exclusive. */
  start: number;
  end: number;
  kind: GuardFindingKind;
  /** The text of the span as written in the story (the editor's own words). */
  span: string;
}

export interface GuardText {
  language: StoryLanguage;
  text: string;
}

// Name parts so common that alone they identify nobody (and stories use them as ordinary words).
const COMMON_NAME_PARTS = new Set([
  'kumari',
  'devi',
  'bibi',
  'begum',
  'khatun',
  'mohammad',
  'sheikh',
  'das',
  'roy',
  'rai',
  'singh',
  'didi',
  'bhai',
  'west',
  'bengal',
  'india',
]);

// Short words of English (and of Latin-spelled Bengali and Hindi) that fold onto names' keys.
const ORDINARY_WORDS = new Set([
  'she',
  'her',
  'hers',
  'the',
  'and',
  'but',
  'for',
  'with',
  'from',
  'into',
  'was',
  'were',
  'has',
  'had',
  'have',
  'who',
  'when',
  'then',
  'than',
  'that',
  'this',
  'there',
  'their',
  'they',
  'now',
  'new',
  'one',
  'own',
  'not',
  'all',
  'can',
  'will',
  'would',
  'after',
  'before',
  'years',
  'year',
  'work',
  'home',
  'school',
  'learn',
  'learned',
  'learning',
  'dream',
  'dreams',
  'wants',
  'family',
  'money',
  'life',
  'day',
  'days',
  'many',
  'more',
  'some',
  'first',
  'every',
  'again',
  'today',
  'hope',
  'help',
  'friends',
  'mother',
  'father',
  'sister',
  'brother',
  'daughter',
  'teacher',
  'tailoring',
  'sewing',
  'supervisor',
  'shop',
  'course',
  'class',
  'studies',
  'study',
  'job',
  'rescue',
  'rescued',
  'shelter',
  'safe',
  'strong',
  'free',
  'future',
  'story',
  'court',
  'police',
]);

// Words of an address that name no place on their own.
const ADDRESS_WORDS = new Set([
  'road',
  'lane',
  'street',
  'ward',
  'village',
  'vill',
  'post',
  'office',
  'near',
  'house',
  'block',
  'sector',
  'district',
  'dist',
  'police',
  'station',
  'town',
  'city',
  'para',
  'colony',
  'market',
  'main',
  'east',
  'north',
  'south',
  'behind',
  'opposite',
  'gram',
  'panchayat',
  'number',
  'floor',
]);

interface Word {
  start: number;
  end: number;
  latin: string;
  phonetic: string;
  soft: string;
  indic: boolean;
}

type WordForms = Pick<Word, 'latin' | 'phonetic' | 'soft' | 'indic'>;

/** Each distinct word is folded once: stories repeat their words, and folding is the cost. */
function wordsOf(text: string): Word[] {
  const forms = new Map<string, WordForms>();
  const words: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{M}]+/gu)) {
    const raw = match[0];
    let form = forms.get(raw);
    if (!form) {
      const indic = isIndicScript(raw);
      const latin = normaliseNameWords(indic ? indicToLatin(raw) : raw).join('');
      form =
        latin.length < 3
          ? { latin, phonetic: '', soft: '', indic }
          : { latin, phonetic: phoneticKey(latin), soft: softSpelling(latin), indic };
      forms.set(raw, form);
    }
    words.push({ start: match.index, end: match.index + raw.length, ...form });
  }
  return words;
}

interface NameKey {
  word: string;
  phonetic: string;
  soft: string;
  kind: GuardFindingKind;
}

function nameKind(source: GuardNameSource): GuardFindingKind {
  switch (source) {
    case 'survivor':
    case 'alias':
    case 'internal_pseudonym':
      return 'name';
    case 'family':
      return 'family_name';
    case 'case_party':
    case 'official':
      return 'case_name';
    default: {
      const never: never = source;
      return never;
    }
  }
}

function keysOf(text: string, kind: GuardFindingKind): NameKey[] {
  const source = isIndicScript(text)
    ? text
        .split(/\s+/u)
        .map((part) => indicToLatin(part))
        .join(' ')
    : text;
  return normaliseNameWords(source)
    .filter((word) => word.length >= 3 && !COMMON_NAME_PARTS.has(word))
    .map((word) => ({ word, phonetic: phoneticKey(word), soft: softSpelling(word), kind }));
}

function editDistanceAtMostOne(left: string, right: string): boolean {
  if (left === right) return true;
  if (Math.abs(left.length - right.length) > 1) return false;
  let index = 0;
  while (index < left.length && index < right.length && left[index] === right[index]) index += 1;
  if (left.length === right.length) return left.slice(index + 1) === right.slice(index + 1);
  return left.length > right.length
    ? left.slice(index + 1) === right.slice(index)
    : left.slice(index) === right.slice(index + 1);
}

function editDistanceAtMostTwo(left: string, right: string): boolean {
  if (Math.abs(left.length - right.length) > 2) return false;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      current.push(
        Math.min(
          (previous[column] ?? 0) + 1,
          (current[column - 1] ?? 0) + 1,
          (previous[column - 1] ?? 0) + cost,
        ),
      );
    }
    previous = current;
  }
  return (previous[right.length] ?? 3) <= 2;
}

/** Does a word of the story spell one of the names? */
function nameMatches(word: Word, key: NameKey): boolean {
  if (word.latin.length < 3) return false;
  if (word.latin === key.word) return true;
  if (!word.indic && ORDINARY_WORDS.has(word.latin)) return false;
  if (COMMON_NAME_PARTS.has(word.latin)) return false;
  if (word.phonetic !== key.phonetic) return false;
  const soft = word.soft;
  if (soft === key.soft) return true;
  // A Bengali or Devanagari spelling keeps its consonants; its vowels were guessed.
  if (word.indic) {
    // Place names are proper nouns that ordinary words rarely fold onto; people's names are not.
    if (key.kind === 'place')
      return (
        word.latin.length >= 4 && soft[0] === key.soft[0] && editDistanceAtMostTwo(soft, key.soft)
      );
    return key.phonetic.length >= 3 && editDistanceAtMostTwo(soft, key.soft);
  }
  if (key.soft.length >= 6 && key.phonetic.length >= 3)
    return editDistanceAtMostTwo(soft, key.soft);
  return key.soft.length >= 4 && editDistanceAtMostOne(soft, key.soft);
}

const DIGIT_MAP: Readonly<Record<string, string>> = Object.fromEntries(
  ['০১২৩৪৫৬৭৮৯', '०१२३४५६७८९'].flatMap((digits) =>
    Array.from(digits).map((digit, value): [string, string] => [digit, String(value)]),
  ),
);

function asciiDigits(text: string): string {
  return Array.from(text)
    .map((char) => DIGIT_MAP[char] ?? char)
    .join('');
}

const DIGIT = '[0-9০-৯०-९]';
// A run of digits with the separators phones and IDs are written with (+91 98300 12345, 033-2456…).
const NUMBER_RUN = new RegExp(`\\+?${DIGIT}(?:[\\s\\-./()]{0,2}${DIGIT})+`, 'gu');
// Letters and digits together (voter IDs, passports): WB/01/123/456789, ABC1234567.
const CODE_LIKE = /\b[A-Za-z]{1,5}[/-]?\d{4,}[A-Za-z0-9/-]*\b/gu;

const MONTHS: readonly string[] = [
  // English, full and short
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  // Bengali (Gregorian months as written in Bengali)
  'জানুয়ারি',
  'জানুয়ারী',
  'ফেব্রুয়ারি',
  'ফেব্রুয়ারী',
  'মার্চ',
  'এপ্রিল',
  'মে',
  'জুন',
  'জুলাই',
  'আগস্ট',
  'অগাস্ট',
  'সেপ্টেম্বর',
  'অক্টোবর',
  'নভেম্বর',
  'ডিসেম্বর',
  // Bengali calendar months
  'বৈশাখ',
  'জ্যৈষ্ঠ',
  'আষাঢ়',
  'শ্রাবণ',
  'ভাদ্র',
  'আশ্বিন',
  'কার্তিক',
  'অগ্রহায়ণ',
  'পৌষ',
  'মাঘ',
  'ফাল্গুন',
  'চৈত্র',
  // Hindi
  'जनवरी',
  'फ़रवरी',
  'फरवरी',
  'मार्च',
  'अप्रैल',
  'मई',
  'जून',
  'जुलाई',
  'अगस्त',
  'सितंबर',
  'सितम्बर',
  'अक्टूबर',
  'अक्तूबर',
  'नवंबर',
  'नवम्बर',
  'दिसंबर',
  'दिसम्बर',
].map((month) => month.normalize('NFC'));

const MONTH_ALTERNATION = [...MONTHS].sort((left, right) => right.length - left.length).join('|');
// "12 March", "12th March 2019", "March 12", "১২ মার্চ", "१२ मार्च"
const DAY_MONTH = new RegExp(
  `(?<![\\p{L}\\p{M}0-9০-৯०-९])(?:${DIGIT}{1,2}(?:st|nd|rd|th)?\\s*(?:${MONTH_ALTERNATION})|(?:${MONTH_ALTERNATION})\\.?\\s+${DIGIT}{1,2}(?:st|nd|rd|th)?)(?![\\p{L}\\p{M}0-9০-৯०-९])(?:,?\\s*${DIGIT}{4})?`,
  'giu',
);
// 12/03/2019, 12-3-19, 2019-03-12, 12.03.2019
const NUMERIC_DATE = new RegExp(
  `(?<!${DIGIT})(?:${DIGIT}{1,2}[/.-]${DIGIT}{1,2}[/.-]${DIGIT}{2,4}|${DIGIT}{4}-${DIGIT}{1,2}-${DIGIT}{1,2})(?!${DIGIT})`,
  'gu',
);

function normaliseCode(text: string): string {
  return asciiDigits(text)
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
}

function overlaps(findings: readonly GuardFinding[], start: number, end: number): boolean {
  return findings.some((finding) => finding.start < end && start < finding.end);
}

function checkOne(
  entry: GuardText,
  nameKeys: readonly NameKey[],
  placeKeys: readonly NameKey[],
  allowed: ReadonlySet<string>,
  idNumbers: ReadonlySet<string>,
  phones: ReadonlySet<string>,
): GuardFinding[] {
  const text = entry.text.normalize('NFC');
  const findings: GuardFinding[] = [];
  const add = (start: number, end: number, kind: GuardFindingKind) => {
    if (overlaps(findings, start, end)) return;
    findings.push({ language: entry.language, start, end, kind, span: text.slice(start, end) });
  };

  // Dates first: "12 March 2019" is one finding, not a date and a number.
  for (const regex of [DAY_MONTH, NUMERIC_DATE]) {
    for (const match of text.matchAll(regex))
      add(match.index, match.index + match[0].length, 'date');
  }
  for (const match of text.matchAll(CODE_LIKE)) {
    add(match.index, match.index + match[0].length, 'id_number');
  }
  for (const match of text.matchAll(NUMBER_RUN)) {
    const digits = asciiDigits(match[0]).replace(/\D/g, '');
    const start = match.index;
    const end = start + match[0].trimEnd().length;
    if (phones.has(normalisePhone(digits) ?? digits)) add(start, end, 'phone');
    else if (idNumbers.has(digits)) add(start, end, 'id_number');
    // Seven digits or more is a phone, an ID or a PIN code; a year (four digits) is allowed.
    else if (digits.length >= 7) add(start, end, normalisePhone(digits) ? 'phone' : 'id_number');
    else if (digits.length === 6) add(start, end, 'place'); // an Indian PIN code
  }

  for (const word of wordsOf(text)) {
    if (allowed.has(word.latin)) continue;
    const name = nameKeys.find((key) => nameMatches(word, key));
    if (name) {
      add(word.start, word.end, name.kind);
      continue;
    }
    const place = placeKeys.find((key) => nameMatches(word, key));
    if (place) add(word.start, word.end, 'place');
  }
  return findings.sort((left, right) => left.start - right.start);
}

/** Checks each language version; a story with no identifier in it has no findings. */
export function checkStoryForIdentifiers(
  texts: readonly GuardText[],
  identifiers: GuardIdentifiers,
): GuardFinding[] {
  const nameKeys = identifiers.names.flatMap((name) => keysOf(name.text, nameKind(name.source)));
  const allowed = new Set(
    (identifiers.allowedPlaces ?? []).flatMap((place) =>
      normaliseNameWords(isIndicScript(place) ? indicToLatin(place) : place),
    ),
  );
  const placeKeys = identifiers.places
    .flatMap((place) => keysOf(place, 'place'))
    .filter(
      (key) =>
        !allowed.has(key.word) && !ORDINARY_WORDS.has(key.word) && !ADDRESS_WORDS.has(key.word),
    );
  const idNumbers = new Set(
    identifiers.idNumbers.map(normaliseCode).filter((code) => code.length >= 4),
  );
  const phones = new Set(
    identifiers.phones.flatMap((phone) => {
      const digits = normalisePhone(phone);
      return digits ? [digits] : [];
    }),
  );
  return texts.flatMap((entry) => checkOne(entry, nameKeys, placeKeys, allowed, idNumbers, phones));
}

/** What an override is attached to: the same words of the same kind in the same language. */
export function guardFindingKey(finding: Pick<GuardFinding, 'language' | 'kind' | 'span'>): string {
  return `${finding.language}\u0000${finding.kind}\u0000${finding.span.normalize('NFC').toLowerCase()}`;
}
