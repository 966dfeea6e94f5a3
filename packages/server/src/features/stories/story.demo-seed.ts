import type { Transaction } from 'kysely';
import { STORY_CONSENT_PURPOSE } from '@dawn/core';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { versionHash } from './story-texts.ts';

/**
 * Three fictional stories for the demo organisation, approved and consented to print and to the
 * website, and a draft 2027 edition with them on its first three months. The pseudonyms and
 * every detail are invented.
 */
const STORIES = [
  {
    pseudonym: 'Shirin',
    rescueYear: 2019,
    bn: {
      title: 'শিরিনের সেলাই',
      body: 'শিরিন এখন একটি সেলাই কারখানায় সুপারভাইজার। সে বারোজন মেয়েকে কাজ শেখায় এবং নিজের দোকান খোলার স্বপ্ন দেখে।',
    },
    en: {
      title: 'Shirin’s tailoring',
      body: 'Shirin is now a supervisor in a tailoring unit. She trains twelve girls and dreams of opening her own shop.',
    },
  },
  {
    pseudonym: 'Saumya',
    rescueYear: 2020,
    bn: {
      title: 'সৌম্যর পড়াশোনা',
      body: 'সৌম্য শিক্ষিকা হওয়ার জন্য পড়াশোনা করছে। সে বলে, প্রতিটি মেয়ের স্কুলে যাওয়ার অধিকার আছে।',
    },
    en: {
      title: 'Saumya’s studies',
      body: 'Saumya is studying to be a teacher. She says every girl has the right to go to school.',
    },
  },
  {
    pseudonym: 'Jharna',
    rescueYear: 2018,
    bn: {
      title: 'ঝর্নার রান্নাঘর',
      body: 'ঝর্না একটি ক্যাফেতে রাঁধুনি। সে নতুন রান্না শিখতে ভালোবাসে এবং একদিন নিজের ক্যাফে চালাতে চায়।',
    },
    en: {
      title: 'Jharna’s kitchen',
      body: 'Jharna is a cook in a café. She loves learning new dishes and wants to run her own café one day.',
    },
  },
] as const;

export async function seedDemoStories(
  trx: Transaction<DatabaseSchema>,
  context: { organisationId: string; socialWorkerId: string; managerId: string },
): Promise<number> {
  const cases = await trx
    .selectFrom('care_case')
    .select(['id', 'person_id'])
    .where('organisation_id', '=', context.organisationId)
    .orderBy('code')
    .limit(STORIES.length)
    .execute();
  const now = new Date();
  const edition = await trx
    .insertInto('calendar_edition')
    .values({
      organisation_id: context.organisationId,
      year: 2027,
      title: 'Demo Stories of Dawn (fictional)',
      subtitle: 'Twelve months, twelve survivors who chose to tell their stories',
      created_by: context.managerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, careCase] of cases.entries()) {
    const demo = STORIES[index];
    if (!demo) break;
    const story = await trx
      .insertInto('story')
      .values({
        organisation_id: context.organisationId,
        care_case_id: careCase.id,
        person_id: careCase.person_id,
        public_pseudonym: demo.pseudonym,
        original_language: 'bn',
        rescue_year: demo.rescueYear,
        status: 'approved',
        approved_by: context.managerId,
        approved_at: now,
        created_by: context.socialWorkerId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const hashes: Record<string, string> = {};
    for (const language of ['bn', 'en'] as const) {
      const text = { language, ...demo[language], aspirations: '', interests: '' };
      hashes[language] = versionHash(text);
      await trx
        .insertInto('story_version')
        .values({
          story_id: story.id,
          language,
          version: 1,
          title: text.title,
          body: text.body,
          aspirations: '',
          interests: '',
          sha256: hashes[language],
          saved_by: context.socialWorkerId,
        })
        .execute();
    }
    await trx
      .insertInto('story_read_back')
      .values({
        story_id: story.id,
        read_at: now,
        read_by: context.socialWorkerId,
        language: 'bn',
        decision: 'agreed',
        changes_requested: null,
        version_hashes: JSON.stringify(hashes),
      })
      .execute();
    for (const channel of ['calendar_print', 'website'] as const)
      await trx
        .insertInto('consent')
        .values({
          person_id: careCase.person_id,
          case_id: careCase.id,
          purpose: STORY_CONSENT_PURPOSE,
          story_id: story.id,
          channel,
          given_at: new Date(now.getTime() - 86_400_000),
          given_by: 'survivor',
          method: 'written',
          language: 'bn',
          witness: 'shelter superintendent',
          document_reference: null,
          expires_at: null,
          recorded_by: context.socialWorkerId,
        })
        .execute();
    await trx
      .insertInto('calendar_edition_month')
      .values({
        edition_id: edition.id,
        month: index + 1,
        story_id: story.id,
        languages: ['bn', 'en'],
      })
      .execute();
  }
  return Math.min(cases.length, STORIES.length);
}
