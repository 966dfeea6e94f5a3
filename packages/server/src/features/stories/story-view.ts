import type { Executor } from '../care-cases/care-case.repository.ts';
import {
  currentVersions,
  imageOf,
  readBacksOf,
  storyConsents,
  type StoryRow,
  type StoryVersionRow,
} from './story.repository.ts';
import type { StoryView } from './story.schemas.ts';

/** A story as the API shows it: its current texts, read-backs, consents and image. */

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export async function toStoryView(db: Executor, story: StoryRow): Promise<StoryView> {
  const [versions, readBacks, consents, image] = await Promise.all([
    currentVersions(db, [story.id]),
    readBacksOf(db, story.id),
    storyConsents(db, [story.id]),
    imageOf(db, story.id),
  ]);
  return {
    image: image
      ? {
          kind: image.kind,
          documentId: image.document_id,
          width: image.width,
          height: image.height,
          sha256: image.sha256,
          attachedAt: new Date(image.attached_at).toISOString(),
        }
      : null,
    id: story.id,
    careCaseId: story.care_case_id,
    publicPseudonym: story.public_pseudonym,
    originalLanguage: story.original_language,
    rescueYear: story.rescue_year,
    status: story.status,
    approvedAt: iso(story.approved_at),
    updatedAt: new Date(story.updated_at).toISOString(),
    texts: versions.map(toVersionView),
    readBacks: readBacks.map((row) => ({
      readAt: new Date(row.read_at).toISOString(),
      readBy: row.read_by,
      readByName: row.read_by_name,
      language: row.language,
      decision: row.decision,
      changesRequested: row.changes_requested,
      versionHashes: row.version_hashes,
    })),
    consents: consents.flatMap((row) =>
      row.channel && row.story_id
        ? [
            {
              id: row.id,
              channel: row.channel,
              givenAt: new Date(row.given_at).toISOString(),
              language: row.language,
              withdrawnAt: iso(row.withdrawn_at),
              active: row.active,
            },
          ]
        : [],
    ),
  };
}

export function toVersionView(row: StoryVersionRow) {
  return {
    language: row.language,
    version: row.version,
    title: row.title,
    body: row.body,
    aspirations: row.aspirations,
    interests: row.interests,
    sha256: row.sha256,
    savedAt: new Date(row.saved_at).toISOString(),
  };
}
