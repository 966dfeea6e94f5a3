import { DomainError, STORY_CONSENT_PURPOSE } from '@dawn/core';
import { recordAudit, recordAudits, type AuditEntry } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import { requireStory } from './story.access.ts';
import type { NewStoryConsent, StoryView, WithdrawStoryConsent } from './story.schemas.ts';
import { getStory } from './story.service.ts';
import { publishWebhookEvent } from '../webhooks/webhook.publish.ts';

/**
 * Consent to publish a story, per channel, in the survivor's consent ledger (purpose
 * story_publication with the story and channel beside it). Recording and withdrawing need the care
 * case's consent permission: the communications team sees stories but never records her consent.
 */
async function requireStoryConsentAccess(deps: Deps, storyId: string) {
  const { story } = await requireStory(deps.db, 'story:read', storyId);
  const { actor } = await requireCareCase(deps.db, 'consent:write', story.care_case_id);
  return { actor, story };
}

export async function recordStoryConsent(
  deps: Deps,
  storyId: string,
  input: NewStoryConsent,
): Promise<StoryView> {
  const { actor, story } = await requireStoryConsentAccess(deps, storyId);
  if (Date.parse(input.givenAt) > Date.now() + 60_000)
    throw new DomainError('VALIDATION_FAILED', 'body.givenAt: is in the future', {
      issues: [{ path: 'body.givenAt', message: 'is in the future' }],
    });
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('consent')
      .values({
        person_id: story.person_id,
        case_id: story.care_case_id,
        purpose: STORY_CONSENT_PURPOSE,
        story_id: story.id,
        channel: input.channel,
        given_at: new Date(input.givenAt),
        given_by: input.givenBy,
        method: input.method,
        language: input.language,
        witness: input.witnessRole ?? null,
        document_reference: input.documentReference ?? null,
        expires_at: null,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'story.consent_recorded',
      entityType: 'story',
      entityId: story.id,
      details: { consentId: row.id, channel: input.channel, language: input.language },
    });
  });
  return getStory(deps, storyId);
}

/**
 * Withdrawal takes effect at once, in one transaction: the consent stops counting, the story leaves
 * every edition not yet printed, and printed editions that hold it are marked "do not reprint".
 * Previews, renders and the website bundle read consent live, so they stop serving it too.
 */
export async function withdrawStoryConsent(
  deps: Deps,
  storyId: string,
  consentId: string,
  input: WithdrawStoryConsent,
): Promise<StoryView> {
  const { story } = await requireStoryConsentAccess(deps, storyId);
  await deps.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('consent')
      .selectAll()
      .where('id', '=', consentId)
      .where('story_id', '=', story.id)
      .forUpdate()
      .executeTakeFirst();
    if (!existing || !existing.channel)
      throw new DomainError('NOT_FOUND', 'No such consent on this story.');
    if (existing.withdrawn_at)
      throw new DomainError('CONFLICT', 'This consent is already withdrawn.');
    await trx
      .updateTable('consent')
      .set({ withdrawn_at: new Date() })
      .where('id', '=', consentId)
      .execute();
    let editionsLeft: string[] = [];
    let editionsMarked: string[] = [];
    if (existing.channel === 'calendar_print') {
      const removed = await trx
        .deleteFrom('calendar_edition_month')
        .where('story_id', '=', story.id)
        .where('edition_id', 'in', (eb) =>
          eb.selectFrom('calendar_edition').select('id').where('status', '=', 'draft'),
        )
        .returning('edition_id')
        .execute();
      editionsLeft = [...new Set(removed.map((row) => row.edition_id))];
      const marked = await trx
        .updateTable('calendar_edition')
        .set({ do_not_reprint: true })
        .where('status', '=', 'printed')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('calendar_edition_month')
            .select('edition_id')
            .where('story_id', '=', story.id),
        )
        .returning('id')
        .execute();
      editionsMarked = marked.map((row) => row.id);
    }
    await recordAudit(trx, {
      action: 'story.consent_withdrawn',
      entityType: 'story',
      entityId: story.id,
      details: {
        consentId,
        channel: existing.channel,
        reason: input.reason,
        note: input.note ?? null,
        editionsLeft,
        editionsMarkedDoNotReprint: editionsMarked,
      },
    });
    await recordAudits(trx, [
      ...editionsLeft.map((editionId): AuditEntry => ({
        action: 'edition.story_removed',
        entityType: 'calendar_edition',
        entityId: editionId,
        details: { storyId: story.id, cause: 'consent_withdrawn' },
      })),
      ...editionsMarked.map((editionId): AuditEntry => ({
        action: 'edition.marked_do_not_reprint',
        entityType: 'calendar_edition',
        entityId: editionId,
        details: { storyId: story.id, cause: 'consent_withdrawn' },
      })),
    ]);
    await publishWebhookEvent(trx, story.organisation_id, 'story.withdrawn', {
      storyId: story.id,
      withdrawnAt: new Date().toISOString(),
    });
  });
  return getStory(deps, storyId);
}
