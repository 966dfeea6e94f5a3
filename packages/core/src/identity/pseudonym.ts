/**
 * Pseudonyms are what everyone sees instead of a survivor's name: a common first name, so that a
 * case conference can speak of "Shapla" naturally, and a short code that makes it unique and
 * cannot be mistaken when read aloud or copied by hand (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
 * The names are common Bengali, Hindi and Nepali first names, so a pseudonym says nothing about
 * the person's own origin or religion. They are chosen at random, never derived from the name.
 *
 * The name fits the person's recorded sex (issue 12 §9): a male accused called "Sita" or a
 * woman called "Kamal" confuses a case conference and a court. Anyone recorded otherwise
 * (transgender, other, unknown) gets a name Bengali, Hindi and Nepali speakers give to anyone.
 */
// prettier-ignore
export const FEMALE_PSEUDONYM_NAMES = [
  // Bengali
  'Aparna', 'Arpita', 'Bakul', 'Bela', 'Bithi', 'Champa', 'Chaitali', 'Dipa', 'Doyel', 'Durba',
  'Esha', 'Jhuma', 'Joba', 'Kakoli', 'Kankana', 'Koel', 'Labani', 'Mahua', 'Malati', 'Mitali',
  'Moumita', 'Nandini', 'Oindrila', 'Papiya', 'Piyali', 'Poulami', 'Rupa', 'Sabita', 'Shapla',
  'Sharmila', 'Shikha', 'Shiuli', 'Sonali', 'Sraboni', 'Sudipa', 'Tania', 'Tumpa', 'Urmila',
  'Pritha', 'Rimjhim', 'Shreya', 'Titli', 'Nupur', 'Bristi', 'Ishita', 'Madhuri',
  // Hindi
  'Aarti', 'Anjali', 'Asha', 'Bharti', 'Chanda', 'Deepika', 'Divya', 'Geeta', 'Heena', 'Kavita',
  'Komal', 'Lata', 'Meena', 'Neha', 'Nisha', 'Pinki', 'Pooja', 'Preeti', 'Priya', 'Radha', 'Rani',
  'Rekha', 'Ritu', 'Sapna', 'Seema', 'Shalini', 'Shanti', 'Sunita', 'Swati', 'Uma', 'Usha',
  'Vandana', 'Ankita', 'Kusum', 'Mamta', 'Nirmala', 'Pushpa', 'Rashmi', 'Savita', 'Sushma', 'Tara',
  'Vimla', 'Yamini', 'Chetna', 'Gunjan',
  // Nepali
  'Anisha', 'Bimala', 'Binita', 'Dhanmaya', 'Gita', 'Goma', 'Januka', 'Kabita', 'Kalpana', 'Laxmi',
  'Manisha', 'Mina', 'Nirmaya', 'Pabitra', 'Pramila', 'Puja', 'Rojina', 'Sabina', 'Sangita',
  'Sarita', 'Sita', 'Srijana', 'Sushila', 'Tulsi', 'Sabitri', 'Alina', 'Bandana', 'Dikshya',
  'Junu', 'Karuna', 'Pratima', 'Rachana', 'Samjhana', 'Shristi', 'Yangchen', 'Dolma',
] as const;

// prettier-ignore
export const MALE_PSEUDONYM_NAMES = [
  // Bengali
  'Bijoy', 'Anik', 'Arnab', 'Babu', 'Debu', 'Palash', 'Raju', 'Sanju', 'Tapan', 'Tuhin',
  'Abhijit', 'Biswajit', 'Dipankar', 'Gopal', 'Jayanta', 'Kartik', 'Mrinal', 'Partha', 'Ratan',
  'Samir', 'Subhas', 'Tanmoy',
  // Hindi
  'Anil', 'Deepak', 'Manoj', 'Mohan', 'Pankaj', 'Rahul', 'Ravi', 'Sanjay', 'Sunil', 'Vijay',
  'Ajay', 'Dinesh', 'Gaurav', 'Hemant', 'Rakesh', 'Santosh', 'Umesh', 'Vinod',
  // Nepali
  'Bikash', 'Dipesh', 'Kamal', 'Nabin', 'Prakash', 'Ramesh', 'Sagar', 'Suraj', 'Bishnu', 'Hari',
  'Roshan', 'Sujan', 'Bibek',
] as const;

/** Names given to girls and boys alike in Bengal, north India and Nepal. */
// prettier-ignore
export const NEUTRAL_PSEUDONYM_NAMES = [
  'Kiran', 'Suman', 'Kajal', 'Mithu', 'Sonam', 'Jyoti', 'Pasang', 'Nima', 'Tashi', 'Karma',
  'Tenzin', 'Lhakpa', 'Pemba', 'Dawa',
] as const;

export const PSEUDONYM_NAMES = [
  ...FEMALE_PSEUDONYM_NAMES,
  ...MALE_PSEUDONYM_NAMES,
  ...NEUTRAL_PSEUDONYM_NAMES,
] as const;

export const PSEUDONYM_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY3479';
export const PSEUDONYM_CODE_LENGTH = 4;

/** The names that fit a recorded sex: female or male, and a neutral list for anything else. */
export function pseudonymNamesFor(sex: string): readonly string[] {
  if (sex === 'female') return FEMALE_PSEUDONYM_NAMES;
  if (sex === 'male') return MALE_PSEUDONYM_NAMES;
  return NEUTRAL_PSEUDONYM_NAMES;
}

/**
 * A pseudonym for a person of the recorded `sex`. `randomBelow(n)` returns an integer in [0, n);
 * the server passes crypto.randomInt.
 */
export function generatePseudonym(
  randomBelow: (maxExclusive: number) => number,
  sex: string,
): string {
  const names = pseudonymNamesFor(sex);
  const name = names[randomBelow(names.length)] ?? names[0] ?? 'Kiran';
  let code = '';
  for (let index = 0; index < PSEUDONYM_CODE_LENGTH; index += 1) {
    code += PSEUDONYM_CODE_ALPHABET.charAt(randomBelow(PSEUDONYM_CODE_ALPHABET.length));
  }
  return `${name}-${code}`;
}
