import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  pick,
  seededRandom,
  spellingVariant,
} from '../identity/name-variants.test-support.ts';
import type { GuardFindingKind, GuardIdentifiers } from './identity-leak-guard.ts';
import type { StoryLanguage } from './story.ts';

/**
 * A generated set for the identity-leak guard (docs/stories.md reports its figures): invented
 * survivors with invented identities, clean stories in English, Bengali and Hindi, and the same
 * stories with one identifier planted. No real person is described.
 */
const COMMON = new Set(['Devi', 'Kumari', 'Bibi', 'Begum', 'Khatun', 'Mohammad', 'Sheikh']);
const SAFE_GIVEN = GIVEN_NAMES.filter((name) => !COMMON.has(name));
const SAFE_FAMILY = FAMILY_NAMES.filter(
  (name) => !COMMON.has(name) && !['Das', 'Roy', 'Rai', 'Singh'].includes(name),
);

/** Names of the set with their Bengali and Devanagari spellings. */
export const SCRIPT_SPELLINGS: Readonly<Record<string, { bn: string; hi: string }>> = {
  Rina: { bn: 'রিনা', hi: 'रीना' },
  Puja: { bn: 'পূজা', hi: 'पूजा' },
  Rekha: { bn: 'রেখা', hi: 'रेखा' },
  Rahima: { bn: 'রহিমা', hi: 'रहीमा' },
  Sabina: { bn: 'সাবিনা', hi: 'साबिना' },
  Kavita: { bn: 'কবিতা', hi: 'कविता' },
  Sunita: { bn: 'সুনীতা', hi: 'सुनीता' },
  Anjali: { bn: 'অঞ্জলি', hi: 'अंजलि' },
  Hasina: { bn: 'হাসিনা', hi: 'हसीना' },
  Mamata: { bn: 'মমতা', hi: 'ममता' },
  Gita: { bn: 'গীতা', hi: 'गीता' },
  Meena: { bn: 'মীনা', hi: 'मीना' },
  Salma: { bn: 'সালমা', hi: 'सलमा' },
  Champa: { bn: 'চম্পা', hi: 'चंपा' },
  Kusum: { bn: 'কুসুম', hi: 'कुसुम' },
  Sultana: { bn: 'সুলতানা', hi: 'सुल्ताना' },
};

export const DISTRICTS: readonly { en: string; bn: string; hi: string }[] = [
  { en: 'Murshidabad', bn: 'মুর্শিদাবাদ', hi: 'मुर्शिदाबाद' },
  { en: 'Howrah', bn: 'হাওড়া', hi: 'हावड़ा' },
  { en: 'Nadia', bn: 'নদিয়া', hi: 'नदिया' },
  { en: 'Malda', bn: 'মালদা', hi: 'मालदा' },
  { en: 'Purulia', bn: 'পুরুলিয়া', hi: 'पुरुलिया' },
  { en: 'Bankura', bn: 'বাঁকুড়া', hi: 'बांकुड़ा' },
  { en: 'Birbhum', bn: 'বীরভূম', hi: 'बीरभूम' },
  { en: 'Jalpaiguri', bn: 'জলপাইগুড়ি', hi: 'जलपाईगुड़ी' },
  { en: 'Hooghly', bn: 'হুগলি', hi: 'हुगली' },
  { en: 'Darjeeling', bn: 'দার্জিলিং', hi: 'दार्जिलिंग' },
];

const PSEUDONYMS = ['Neha', 'Saumya', 'Tara', 'Jhuma', 'Mitali', 'Bristi', 'Urmi', 'Toya'];

/** Clean sentences: what stories say (work, study, hopes), with years and small numbers only. */
const SENTENCES: Readonly<Record<StoryLanguage, readonly string[]>> = {
  en: [
    '{p} was rescued in {y} and lived for two years in a shelter home in West Bengal.',
    'Today {p} is a supervisor in a tailoring unit and trains 12 younger women.',
    'She finished her class 10 examinations with good marks.',
    'She wants to become a teacher and open a small school for girls.',
    'Her favourite subject is mathematics, and she loves to draw.',
    'She saved money every month and bought a sewing machine of her own.',
    'When she speaks to new girls at the shelter, she tells them that the future can be bright.',
    '{p} says that the court case gave her courage.',
    'She is learning computers at a vocational centre near her home.',
    'Her dream is to run a shop with three machines by 2030.',
  ],
  bn: [
    '{p} {y} সালে উদ্ধার হয়েছিল এবং পশ্চিমবঙ্গের একটি আশ্রয়গৃহে দুই বছর ছিল।',
    'আজ {p} একটি সেলাই কারখানায় সুপারভাইজার এবং ১২ জন মেয়েকে শেখায়।',
    'সে ভালো নম্বর পেয়ে দশম শ্রেণির পরীক্ষা পাস করেছে।',
    'সে শিক্ষিকা হতে চায় এবং মেয়েদের জন্য একটি ছোট স্কুল খুলতে চায়।',
    'তার প্রিয় বিষয় অঙ্ক, আর সে ছবি আঁকতে ভালোবাসে।',
    'সে প্রতি মাসে টাকা জমিয়ে নিজের একটি সেলাই মেশিন কিনেছে।',
    'আশ্রয়গৃহে নতুন মেয়েদের সে বলে যে ভবিষ্যৎ উজ্জ্বল হতে পারে।',
    '{p} বলে যে মামলাটি তাকে সাহস দিয়েছে।',
    'সে বাড়ির কাছের একটি বৃত্তিমূলক কেন্দ্রে কম্পিউটার শিখছে।',
    'তার স্বপ্ন ২০৩০ সালের মধ্যে তিনটি মেশিনের একটি দোকান চালানো।',
  ],
  hi: [
    '{p} को {y} में बचाया गया और वह पश्चिम बंगाल के एक आश्रय गृह में दो साल रही।',
    'आज {p} एक सिलाई इकाई में पर्यवेक्षक है और १२ युवतियों को सिखाती है।',
    'उसने अच्छे अंकों से दसवीं की परीक्षा पास की।',
    'वह शिक्षिका बनना चाहती है और लड़कियों के लिए एक छोटा स्कूल खोलना चाहती है।',
    'उसका पसंदीदा विषय गणित है, और उसे चित्र बनाना अच्छा लगता है।',
    'उसने हर महीने पैसे बचाकर अपनी सिलाई मशीन खरीदी।',
    'आश्रय गृह में नई लड़कियों से वह कहती है कि भविष्य उज्ज्वल हो सकता है।',
    '{p} कहती है कि मुकदमे ने उसे हिम्मत दी।',
    'वह घर के पास एक व्यावसायिक केंद्र में कंप्यूटर सीख रही है।',
    'उसका सपना २०३० तक तीन मशीनों वाली एक दुकान चलाना है।',
  ],
};

export interface GeneratedSurvivor {
  identifiers: GuardIdentifiers;
  given: string;
  sister: string;
  alias: string;
  father: string;
  phone: string;
  district: { en: string; bn: string; hi: string };
  pseudonym: string;
  rescueYear: number;
}

export function generatedSurvivor(random: () => number): GeneratedSurvivor {
  const given = pick(random, SAFE_GIVEN);
  const family = pick(random, SAFE_FAMILY);
  const others = SAFE_GIVEN.filter((name) => name !== given);
  const sister = pick(random, others);
  const alias = pick(
    random,
    others.filter((name) => name !== sister),
  );
  const father = `${pick(random, ['Abdul', 'Ramesh', 'Tapan', 'Nirmal', 'Subhash', 'Anwar'])} ${family}`;
  const phone = `98${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  const district = pick(random, DISTRICTS);
  return {
    given,
    sister,
    alias,
    father,
    phone,
    district,
    pseudonym: pick(random, PSEUDONYMS),
    rescueYear: 2012 + Math.floor(random() * 12),
    identifiers: {
      names: [
        { text: `${given} ${family}`, source: 'survivor' },
        { text: alias, source: 'alias' },
        { text: `${sister} ${family}`, source: 'family' },
        { text: father, source: 'family' },
        { text: 'Bikash Naskar', source: 'case_party' },
      ],
      phones: [phone],
      idNumbers: ['1234 5678 9012'],
      places: [district.en, `Ward 7, ${district.en} Road`, '742101'],
      allowedPlaces: ['West Bengal', 'India'],
    },
  };
}

export function cleanStory(
  random: () => number,
  survivor: GeneratedSurvivor,
  language: StoryLanguage,
  sentences = 5,
): string {
  const chosen: string[] = [];
  for (let index = 0; index < sentences; index += 1) chosen.push(pick(random, SENTENCES[language]));
  return chosen
    .join(' ')
    .replaceAll('{p}', survivor.pseudonym)
    .replaceAll('{y}', String(survivor.rescueYear));
}

export interface PlantedCase {
  label: string;
  language: StoryLanguage;
  text: string;
  planted: string;
  kind: GuardFindingKind;
}

const SCRIPT_OF: Readonly<Record<'bn' | 'hi', string>> = { bn: 'bn', hi: 'hi' };

/** One clean story with one identifier planted in it, of a kind chosen at random. */
export function plantedCase(random: () => number, survivor: GeneratedSurvivor): PlantedCase {
  const language = pick(random, ['en', 'bn', 'hi'] as const);
  const base = cleanStory(random, survivor, language, 4);
  const script = (name: string): string | undefined =>
    language === 'en' ? undefined : SCRIPT_SPELLINGS[name]?.[SCRIPT_OF[language] as 'bn' | 'hi'];
  const options: [string, string, GuardFindingKind][] = [
    ['her name, a spelling variant', spellingVariant(random, survivor.given), 'name'],
    ['her alias', survivor.alias, 'name'],
    [
      'her sister’s name, a spelling variant',
      spellingVariant(random, survivor.sister),
      'family_name',
    ],
    ['her father’s name', survivor.father, 'family_name'],
    ['the accused’s name', 'Bikash Naskar', 'case_name'],
    [
      'her phone with +91 and a space',
      `+91 ${survivor.phone.slice(0, 5)} ${survivor.phone.slice(5)}`,
      'phone',
    ],
    ['her phone with spaces', `${survivor.phone.slice(0, 5)} ${survivor.phone.slice(5)}`, 'phone'],
    ['another phone', '033 2456 7890', 'phone'],
    [
      'an exact date',
      pick(random, ['12 March 2019', '3rd June', '14/08/2018', 'October 5, 2017']),
      'date',
    ],
    ['the district of her address', survivor.district[language], 'place'],
    ['an Aadhaar-like number', '1234 5678 9012', 'id_number'],
  ];
  const sisterScript = script(survivor.sister);
  if (sisterScript) options.push(['her sister’s name in the script', sisterScript, 'family_name']);
  const givenScript = script(survivor.given);
  if (givenScript) options.push(['her name in the script', givenScript, 'name']);
  if (language !== 'en')
    options.push(['a date in the script', language === 'bn' ? '১২ মার্চ' : '१२ मार्च', 'date']);
  const [label, planted, kind] = pick(random, options);
  const connector: Record<StoryLanguage, string> = {
    en: ` She remembers ${planted} well.`,
    bn: ` সে ${planted} ভালো মনে রাখে।`,
    hi: ` उसे ${planted} अच्छी तरह याद है।`,
  };
  return { label, language, text: `${base}${connector[language]}`, planted, kind };
}

export { seededRandom };
