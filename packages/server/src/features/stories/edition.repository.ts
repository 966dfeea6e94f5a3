import type { Holiday, StoryLanguage } from '@dawn/core';
import type { Selectable } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { CalendarEditionTable } from '../../platform/db/schema-stories.ts';
import type { Executor } from '../care-cases/care-case.repository.ts';
import { currentVersions, hasActiveStoryConsent } from './story.repository.ts';
import { imageDataUrl } from './story-image.ts';

export type EditionRow = Selectable<CalendarEditionTable>;

/** Editions belong to an organisation; the caller sees those of their own. */
export async function findEdition(
  db: Executor,
  actor: Actor,
  editionId: string,
): Promise<EditionRow | undefined> {
  return db
    .selectFrom('calendar_edition')
    .selectAll()
    .where('id', '=', editionId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
}

/**
 * Each month's story of the editions given, with whether it may be printed now (approved and
 * consented to print): one query however many editions.
 */
export async function editionMonths(db: Executor, editionIds: readonly string[]) {
  if (editionIds.length === 0) return [];
  return db
    .selectFrom('calendar_edition_month')
    .innerJoin('story', 'story.id', 'calendar_edition_month.story_id')
    .select((eb) => [
      'calendar_edition_month.edition_id',
      'calendar_edition_month.month',
      'calendar_edition_month.story_id',
      'calendar_edition_month.languages',
      'story.public_pseudonym',
      'story.status',
      eb
        .and([
          eb('story.status', 'in', ['approved', 'published']),
          hasActiveStoryConsent('calendar_print')(eb),
        ])
        .as('printable'),
    ])
    .where('calendar_edition_month.edition_id', 'in', editionIds)
    .orderBy('calendar_edition_month.month')
    .execute();
}

export interface PrintablePage {
  month: number;
  storyId: string;
  publicPseudonym: string;
  texts: { language: StoryLanguage; title: string; body: string }[];
  image?: string | undefined;
}

/** The pages that may be printed now, with the current (approved) text of each chosen language. */
export async function printablePages(db: Executor, editionId: string): Promise<PrintablePage[]> {
  const months = (await editionMonths(db, [editionId])).filter((month) => month.printable);
  const storyIds = months.map((month) => month.story_id);
  const [versions, images] = await Promise.all([
    currentVersions(db, storyIds),
    storyIds.length === 0
      ? []
      : db
          .selectFrom('story_image')
          .select(['story_id', 'content'])
          .where('story_id', 'in', storyIds)
          .execute(),
  ]);
  const imageOf = (storyId: string) => {
    const content = images.find((image) => image.story_id === storyId)?.content;
    return content ? imageDataUrl(content) : undefined;
  };
  return months.map((month) => ({
    image: imageOf(month.story_id),
    month: month.month,
    storyId: month.story_id,
    publicPseudonym: month.public_pseudonym,
    texts: month.languages.flatMap((language) => {
      const version = versions.find(
        (row) => row.story_id === month.story_id && row.language === language,
      );
      return version ? [{ language, title: version.title, body: version.body }] : [];
    }),
  }));
}

export async function installationHolidays(db: Executor): Promise<Holiday[]> {
  const rows = await db
    .selectFrom('calendar_holiday')
    .selectAll()
    .orderBy('month')
    .orderBy('day')
    .execute();
  return rows.map((row) => ({
    month: row.month,
    day: row.day,
    names: { en: row.name_en, bn: row.name_bn, hi: row.name_hi },
  }));
}
