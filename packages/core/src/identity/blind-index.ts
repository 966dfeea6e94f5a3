import type { MatchTokenKind } from './match-tokens.ts';

/**
 * How many bits of each keyed token hash are stored (issue 15, finding 11), in the manner
 * CipherSweet documents for truncated blind indexes: few enough that many different tokens share
 * each stored value, so equal values in a stolen database do not prove equal names or phones;
 * enough that similar-person search still ranks the right person first (the trade-off is measured
 * in blind-index.test.ts and docs/identity-matching.md).
 *
 * Each kind is sized to its vocabulary: name words (tens of thousands across the programme's
 * states) and phonetic keys and trigrams (thousands) share a stored value with at least one other
 * real token; phones (one or more per person) share one with others from about a million persons;
 * birth years (about a hundred) with two or three others. A pair of two phonetic keys keeps 16
 * bits, fewer than the 22 of its two keys, which are stored beside it: an equal pair says little
 * more than the two equal keys already do, yet it is selective enough that a common full name's
 * pair is read as one short list (about 15 chance postings per value at a million persons).
 */
export const BLIND_INDEX_BITS: Readonly<Record<MatchTokenKind, number>> = {
  name: 13,
  phonetic: 11,
  trigram: 11,
  phone: 20,
  birth_year: 5,
  pair: 16,
};

/** The first `bits` bits of a digest (at most 32), as a short base-36 string. */
export function truncateBlindIndex(digest: Uint8Array, bits: number): string {
  if (!Number.isInteger(bits) || bits < 1 || bits > 32 || digest.length < 4)
    throw new Error('a blind index keeps between 1 and 32 bits of a digest of at least 4 bytes');
  const first =
    ((digest[0] ?? 0) * 2 ** 24 +
      ((digest[1] ?? 0) << 16) +
      ((digest[2] ?? 0) << 8) +
      (digest[3] ?? 0)) >>>
    0;
  return Math.floor(first / 2 ** (32 - bits)).toString(36);
}
