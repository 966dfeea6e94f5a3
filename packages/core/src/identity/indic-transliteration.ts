import sanscriptModule from '@indic-transliteration/sanscript';

/**
 * The package is CommonJS and its module.exports is the API; its types declare an ES default
 * export instead, which Node and Vite both give as module.exports.
 */
const Sanscript = sanscriptModule as unknown as {
  t(data: string, from: string, to: string): string;
};

/**
 * Names written in Bengali or Devanagari script, turned into the Latin spelling an office would
 * type, so that "রিনা মণ্ডল", "रीना मंडल" and "Reena Mondal" make the same matching tokens.
 *
 * Sanscript does the letter-by-letter work (to IAST). It transliterates Sanskrit, not names as
 * they are spoken in Bengal or Bihar, so Dawn folds on top of it (docs/identity-matching.md):
 * - inherent vowel deletion: a word's last bare consonant has no vowel (খাতুন → khatun, not
 *   khatuna), nor a medial one between two spoken vowels (সরকার → sarkar, राजकुमार → rajkumar);
 * - Bengali has one letter ব for b and v: it is b, and w after a consonant (বিশ্বাস → bishwas);
 *   ও before য় is w (ওয়াসিম → wasim, পাসওয়ান → paswan), ো before য়া is ow (আনোয়ারা →
 *   anowara); ভ stays bh, which the phonetic key folds with v;
 * - Bengali য is j at the start of a word or after a vowel (যাদব → jadab), য় is y;
 * - nukta: ড়/ঢ়/ड़/ढ़ are r, other nukta letters lose the dot (ज़ → j, which the key folds with z);
 * - chandrabindu is n (চাঁদ → chand), visarga is dropped; anusvara is m before p, b, m, n before
 *   k, g, ng before h (सिंह → singh), otherwise n in Devanagari and ng in Bengali (বাংলা → bangla);
 * - Bengali ya-phala before া is silent (চ্যাটার্জী → chatarji).
 */

const BENGALI = /[\u0980-\u09FF]/;
const DEVANAGARI = /[\u0900-\u097F]/;
const INDIC_WORD = /[\u0900-\u09FF]+/g;

type Script = 'bengali' | 'devanagari';

/** Consonant letters of each block (without nukta forms), for inherent-vowel deletion. */
const CONSONANT = /[\u0915-\u0939\u0995-\u09B9\u09DC-\u09DF]/;
/** Vowel signs, virama and the marks that follow a consonant inside one syllable. */
const DEPENDENT = /[\u0900-\u0903\u093E-\u094D\u0981-\u0983\u09BE-\u09CD\u09D7]/;
const ZWNJ = '\u200C';
const VIRAMA: Record<Script, string> = { bengali: '\u09CD', devanagari: '\u094D' };

function preFold(word: string, script: Script): string {
  let folded = word.normalize('NFC');
  if (script === 'bengali') {
    folded = folded
      .replace(/\u09AF\u09BC/g, '\u09DF') // য় as one letter (ẏ in IAST)
      .replace(/[\u09A1\u09A2]\u09BC|[\u09DC\u09DD]/g, '\u09B0') // ড় ঢ় → র
      .replace(/\u09BC/g, '')
      .replace(/\u09CE/g, '\u09A4\u09CD') // ৎ → ত্
      .replace(/(?<=[\u0995-\u09B9])\u09CD\u09AF(?=\u09BE)/g, '') // চ্যা: ya-phala before া is silent
      .replace(/\u0981/g, '\u09A8\u09CD') // chandrabindu is written n (চাঁদ → chand)
      .replace(/\u0983/g, ''); // visarga
  } else {
    folded = folded
      .replace(/[\u0921\u0922]\u093C|[\u095C\u095D]/g, '\u0930') // ड़ ढ़ → र
      .replace(/\u093C/g, '')
      .replace(/[\u0958-\u095B\u095E\u095F]/g, (letter) =>
        // क़ ख़ ग़ ज़ फ़ य़ → their letters without the dot
        letter.normalize('NFD').replace(/\u093C/g, ''),
      )
      .replace(/\u0901/g, '\u0928\u094D')
      .replace(/\u0903/g, '');
  }
  return deleteInherentVowels(folded, script);
}

interface Syllable {
  text: string;
  /** A consonant with its inherent vowel: no vowel sign, no virama. */
  bare: boolean;
  consonant: boolean;
}

function syllables(word: string): Syllable[] {
  const units: Syllable[] = [];
  for (const character of word) {
    const last = units.at(-1);
    if (last && DEPENDENT.test(character)) {
      last.text += character;
      last.bare = false;
      continue;
    }
    // A consonant after a virama belongs to the same cluster.
    if (last && /[\u094D\u09CD]$/.test(last.text) && CONSONANT.test(character)) {
      last.text += character;
      last.bare = true;
      continue;
    }
    units.push({
      text: character,
      bare: CONSONANT.test(character),
      consonant: CONSONANT.test(character),
    });
  }
  return units;
}

/**
 * Which inherent vowels are not spoken, the way names are said in Bengal and Bihar: the last bare
 * consonant's (unless it is a conjunct, कृष्ण → krishna), and, from the right, a medial single
 * bare consonant's between a spoken vowel and a single consonant that carries a vowel (V C_ C V:
 * সরকার → sarkar, নাসরিন → nasrin, सपना → sapna), but not before a conjunct or a consonant that
 * has itself lost its vowel (কমল → kamal, জয়ন্ত → jayanta).
 */
function deleteInherentVowels(word: string, script: Script): string {
  const units = syllables(word);
  const virama = VIRAMA[script];
  const silent = units.map(() => false);
  const single = (unit: Syllable) => unit.consonant && !unit.text.includes(virama);
  const last = units.length - 1;
  const final = units[last];
  if (last > 0 && final?.bare && single(final)) silent[last] = true;
  for (let index = last - 1; index > 0; index -= 1) {
    const unit = units[index];
    const next = units[index + 1];
    const previous = units[index - 1];
    if (!unit || !next || !previous || !unit.bare || !single(unit)) continue;
    const nextSpeaksVowel = single(next) && !silent[index + 1];
    const previousSpeaksVowel = !previous.consonant || !previous.bare || !silent[index - 1];
    if (nextSpeaksVowel && previousSpeaksVowel) silent[index] = true;
  }
  // A zero-width non-joiner after a medial virama keeps the two consonants apart for the folds
  // that read clusters (Bengali ব after a consonant is w in বিশ্বাস, not in মাধবী → madhbi).
  return units
    .map((unit, index) =>
      silent[index] ? unit.text + virama + (index < last ? ZWNJ : '') : unit.text,
    )
    .join('');
}

function iastToLatin(iast: string, script: Script): string {
  let latin = iast
    .replace(/c(h?)/g, (_match, aspirate: string) => (aspirate ? 'chh' : 'ch'))
    .replace(/jñ/g, 'gy')
    .replace(/ṃ(?=[pbm])/g, 'm')
    .replace(/ṃ(?=[kg])/g, 'n')
    .replace(/ṃ(?=h)/g, 'ng')
    .replace(/ṃ/g, script === 'bengali' ? 'ng' : 'n');
  if (script === 'bengali') {
    latin = latin
      .replace(/^oẏ|(?<=[^aeiou])aoẏ/, 'w')
      .replace(/oẏ(?=[aā])/g, 'ow')
      .replace(/(^|[aāiīuūeoṛ])y/g, '$1j')
      .replace(/(?<=[kgcjṭḍtdnpbmrlśṣsh])v/g, 'w')
      .replace(/v/g, 'b');
  }
  return latin
    .replace(/[āâ]/g, 'a')
    .replace(/ī/g, 'i')
    .replace(/ū/g, 'u')
    .replace(/[ṛṝ]/g, 'ri')
    .replace(/ḷ/g, 'li')
    .replace(/[ṅñṇ]/g, 'n')
    .replace(/ṭ/g, 't')
    .replace(/ḍ/g, 'd')
    .replace(/[śṣ]/g, 'sh')
    .replace(/ḥ/g, '')
    .replace(/ẏ/g, 'y')
    .replace(/~|\u200C/g, '');
}

/** One word in Bengali or Devanagari script, in the Latin spelling described above. */
export function transliterateIndicWord(word: string): string {
  const script: Script | undefined = BENGALI.test(word)
    ? 'bengali'
    : DEVANAGARI.test(word)
      ? 'devanagari'
      : undefined;
  if (script === undefined) return word;
  return iastToLatin(Sanscript.t(preFold(word, script), script, 'iast'), script);
}

/** A name with every Bengali or Devanagari word written in Latin; Latin text is left as it is. */
export function transliterateIndicName(name: string): string {
  if (!BENGALI.test(name) && !DEVANAGARI.test(name)) return name;
  return name.replace(INDIC_WORD, (word) => transliterateIndicWord(word));
}
