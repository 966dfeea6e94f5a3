import type { Client } from '../../../test/fixtures.ts';

export { signedInAs } from '../../../test/fixtures.ts';

/**
 * Builders for story tests. Every person and number here is invented. The public names used in
 * story tests (Parul, Keya, Tithi) are not among Dawn's internal pseudonym names: the guard
 * rightly refuses a public name close to the survivor's own random internal pseudonym, so a name
 * from that list would fail now and then.
 */
export const SURVIVOR_IDENTITY = {
  legalName: 'Rahima Khatun',
  aliases: ['Rumi'],
  phones: ['+91 98300 12345'],
  addresses: [{ line: 'Ward 7, Lalbagh Road', district: 'Murshidabad', state: 'West Bengal' }],
  familyNames: [{ relation: 'sister', name: 'Salma Khatun' }],
  identityDocuments: [{ type: 'aadhaar' as const, number: '1234 5678 9012' }],
};

export const CLEAN_BENGALI =
  // কৃষ্ণচূড়া: a vowel sign ৃ before a conjunct, which the PDF once printed as "কৃ ষ্ণ" to pdftotext.
  'পারুল এখন একটি সেলাই কারখানায় সুপারভাইজার। উঠোনের কৃষ্ণচূড়া গাছের নিচে সে বারোজন মেয়েকে কাজ শেখায় এবং নিজের দোকান খোলার স্বপ্ন দেখে।';
export const CLEAN_ENGLISH =
  'Parul is now a supervisor in a tailoring unit. She trains twelve girls and dreams of opening her own shop.';

/** Opens a care case for an invented survivor with an identity in the vault; returns its id. */
export async function aCaseWithIdentity(author: Client): Promise<string> {
  const opened = await author.post('/api/care-cases', {
    person: {
      sex: 'female',
      ageBand: '18-24',
      languages: ['bn'],
      originState: 'West Bengal',
      identity: SURVIVOR_IDENTITY,
    },
  });
  if (opened.statusCode !== 201) throw new Error(`open failed: ${opened.body}`);
  return opened.json<{ id: string }>().id;
}

export function storyBody(overrides: { bn?: string; en?: string; pseudonym?: string } = {}) {
  return {
    publicPseudonym: overrides.pseudonym ?? 'Parul',
    originalLanguage: 'bn',
    rescueYear: 2019,
    texts: [
      { language: 'bn', title: 'পারুলের গল্প', body: overrides.bn ?? CLEAN_BENGALI },
      { language: 'en', title: 'Parul’s story', body: overrides.en ?? CLEAN_ENGLISH },
    ],
  };
}

export const READ_BACK = {
  readAt: new Date(Date.now() - 60_000).toISOString(),
  language: 'bn',
  decision: 'agreed',
};

export function consentBody(channel: 'calendar_print' | 'website' | 'social_media') {
  return {
    channel,
    givenAt: new Date(Date.now() - 120_000).toISOString(),
    givenBy: 'survivor',
    method: 'written',
    language: 'bn',
    witnessRole: 'shelter superintendent',
  };
}
