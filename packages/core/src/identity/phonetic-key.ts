/**
 * A phonetic key for one normalised name word, tuned to Indian names in Latin script.
 *
 * Spellings of one spoken name differ mostly in vowels (Reena/Rina, Pooja/Puja, Mondal/Mandal,
 * Dutta/Datta, Mukherjee/Mukharji) and in consonants that scripts or regions write differently:
 * aspirates (Shobha/Sobha, Rekha/Reka), v/b/w (Devi/Debi, Biswas/Viswas), sh/s, z/j, ph/f,
 * x/ks (Laxmi/Lakshmi), q/k, doubled letters (Dutta/Duta). The key keeps the first letter's
 * sound and the consonant skeleton after folding those pairs, and drops the other vowels.
 * It is deliberately lossy: it finds candidates, and trigrams and whole words rank them.
 */
const DIGRAPHS: readonly (readonly [string, string])[] = [
  ['ksh', 'ks'],
  ['chh', 'C'],
  ['ch', 'C'],
  ['sh', 's'],
  ['ph', 'f'],
  ['bh', 'b'],
  ['kh', 'k'],
  ['gh', 'g'],
  ['jh', 'j'],
  ['th', 't'],
  ['dh', 'd'],
  ['rh', 'r'],
  ['ck', 'k'],
];

const LETTERS: Readonly<Record<string, string>> = {
  v: 'b',
  w: 'b',
  z: 'j',
  q: 'k',
  c: 'k',
  x: 'ks',
  C: 'c',
};

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

export function phoneticKey(word: string): string {
  let folded = word;
  // Split and joined only where the digraph is (issue 11: thirteen splits a word were most of a
  // search's tokenising); the same string either way.
  for (const [from, to] of DIGRAPHS)
    if (folded.includes(from)) folded = folded.split(from).join(to);
  // A final h after a vowel is silent in these spellings (Shah/Sha, Rekhah is rare but exists).
  folded = folded.replace(/([aeiouy])h$/, '$1');
  let key = '';
  for (let index = 0; index < folded.length; index += 1) {
    const letter = folded.charAt(index);
    const isVowel = VOWELS.has(letter);
    if (isVowel) {
      // Keep a leading vowel as one class: Indira/Endira are rare, Ashok/Asok common.
      if (index === 0) key += 'a';
      continue;
    }
    if (letter === 'h') continue;
    const sound = LETTERS[letter] ?? letter;
    if (!key.endsWith(sound)) key += sound;
  }
  return key.length > 0 ? key : 'a';
}

/**
 * A softer spelling for trigrams: vowel length and the commonest digraphs folded, but vowels kept,
 * so that trigrams still tell Rina from Rana.
 */
export function softSpelling(word: string): string {
  let soft = word
    .replace(/ee|ii|ie|ea/g, 'i')
    .replace(/oo|uu/g, 'u')
    .replace(/ou|au|ow|aw/g, 'o')
    .replace(/aa/g, 'a')
    .replace(/y(?=[aeiou]|$)/g, (match, offset: number) => (offset === 0 ? match : 'i'));
  for (const [from, to] of DIGRAPHS) if (soft.includes(from)) soft = soft.split(from).join(to);
  soft = soft
    .replace(/[vw]/g, 'b')
    .replace(/z/g, 'j')
    .replace(/q|c(?!h)/g, 'k')
    .replace(/C/g, 'c')
    .replace(/x/g, 'ks')
    .replace(/o/g, 'a')
    .replace(/(.)\1+/g, '$1')
    .replace(/([^aeiou])h/g, '$1');
  // Schwa deletion: Krishna/Krishn, Rama/Ram.
  if (soft.length > 3) soft = soft.replace(/[ah]$/, '');
  return soft;
}
