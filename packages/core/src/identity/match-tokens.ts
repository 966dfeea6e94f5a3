import { normaliseNameWords } from './name-normalisation.ts';
import { phoneticKey, softSpelling } from './phonetic-key.ts';

/**
 * What similar-person search compares. The server hashes every value under the blind-index key
 * before it reaches the database, so only these kinds and their hashes are ever stored.
 */
export const MATCH_TOKEN_KINDS = ['name', 'phonetic', 'trigram', 'phone', 'birth_year'] as const;
export type MatchTokenKind = (typeof MATCH_TOKEN_KINDS)[number];
export interface MatchToken {
  kind: MatchTokenKind;
  value: string;
  /**
   * Which word of a query's names the token was made from (name, phonetic and trigram tokens),
   * so the candidate plan can pair a word's key with another word's trigrams. Never stored.
   */
  word?: number;
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

export function identityMatchTokens(identity: IdentityForMatching): MatchToken[] {
  const tokens = new Map<string, MatchToken>();
  const add = (kind: MatchTokenKind, value: string, word?: number) => {
    const key = `${kind}:${value}`;
    if (!tokens.has(key))
      tokens.set(key, word === undefined ? { kind, value } : { kind, value, word });
  };
  let index = 0;
  for (const name of identity.names) {
    for (const word of normaliseNameWords(name)) {
      if (word.length < MIN_WORD_LENGTH) continue;
      add('name', word, index);
      add('phonetic', phoneticKey(word), index);
      for (const gram of trigrams(softSpelling(word))) add('trigram', gram, index);
      index += 1;
    }
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
