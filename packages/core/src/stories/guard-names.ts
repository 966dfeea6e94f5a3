import { normaliseNameWords } from '../identity/name-normalisation.ts';
import { phoneticKey, softSpelling } from '../identity/phonetic-key.ts';
import { COMMON_NAME_PARTS, ORDINARY_INDIC_WORDS, ORDINARY_WORDS } from './guard-words.ts';
import type { GuardFindingKind } from './identity-leak-guard.ts';
import { indicToLatin, isIndicScript } from './indic-latin.ts';

/**
 * Names and places in a story, the guard's fuzzy part: a story's words and the identifiers are
 * folded the same way (Latin spelling of Bengali and Devanagari, similar-person search's
 * normalisation and phonetic keys) and compared within a small edit distance.
 */

export interface Word {
  start: number;
  end: number;
  latin: string;
  phonetic: string;
  soft: string;
  indic: boolean;
  /** An everyday word, never a name on its own unless it spells one exactly. */
  ordinary: boolean;
}

type WordForms = Pick<Word, 'latin' | 'phonetic' | 'soft' | 'indic' | 'ordinary'>;

/** Each distinct word is folded once: stories repeat their words, and folding is the cost. */
export function wordsOf(text: string): Word[] {
  const forms = new Map<string, WordForms>();
  const words: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{M}]+/gu)) {
    const raw = match[0];
    let form = forms.get(raw);
    if (!form) {
      const indic = isIndicScript(raw);
      const latin = normaliseNameWords(indic ? indicToLatin(raw) : raw).join('');
      const ordinary = indic
        ? ORDINARY_INDIC_WORDS.has(raw.normalize('NFC'))
        : ORDINARY_WORDS.has(latin);
      form =
        latin.length < 3
          ? { latin, phonetic: '', soft: '', indic, ordinary }
          : { latin, phonetic: phoneticKey(latin), soft: softSpelling(latin), indic, ordinary };
      forms.set(raw, form);
    }
    words.push({ start: match.index, end: match.index + raw.length, ...form });
  }
  return words;
}

export interface NameKey {
  word: string;
  phonetic: string;
  soft: string;
  kind: GuardFindingKind;
}

export function keysOf(text: string, kind: GuardFindingKind): NameKey[] {
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
export function nameMatches(word: Word, key: NameKey): boolean {
  if (word.latin.length < 3) return false;
  if (word.latin === key.word) return true;
  if (word.ordinary) return false;
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
