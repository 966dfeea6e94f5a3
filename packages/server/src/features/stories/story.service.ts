import {
  DomainError,
  checkStoryForIdentifiers,
  nextStoryStatus,
  type StoryLanguage,
  type StoryStatus,
} from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import { requireStory } from './story.access.ts';
import {
  currentVersions,
  lockStory,
  storiesPage,
  storyConsents,
  versionHistory,
} from './story.repository.ts';
import type { NewStory, SaveStory, StorySummary, StoryView } from './story.schemas.ts';
import { identifiersOfSurvivor } from './story-identifiers.ts';
import { insertVersions } from './story-texts.ts';
import { toStoryView, toVersionView } from './story-view.ts';

/** The public pseudonym must not be, or sound like, a name on her record. */
async function checkPseudonym(deps: Deps, personId: string, pseudonym: string): Promise<void> {
  const identifiers = await identifiersOfSurvivor(deps, personId);
  const findings = checkStoryForIdentifiers([{ language: 'en', text: pseudonym }], {
    ...identifiers,
    phones: [],
    idNumbers: [],
    places: [],
  });
  if (findings.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'body.publicPseudonym: is too close to a name on her record; choose another with her',
      {
        issues: [
          {
            path: 'body.publicPseudonym',
            message: 'is too close to a name on her record; choose another with her',
          },
        ],
      },
    );
  }
}

export async function createStory(deps: Deps, caseId: string, input: NewStory): Promise<StoryView> {
  const { actor, careCase } = await requireCareCase(deps.db, 'story:write', caseId);
  await checkPseudonym(deps, careCase.person_id, input.publicPseudonym);
  const story = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('story')
      .values({
        organisation_id: careCase.organisation_id,
        care_case_id: careCase.id,
        person_id: careCase.person_id,
        public_pseudonym: input.publicPseudonym,
        original_language: input.originalLanguage,
        rescue_year: input.rescueYear ?? null,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const languages = await insertVersions(trx, row.id, actor.userId, input.texts);
    await recordAudit(trx, {
      action: 'story.created',
      entityType: 'story',
      entityId: row.id,
      details: { careCaseId: careCase.id, languages },
    });
    return row;
  });
  return toStoryView(deps.db, story);
}

export async function getStory(deps: Deps, storyId: string): Promise<StoryView> {
  const { story } = await requireStory(deps.db, 'story:read', storyId);
  return toStoryView(deps.db, story);
}

export async function listStories(
  deps: Deps,
  query: {
    status?: StoryStatus | undefined;
    careCaseId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ stories: StorySummary[]; nextCursor: string | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'story:read');
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await storiesPage(deps.db, actor, scope, {
    status: query.status,
    careCaseId: query.careCaseId,
    limit: query.limit,
    after: cursor,
  });
  const page = rows.slice(0, query.limit);
  const ids = page.map((row) => row.id);
  const [versions, consents] = await Promise.all([
    currentVersions(deps.db, ids),
    storyConsents(deps.db, ids),
  ]);
  const last = page.at(-1);
  return {
    stories: page.map((row) => ({
      id: row.id,
      careCaseId: row.care_case_id,
      publicPseudonym: row.public_pseudonym,
      originalLanguage: row.original_language,
      status: row.status,
      updatedAt: new Date(row.updated_at).toISOString(),
      languages: versions.filter((v) => v.story_id === row.id).map((v) => v.language),
      consentedChannels: [
        ...new Set(
          consents
            .filter((consent) => consent.story_id === row.id && consent.active && consent.channel)
            .map((consent) => consent.channel ?? 'calendar_print'),
        ),
      ],
    })),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(`${last.updated_at_key}|${last.id}`).toString('base64url')
        : null,
  };
}

const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (
    !id ||
    !UUID.test(id) ||
    !updatedAt ||
    !CURSOR_INSTANT.test(updatedAt) ||
    Number.isNaN(new Date(updatedAt).getTime())
  )
    throw new DomainError('VALIDATION_FAILED', 'query.cursor: is not a cursor from this list', {
      issues: [{ path: 'query.cursor', message: 'is not a cursor from this list' }],
    });
  return { updatedAt, id };
}

export async function saveStory(deps: Deps, storyId: string, input: SaveStory): Promise<StoryView> {
  const { actor, story } = await requireStory(deps.db, 'story:write', storyId);
  if (story.status === 'published')
    throw new DomainError(
      'CONFLICT',
      'This story is in a printed edition: its text can no longer change.',
    );
  if (input.publicPseudonym && input.publicPseudonym !== story.public_pseudonym)
    await checkPseudonym(deps, story.person_id, input.publicPseudonym);
  const updated = await deps.db.transaction().execute(async (trx) => {
    const locked = await lockStory(trx, storyId);
    const languages = await insertVersions(trx, storyId, actor.userId, input.texts);
    const pseudonymChanged =
      input.publicPseudonym !== undefined && input.publicPseudonym !== locked.public_pseudonym;
    const yearChanged = input.rescueYear !== undefined && input.rescueYear !== locked.rescue_year;
    const changed = languages.length > 0 || pseudonymChanged || yearChanged;
    if (!changed) return locked;
    const status = nextStoryStatus(locked.status, 'edit') ?? locked.status;
    const row = await trx
      .updateTable('story')
      .set({
        ...(input.publicPseudonym ? { public_pseudonym: input.publicPseudonym } : {}),
        ...(input.rescueYear !== undefined ? { rescue_year: input.rescueYear } : {}),
        status,
        approved_at: status === 'draft' ? null : locked.approved_at,
        approved_by: status === 'draft' ? null : locked.approved_by,
        updated_at: new Date(),
      })
      .where('id', '=', storyId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'story.texts_saved',
      entityType: 'story',
      entityId: storyId,
      details: { languages, status, previousStatus: locked.status },
    });
    return row;
  });
  return toStoryView(deps.db, updated);
}

export async function storyVersions(deps: Deps, storyId: string, language: StoryLanguage) {
  const { story } = await requireStory(deps.db, 'story:read', storyId);
  const rows = await versionHistory(deps.db, story.id, language);
  return rows.map(toVersionView);
}
