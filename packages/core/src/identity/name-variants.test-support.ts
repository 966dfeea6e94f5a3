/**
 * A generated set of Indian names and of the spelling variants that real records hold, used to
 * measure similar-person search (docs/identity-matching.md reports the figure). Every name here is
 * a common given name or surname combined at random: no real person is described.
 */
// prettier-ignore
export const GIVEN_NAMES = [
  'Rina', 'Puja', 'Shobha', 'Rekha', 'Laxmi', 'Priyanka', 'Moushumi', 'Sabina', 'Rahima', 'Jasmina',
  'Nasreen', 'Devi', 'Kavita', 'Sunita', 'Anjali', 'Bithika', 'Champa', 'Dipali', 'Farida', 'Gauri',
  'Hasina', 'Ishrat', 'Jyotsna', 'Kalpana', 'Mamata', 'Nilima', 'Parbati', 'Rajeshwari', 'Sahana',
  'Tanushree', 'Bhabani', 'Chhanda', 'Dhanmaya', 'Gita', 'Kusum', 'Meena', 'Ruksana', 'Salma',
  'Tahmina', 'Vandana', 'Yasmin', 'Zarina', 'Anwara', 'Sultana', 'Mousumi', 'Sharmistha', 'Supriya',
  'Madhabi', 'Sumitra', 'Bishakha', 'Pampa', 'Arati', 'Sabitri', 'Khadija', 'Roshni', 'Pinky',
  'Sapna', 'Ritu', 'Karishma', 'Shabnam',
];
// prettier-ignore
export const FAMILY_NAMES = [
  'Khatun', 'Bibi', 'Begum', 'Mondal', 'Das', 'Dutta', 'Ghosh', 'Mukherjee', 'Chatterjee', 'Biswas',
  'Sheikh', 'Mohammad', 'Sardar', 'Halder', 'Naskar', 'Purkait', 'Mallick', 'Gayen', 'Bhattacharya',
  'Chowdhury', 'Roy', 'Sarkar', 'Pramanik', 'Laskar', 'Molla', 'Tamang', 'Gurung', 'Thapa', 'Rai',
  'Kumari', 'Yadav', 'Singh', 'Sharma', 'Paswan', 'Mahato', 'Oraon', 'Munda', 'Baskey', 'Hembram',
  'Kisku',
];

type Variant = readonly [name: string, pattern: RegExp, replacement: string];

/** Spelling variants seen in Indian records, each as a rewrite of one occurrence. */
export const VARIANTS: readonly Variant[] = [
  ['long i written ee', /i(?=[^aeiou])/i, 'ee'],
  ['ee written i', /ee/i, 'i'],
  ['u written oo', /u/i, 'oo'],
  ['oo written u', /oo/i, 'u'],
  ['a written aa', /a(?=[^aeiou])/i, 'aa'],
  ['v written b', /v/i, 'b'],
  ['b written v', /b(?!h)/i, 'v'],
  ['w written v', /w/i, 'v'],
  ['sh written s', /sh/i, 's'],
  ['s written sh', /s(?!h)/i, 'sh'],
  ['aspirate dropped (bh)', /bh/i, 'b'],
  ['aspirate dropped (kh)', /kh/i, 'k'],
  ['aspirate dropped (th)', /th/i, 't'],
  ['aspirate dropped (dh)', /dh/i, 'd'],
  ['aspirate added (chh)', /ch(?!h)/i, 'chh'],
  ['o written a (Mondal/Mandal)', /o/i, 'a'],
  ['a written o', /a(?=.)/i, 'o'],
  ['u written a (Dutta/Datta)', /u/i, 'a'],
  ['double consonant single', /([bcdfgklmnprst])\1/i, '$1'],
  ['single consonant doubled', /([dtlmn])(?=[aeiou])/i, '$1$1'],
  ['final a dropped', /a$/i, ''],
  ['final a added', /([^aeiou])$/i, '$1a'],
  ['y dropped before vowel', /y(?=[aeiou])/i, ''],
  ['ph written f', /ph/i, 'f'],
  ['z written j', /z/i, 'j'],
  ['x written ksh', /x/i, 'ksh'],
  ['ksh written x', /ksh/i, 'x'],
  ['ou written ow', /ou/i, 'ow'],
  ['ou written au', /ou/i, 'au'],
  ['ee written ea', /ee/i, 'ea'],
];

/** Whole-name variants: abbreviations, honorifics and case. */
export const NAME_VARIANTS: readonly (readonly [
  name: string,
  rewrite: (full: string) => string,
])[] = [
  ['Mohammad abbreviated Md.', (full) => full.replace(/\bMohammad\b/, 'Md.')],
  ['Sheikh abbreviated Sk', (full) => full.replace(/\bSheikh\b/, 'Sk')],
  ['Kumari abbreviated Kr.', (full) => full.replace(/\bKumari\b/, 'Kr.')],
  ['Khatun written Khatoon', (full) => full.replace(/\bKhatun\b/, 'Khatoon')],
  ['Begum written Begam', (full) => full.replace(/\bBegum\b/, 'Begam')],
  ['honorific added', (full) => `Smt. ${full}`],
  ['written in capitals', (full) => full.toUpperCase()],
  ['written with a relation', (full) => `${full} d/o Late Sri`],
];

/** The same numbers on every run (Mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

/** One spelling variant of `name`, changed by one or two rewrites that apply to it. */
export function spellingVariant(random: () => number, name: string): string {
  const rewrites = 1 + Math.floor(random() * 2);
  let variant = name;
  for (let applied = 0, attempts = 0; applied < rewrites && attempts < 40; attempts += 1) {
    const words = variant.split(' ');
    const index = Math.floor(random() * words.length);
    const word = words[index] ?? '';
    const [, pattern, replacement] = pick(random, VARIANTS);
    const rewritten = word.replace(pattern, replacement);
    if (rewritten === word || rewritten.length < 2) continue;
    words[index] = rewritten;
    variant = words.join(' ');
    applied += 1;
  }
  const [, rewrite] = pick(random, NAME_VARIANTS);
  return random() < 0.3 ? rewrite(variant) : variant;
}
