/**
 * Normalisation of Indian names written in Latin script, before anything is hashed.
 *
 * The same woman is written "Md. Rahima Khatun" at the police station, "Mohammad Rohima Khatoon"
 * at the shelter and "RAHIMA KHATUN" on a voter card. Matching must see past spelling, so every
 * name goes through the same steps (documented in docs/identity-matching.md):
 *
 * 1. Unicode NFKD with combining marks removed, lower case, anything but letters becomes a space.
 * 2. Honorifics and relation words are dropped (Smt, Shri, Mr, Mrs, Miss, Ms, Dr, Late, alias, urf,
 *    d/o, s/o, w/o …): they say nothing about who the person is.
 * 3. Common written variants are mapped to one form: Md/Mohd/Muhammad/Mohammed → mohammad,
 *    Sk/Shaikh/Sheik → sheikh, Kr/Kum → kumari, Begam → begum, Khatoon → khatun, Bibi/Biwi → bibi.
 *
 * Words in Bengali or Devanagari script are first written in Latin (indic-transliteration.ts), so
 * every step after that sees one script.
 */
import { transliterateIndicName } from './indic-transliteration.ts';

const DROPPED_WORDS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'smt',
  'shrimati',
  'srimati',
  'shrimti',
  'shri',
  'sri',
  'shree',
  'sree',
  'dr',
  'late',
  'alias',
  'urf',
  'do',
  'so',
  'wo',
  'co',
  'baby',
  'master',
]);

const VARIANTS: Readonly<Record<string, string>> = {
  md: 'mohammad',
  mohd: 'mohammad',
  mhd: 'mohammad',
  mohammed: 'mohammad',
  muhammad: 'mohammad',
  muhammed: 'mohammad',
  mohamad: 'mohammad',
  mohamed: 'mohammad',
  mahammad: 'mohammad',
  mahamad: 'mohammad',
  sk: 'sheikh',
  shk: 'sheikh',
  shaikh: 'sheikh',
  sheik: 'sheikh',
  shekh: 'sheikh',
  seikh: 'sheikh',
  shaik: 'sheikh',
  kr: 'kumari',
  kum: 'kumari',
  kmr: 'kumari',
  begam: 'begum',
  khatoon: 'khatun',
  khaton: 'khatun',
  bibee: 'bibi',
  biwi: 'bibi',
};

/** The words of a name, normalised as described above; empty when nothing is left. */
export function normaliseNameWords(name: string): string[] {
  const plain = transliterateIndicName(name)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // "d/o", "s/o", "w/o" are written with a slash; join them so step 2 can drop them.
    .replace(/\b([dswc])\s*\/\s*o\b/g, '$1o')
    .replace(/[^a-z]+/g, ' ');
  const words: string[] = [];
  for (const word of plain.split(' ')) {
    if (word.length === 0 || DROPPED_WORDS.has(word)) continue;
    words.push(VARIANTS[word] ?? word);
  }
  return words;
}
