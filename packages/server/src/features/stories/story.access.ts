import type { Permission, Scope } from '@dawn/core';
import type { Kysely } from 'kysely';
import { deny, requirePermission } from '../../platform/access/access.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { findVisibleStory, type StoryRow } from './story.repository.ts';

/**
 * The first line of every use-case on one story: the permission, then the story within the
 * permission's scope. A story the caller may not see is NOT_FOUND, audited as a denial.
 */
export async function requireStory(
  db: Kysely<DatabaseSchema>,
  permission: Permission,
  storyId: string,
): Promise<{ actor: Actor; scope: Scope; story: StoryRow }> {
  const { actor, scope } = await requirePermission(db, permission, { type: 'story', id: storyId });
  const story = await findVisibleStory(db, actor, scope, storyId);
  if (!story) return deny(db, { permission, entityType: 'story', entityId: storyId });
  return { actor, scope, story };
}
