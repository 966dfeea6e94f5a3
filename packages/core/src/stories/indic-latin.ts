/**
 * A rough Latin spelling of a Bengali or Devanagari word, so that the identity-leak guard can
 * compare a name written "রহিমা" or "रहीमा" with "Rahima" through the same normalisation and
 * phonetic folding as similar-person search. It is not a transliteration standard: it only has to
 * land on the same phonetic key as the usual Latin spellings. The inherent vowel is written "a"
 * and dropped at the end of a word (Rahim, not Rahima, for রহিম).
 */
const CONSONANTS: Readonly<Record<string, string>> = {
  // Bengali
  ক: 'k',
  খ: 'kh',
  গ: 'g',
  ঘ: 'gh',
  ঙ: 'ng',
  চ: 'ch',
  ছ: 'chh',
  জ: 'j',
  ঝ: 'jh',
  ঞ: 'n',
  ট: 't',
  ঠ: 'th',
  ড: 'd',
  ঢ: 'dh',
  ণ: 'n',
  ত: 't',
  থ: 'th',
  দ: 'd',
  ধ: 'dh',
  ন: 'n',
  প: 'p',
  ফ: 'ph',
  ব: 'b',
  ভ: 'bh',
  ম: 'm',
  য: 'j',
  র: 'r',
  ল: 'l',
  শ: 'sh',
  ষ: 'sh',
  স: 's',
  হ: 'h',
  ড়: 'r',
  ঢ়: 'rh',
  য়: 'y',
  ৎ: 't',
  // Devanagari
  क: 'k',
  ख: 'kh',
  ग: 'g',
  घ: 'gh',
  ङ: 'ng',
  च: 'ch',
  छ: 'chh',
  ज: 'j',
  झ: 'jh',
  ञ: 'n',
  ट: 't',
  ठ: 'th',
  ड: 'd',
  ढ: 'dh',
  ण: 'n',
  त: 't',
  थ: 'th',
  द: 'd',
  ध: 'dh',
  न: 'n',
  प: 'p',
  फ: 'ph',
  ब: 'b',
  भ: 'bh',
  म: 'm',
  य: 'y',
  र: 'r',
  ल: 'l',
  व: 'v',
  श: 'sh',
  ष: 'sh',
  स: 's',
  ह: 'h',
  ड़: 'r',
  ढ़: 'rh',
  क़: 'k',
  ख़: 'kh',
  ग़: 'g',
  ज़: 'z',
  फ़: 'f',
};

const VOWELS: Readonly<Record<string, string>> = {
  অ: 'a',
  আ: 'a',
  ই: 'i',
  ঈ: 'i',
  উ: 'u',
  ঊ: 'u',
  ঋ: 'ri',
  এ: 'e',
  ঐ: 'oi',
  ও: 'o',
  ঔ: 'ou',
  अ: 'a',
  आ: 'a',
  इ: 'i',
  ई: 'i',
  उ: 'u',
  ऊ: 'u',
  ऋ: 'ri',
  ए: 'e',
  ऐ: 'ai',
  ओ: 'o',
  औ: 'au',
};

const VOWEL_SIGNS: Readonly<Record<string, string>> = {
  'া': 'a',
  'ি': 'i',
  'ী': 'i',
  'ু': 'u',
  'ূ': 'u',
  'ৃ': 'ri',
  'ে': 'e',
  'ৈ': 'oi',
  'ো': 'o',
  'ৌ': 'ou',
  'ा': 'a',
  'ि': 'i',
  'ी': 'i',
  'ु': 'u',
  'ू': 'u',
  'ृ': 'ri',
  'े': 'e',
  'ै': 'ai',
  'ो': 'o',
  'ौ': 'au',
};

const VIRAMAS = new Set(['্', '्']);
const NUKTAS = new Set(['\u09BC', '\u093C']);
// Anusvara and candrabindu sound as a nasal; visarga and nukta add nothing a key keeps.
const NASALS = new Set(['ং', 'ঁ', 'ं', 'ँ']);

/** Bengali or Devanagari letters in a word. */
export function isIndicScript(word: string): boolean {
  return /[\u0900-\u09FF]/u.test(word);
}

export function indicToLatin(word: string): string {
  const letters = Array.from(word.normalize('NFC'));
  let out = '';
  for (let index = 0; index < letters.length; index += 1) {
    let letter = letters[index] ?? '';
    // NFC writes য়, ড়, ক़ … as a letter and a nukta: read them as one letter.
    if (NUKTAS.has(letters[index + 1] ?? '')) {
      letter = `${letter}${letters[index + 1] ?? ''}`;
      index += 1;
    }
    const consonant = CONSONANTS[letter] ?? CONSONANTS[letter.normalize('NFC')];
    if (consonant !== undefined) {
      out += consonant;
      const next = letters[index + 1] ?? '';
      const followedBySign = VOWEL_SIGNS[next] !== undefined || VIRAMAS.has(next);
      const isLast = index === letters.length - 1 || !/[\u0900-\u09FF]/u.test(next);
      if (!followedBySign && !isLast) out += 'a';
      continue;
    }
    // A vowel letter after a vowel glides: হাওড়া is Howrah, খাওয়া khawa.
    if ((letter === 'ও' || letter === 'ओ') && index > 0 && /[aeiou]$/.test(out)) {
      out += 'ow';
      continue;
    }
    const vowel = VOWELS[letter] ?? VOWEL_SIGNS[letter];
    if (vowel !== undefined) {
      out += vowel;
      continue;
    }
    if (NASALS.has(letter)) out += 'n';
  }
  return out;
}
