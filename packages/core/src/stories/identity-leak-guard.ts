import { normaliseNameWords } from '../identity/name-normalisation.ts';
import { normalisePhone } from '../identity/match-tokens.ts';
import { keysOf, nameMatches, wordsOf, type NameKey } from './guard-names.ts';
import {
  asciiDigits,
  CODE_LIKE,
  DAY_MONTH,
  normaliseCode,
  NUMBER_RUN,
  NUMERIC_DATE,
} from './guard-numbers.ts';
import { ADDRESS_WORDS, ORDINARY_WORDS } from './guard-words.ts';
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
