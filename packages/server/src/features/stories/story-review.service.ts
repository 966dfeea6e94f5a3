import { DomainError, nextStoryStatus } from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireStory } from './story.access.ts';
import { auditedGuard, refuseOpenFindings } from './story-guard.service.ts';
import { currentVersions } from './story.repository.ts';
import type { NewReadBack, StoryView } from './story.schemas.ts';
import { toStoryView } from './story-view.ts';

/**
 * The story's way to print: read back to her in her language (she agrees or asks for changes),
 * then approved by a reviewer. Both refuse while the identity check has an open finding.
 */

export async function recordReadBack(
  deps: Deps,
  storyId: string,
  input: NewReadBack,
): Promise<StoryView> {
  const { actor, story } = await requireStory(deps.db, 'story:write', storyId);
  if (Date.parse(input.readAt) > Date.now() + 60_000)
    throw new DomainError('VALIDATION_FAILED', 'body.readAt: is in the future', {
      issues: [{ path: 'body.readAt', message: 'is in the future' }],
    });
  const status = nextStoryStatus(
    story.status,
    input.decision === 'agreed' ? 'read_back_agreed' : 'read_back_changes',
  );
  if (!status)
    throw new DomainError('CONFLICT', 'Only a draft is read back; edit the story to change it.');
  refuseOpenFindings(await auditedGuard(deps, story, 'read_back'), 'reading it back to her');
  const updated = await deps.db.transaction().execute(async (trx) => {
    const versions = await currentVersions(trx, [story.id]);
    await trx
      .insertInto('story_read_back')
      .values({
        story_id: story.id,
        read_at: new Date(input.readAt),
        read_by: actor.userId,
        language: input.language,
        decision: input.decision,
        changes_requested: input.changesRequested ?? null,
        version_hashes: JSON.stringify(
          Object.fromEntries(versions.map((version) => [version.language, version.sha256])),
        ),
      })
      .execute();
    const row = await trx
      .updateTable('story')
      .set({ status, updated_at: new Date() })
      .where('id', '=', story.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'story.read_back_recorded',
      entityType: 'story',
      entityId: story.id,
      details: { language: input.language, decision: input.decision },
    });
    return row;
  });
  return toStoryView(deps.db, updated);
}

export async function approveStory(deps: Deps, storyId: string): Promise<StoryView> {
  const { actor, story } = await requireStory(deps.db, 'story:review', storyId);
  if (!nextStoryStatus(story.status, 'approve'))
    throw new DomainError(
      'CONFLICT',
      'Only a story that was read back to her, and that she agreed to, can be approved.',
    );
  refuseOpenFindings(await auditedGuard(deps, story, 'approval'), 'approving it');
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('story')
      .set({
        status: 'approved',
        approved_by: actor.userId,
        approved_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', story.id)
      .where('status', '=', 'read_back')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('CONFLICT', 'The story changed meanwhile; reload it.');
    const versions = await currentVersions(trx, [story.id]);
    await recordAudit(trx, {
      action: 'story.approved',
      entityType: 'story',
      entityId: story.id,
      details: { sha256: versions.map((version) => `${version.language}:${version.sha256}`) },
    });
    return row;
  });
  return toStoryView(deps.db, updated);
}
