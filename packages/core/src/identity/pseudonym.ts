/**
 * Pseudonyms are what everyone sees instead of a survivor's name: a common first name, so that a
 * case conference can speak of "Shapla" naturally, and a short code that makes it unique and
 * cannot be mistaken when read aloud or copied by hand (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
 * The names are common Bengali, Hindi and Nepali first names, so a pseudonym says nothing about
 * the person's own origin, sex or religion. They are chosen at random, never derived from the name.
 */
// prettier-ignore
export const PSEUDONYM_NAMES = [
  // Bengali
  'Aparna', 'Arpita', 'Bakul', 'Bela', 'Bijoy', 'Bithi', 'Champa', 'Chaitali', 'Dipa', 'Doyel',
  'Durba', 'Esha', 'Jhuma', 'Joba', 'Kakoli', 'Kankana', 'Koel', 'Labani', 'Mahua', 'Malati',
  'Mitali', 'Moumita', 'Nandini', 'Oindrila', 'Papiya', 'Piyali', 'Poulami', 'Rupa', 'Sabita',
  'Shapla', 'Sharmila', 'Shikha', 'Shiuli', 'Sonali', 'Sraboni', 'Sudipa', 'Tania', 'Tumpa',
  'Urmila', 'Anik', 'Arnab', 'Babu', 'Debu', 'Kajal', 'Mithu', 'Palash', 'Raju', 'Sanju', 'Tapan',
  'Tuhin', 'Pritha', 'Rimjhim', 'Shreya', 'Titli', 'Nupur', 'Bristi', 'Ishita', 'Madhuri',
  // Hindi
  'Aarti', 'Anjali', 'Asha', 'Bharti', 'Chanda', 'Deepika', 'Divya', 'Geeta', 'Heena', 'Jyoti',
  'Kavita', 'Kiran', 'Komal', 'Lata', 'Meena', 'Neha', 'Nisha', 'Pinki', 'Pooja', 'Preeti',
  'Priya', 'Radha', 'Rani', 'Rekha', 'Ritu', 'Sapna', 'Seema', 'Shalini', 'Shanti', 'Sonam',
  'Suman', 'Sunita', 'Swati', 'Uma', 'Usha', 'Vandana', 'Anil', 'Deepak', 'Manoj', 'Mohan',
  'Pankaj', 'Rahul', 'Ravi', 'Sanjay', 'Sunil', 'Vijay', 'Ankita', 'Kusum', 'Mamta', 'Nirmala',
  'Pushpa', 'Rashmi', 'Savita', 'Sushma', 'Tara', 'Vimla', 'Yamini', 'Chetna', 'Gunjan',
  // Nepali
  'Anisha', 'Bimala', 'Binita', 'Dhanmaya', 'Gita', 'Goma', 'Januka', 'Kabita', 'Kalpana',
  'Laxmi', 'Manisha', 'Mina', 'Nirmaya', 'Pabitra', 'Pramila', 'Puja', 'Rojina', 'Sabina',
  'Sangita', 'Sarita', 'Sita', 'Srijana', 'Sushila', 'Tulsi', 'Bikash', 'Dipesh', 'Kamal',
  'Nabin', 'Prakash', 'Ramesh', 'Sagar', 'Suraj', 'Sabitri', 'Alina', 'Bandana', 'Dikshya',
  'Junu', 'Karuna', 'Pratima', 'Rachana', 'Samjhana', 'Shristi', 'Yangchen', 'Pasang', 'Dolma',
] as const;

export const PSEUDONYM_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY3479';
export const PSEUDONYM_CODE_LENGTH = 4;

/** `randomBelow(n)` returns an integer in [0, n); the server passes crypto.randomInt. */
export function generatePseudonym(randomBelow: (maxExclusive: number) => number): string {
  const name = PSEUDONYM_NAMES[randomBelow(PSEUDONYM_NAMES.length)] ?? PSEUDONYM_NAMES[0];
  let code = '';
  for (let index = 0; index < PSEUDONYM_CODE_LENGTH; index += 1) {
    code += PSEUDONYM_CODE_ALPHABET.charAt(randomBelow(PSEUDONYM_CODE_ALPHABET.length));
  }
  return `${name}-${code}`;
}
