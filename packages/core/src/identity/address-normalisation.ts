import { transliterateIndicName } from './indic-transliteration.ts';

/**
 * An address reduced to what names the premises, so two records of one place compare equal as a
 * keyed hash (issue 17): scripts transliterated, lower case, punctuation gone, common words of
 * addresses ("near", "opposite", "road", "floor" …) written one way, words sorted so their order
 * does not matter. Lossy on purpose; an address that differs in a house number is another place.
 */
const ADDRESS_WORDS: Readonly<Record<string, string>> = {
  rd: 'road',
  st: 'street',
  ln: 'lane',
  opp: 'opposite',
  nr: 'near',
  flr: 'floor',
  fl: 'floor',
  no: '',
  number: '',
  the: '',
  of: '',
  and: '',
};

export function normaliseAddress(address: string): string {
  const words = transliterateIndicName(address)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .map((word) => ADDRESS_WORDS[word] ?? word)
    .filter((word) => word.length > 0);
  return [...new Set(words)].sort().join(' ');
}
