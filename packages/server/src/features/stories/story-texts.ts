import { createHash } from 'node:crypto';
import type { StoryLanguage } from '@dawn/core';
import type { Executor } from '../care-cases/care-case.repository.ts';
import { currentVersions, insertStoryVersions } from './story.repository.ts';
import type { StoryTextInput } from './story.schemas.ts';

/** A story's texts are versioned per language; a version is known by the SHA-256 of its fields. */

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a version's SHA-256 covers: every field of the text, in a fixed order. */
export function versionHash(text: Omit<StoryTextInput, 'language'> & { language: string }): string {
  return sha256(
    JSON.stringify([text.language, text.title, text.body, text.aspirations, text.interests]),
  );
}

export async function insertVersions(
  trx: Executor,
  storyId: string,
  userId: string,
  texts: readonly StoryTextInput[],
): Promise<StoryLanguage[]> {
  const current = new Map(
    (await currentVersions(trx, [storyId])).map((row) => [row.language, row]),
  );
  const versions = texts.flatMap((text) => {
    const hash = versionHash(text);
    const previous = current.get(text.language);
    if (previous?.sha256 === hash) return [];
    return [
      {
        story_id: storyId,
        language: text.language,
        version: (previous?.version ?? 0) + 1,
        title: text.title,
        body: text.body,
        aspirations: text.aspirations,
        interests: text.interests,
        sha256: hash,
        saved_by: userId,
      },
    ];
  });
  // Every language's new version in one statement.
  await insertStoryVersions(trx, versions);
  const changed = versions.map((version) => version.language);
  return changed;
}
