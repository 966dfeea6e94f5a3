import { normaliseNameWords } from './name-normalisation.ts';
import { phoneticKey, softSpelling } from './phonetic-key.ts';

/**
 * What similar-person search compares. The server hashes every value under the blind-index key
 * before it reaches the database, so only these kinds and their hashes are ever stored.
 */
export const MATCH_TOKEN_KINDS = [
  'name',
  'phonetic',
  'trigram',
  'phone',
  'birth_year',
  'pair',
] as const;
export type MatchTokenKind = (typeof MATCH_TOKEN_KINDS)[number];
export interface MatchToken {
  kind: MatchTokenKind;
  value: string;
  /**
   * Which word of a query's names the token was made from (name, phonetic and trigram tokens),
   * so the candidate plan can pair a word's key with another word's trigrams. Never stored.
   */
  word?: number;
  /**
   * A `pair` token's two words (the `word` of the phonetic tokens it joins), so the candidate
   * plan can read it instead of joining those two keys' postings. Never stored.
   */
  pair?: readonly [number, number];
  /**
   * A trigram at a word's start or end (`_ri`, `na_`), which every name starting or ending alike
   * shares: the candidate plan pairs a lone key with inner trigrams first. Never stored.
   */
  edge?: true;
}

export interface IdentityForMatching {
  /** The legal name and any aliases; family members' names are not the person's and stay out. */
  names: readonly string[];
  phones: readonly string[];
  /** YYYY-MM-DD; only its year is used. */
  birthDate?: string;
  birthYear?: number;
}

/** Words shorter than this carry no identity on their own (initials such as "K." in "Rina K."). */
const MIN_WORD_LENGTH = 2;
/** A name's pairs are made from its first words only (a long name would make many). */
const PAIRED_WORDS = 4;

/** Indian numbers are compared on their last ten digits, so +91, 0 and spaces don't matter. */
export function normalisePhone(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return undefined;
  return digits.length > 10 ? digits.slice(-10) : digits;
}

function trigrams(word: string): string[] {
  const padded = `_${word}_`;
  const grams: string[] = [];
  for (let index = 0; index + 3 <= padded.length; index += 1)
    grams.push(padded.slice(index, index + 3));
  return grams;
}

/**
 * The pair tokens of one name: each two distinct phonetic keys of its first words, in a fixed
 * order, so "Rina Mondal" and "Mondal Rina" make the same one. A common full name's pair is held
 * by few people even where each key is held by thousands, so the search reads one short list
 * (docs/identity-matching.md).
 */
function pairTokens(keys: readonly { key: string; word: number }[]): MatchToken[] {
  const pairs: MatchToken[] = [];
  const first = keys.slice(0, PAIRED_WORDS);
  for (let left = 0; left < first.length; left += 1)
    for (let right = left + 1; right < first.length; right += 1) {
      const [one, other] = [first[left], first[right]].sort((a, b) =>
        (a?.key ?? '') < (b?.key ?? '') ? -1 : 1,
      );
      if (!one || !other || one.key === other.key) continue;
      pairs.push({ kind: 'pair', value: `${one.key} ${other.key}`, pair: [one.word, other.word] });
    }
  return pairs;
}

export function identityMatchTokens(identity: IdentityForMatching): MatchToken[] {
  const tokens = new Map<string, MatchToken>();
  const add = (kind: MatchTokenKind, value: string, word?: number) => {
    const key = `${kind}:${value}`;
    if (!tokens.has(key))
      tokens.set(key, word === undefined ? { kind, value } : { kind, value, word });
  };
  let index = 0;
  for (const name of identity.names) {
    const keys: { key: string; word: number }[] = [];
    for (const word of normaliseNameWords(name)) {
      if (word.length < MIN_WORD_LENGTH) continue;
      add('name', word, index);
      const key = phoneticKey(word);
      add('phonetic', key, index);
      // The word the key's token names (an earlier word's, when two words share a key).
      keys.push({ key, word: tokens.get(`phonetic:${key}`)?.word ?? index });
      for (const gram of trigrams(softSpelling(word))) {
        add('trigram', gram, index);
        const token = tokens.get(`trigram:${gram}`);
        if (gram.includes('_') && token) token.edge = true;
      }
      index += 1;
    }
    for (const pair of pairTokens(keys))
      if (!tokens.has(`pair:${pair.value}`)) tokens.set(`pair:${pair.value}`, pair);
  }
  for (const phone of identity.phones) {
    const digits = normalisePhone(phone);
    if (digits !== undefined) add('phone', digits);
  }
  const year =
    identity.birthYear ?? (identity.birthDate ? Number(identity.birthDate.slice(0, 4)) : undefined);
  if (year !== undefined && Number.isInteger(year)) add('birth_year', String(year));
  return [...tokens.values()];
}
