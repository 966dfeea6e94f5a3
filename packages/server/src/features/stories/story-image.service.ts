import { DomainError } from '@dawn/core';
import { nextStoryStatus } from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { downloadDocument } from '../documents/document.service.ts';
import { requireStory } from './story.access.ts';
import { lockStory } from './story.repository.ts';
import { cleanImage } from './story-image.ts';
import type { AttachStoryImage } from './story.schemas.ts';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Attaches an image from her care case's documents to a story, cleaned of its metadata. The
 * uploader says what it is: an illustration, or a photo that does not show her face. Like a text
 * change, it sends the story back to draft: she and the reviewer see exactly what will be printed.
 */
export async function attachStoryImage(
  deps: Deps,
  storyId: string,
  input: AttachStoryImage,
): Promise<void> {
  const { actor, story } = await requireStory(deps.db, 'story:write', storyId);
  if (story.status === 'published')
    throw new DomainError(
      'CONFLICT',
      'This story is in a printed edition: it can no longer change.',
    );
  // The document's own access rule applies (and its download is audited).
  const download = await downloadDocument(deps, input.documentId);
  if (
    download.document.entityType !== 'care_case' ||
    download.document.entityId !== story.care_case_id
  )
    throw new DomainError(
      'VALIDATION_FAILED',
      'body.documentId: is not a document of her care case',
      {
        issues: [{ path: 'body.documentId', message: 'is not a document of her care case' }],
      },
    );
  if (!IMAGE_TYPES.has(download.document.mimeType))
    throw new DomainError(
      'VALIDATION_FAILED',
      'body.documentId: is not a JPEG, PNG or WebP image',
      {
        issues: [{ path: 'body.documentId', message: 'is not a JPEG, PNG or WebP image' }],
      },
    );
  const image = await cleanImage(await readAll(download.content));
  await deps.db.transaction().execute(async (trx) => {
    const locked = await lockStory(trx, storyId);
    const values = {
      document_id: input.documentId,
      kind: input.kind,
      mime_type: 'image/jpeg' as const,
      content: image.content,
      width: image.width,
      height: image.height,
      sha256: image.sha256,
      attached_by: actor.userId,
      attached_at: new Date(),
    };
    await trx
      .insertInto('story_image')
      .values({ story_id: storyId, ...values })
      .onConflict((conflict) => conflict.column('story_id').doUpdateSet(values))
      .execute();
    const status = nextStoryStatus(locked.status, 'edit') ?? locked.status;
    await trx
      .updateTable('story')
      .set({
        status,
        approved_at: status === 'draft' ? null : locked.approved_at,
        approved_by: status === 'draft' ? null : locked.approved_by,
        updated_at: new Date(),
      })
      .where('id', '=', storyId)
      .execute();
    await recordAudit(trx, {
      action: 'story.image_attached',
      entityType: 'story',
      entityId: storyId,
      details: {
        documentId: input.documentId,
        kind: input.kind,
        sha256: image.sha256,
        status,
        previousStatus: locked.status,
      },
    });
  });
}

export async function removeStoryImage(deps: Deps, storyId: string): Promise<void> {
  const { story } = await requireStory(deps.db, 'story:write', storyId);
  if (story.status === 'published')
    throw new DomainError(
      'CONFLICT',
      'This story is in a printed edition: it can no longer change.',
    );
  await deps.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('story_image')
      .where('story_id', '=', storyId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return;
    const status = nextStoryStatus(story.status, 'edit') ?? story.status;
    await trx
      .updateTable('story')
      .set({ status, approved_at: null, approved_by: null, updated_at: new Date() })
      .where('id', '=', storyId)
      .execute();
    await recordAudit(trx, {
      action: 'story.image_removed',
      entityType: 'story',
      entityId: storyId,
      details: { status, previousStatus: story.status },
    });
  });
}

/** The cleaned image's bytes (what will be printed), for the editor. */
export async function storyImageContent(deps: Deps, storyId: string): Promise<Buffer> {
  await requireStory(deps.db, 'story:read', storyId);
  const row = await deps.db
    .selectFrom('story_image')
    .select('content')
    .where('story_id', '=', storyId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'This story has no image.');
  return row.content;
}
