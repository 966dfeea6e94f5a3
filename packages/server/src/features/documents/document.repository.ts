import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { DocumentEntityType, DocumentTable } from '../../platform/db/schema-documents.ts';
import type { DocumentView } from './document.schemas.ts';

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * Document rows and their encrypted chunks. Callers have already checked that the actor may see
 * the entity; every read here returns stored (complete) documents only.
 */
export type StoredDocument = Selectable<DocumentTable> & {
  size_bytes: string | number;
  sha256: string;
  chunk_count: number;
};

function isStored(row: Selectable<DocumentTable>): row is StoredDocument {
  return (
    row.status === 'stored' &&
    row.size_bytes !== null &&
    row.sha256 !== null &&
    row.chunk_count !== null
  );
}

export function toDocumentView(row: StoredDocument): DocumentView {
  return {
    id: row.id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    type: row.type,
    title: row.title,
    mimeType: row.mime_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
  };
}

export async function findStoredDocument(
  db: Executor,
  documentId: string,
): Promise<StoredDocument | undefined> {
  const row = await db
    .selectFrom('document')
    .selectAll()
    .where('id', '=', documentId)
    .where('status', '=', 'stored')
    .executeTakeFirst();
  return row && isStored(row) ? row : undefined;
}

export async function listStoredDocuments(
  db: Executor,
  entityType: DocumentEntityType,
  entityId: string,
): Promise<StoredDocument[]> {
  const rows = await db
    .selectFrom('document')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('status', '=', 'stored')
    .orderBy('uploaded_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.filter(isStored);
}

export async function insertUploadingDocument(
  db: Executor,
  values: {
    id: string;
    entityType: DocumentEntityType;
    entityId: string;
    type: DocumentTable['type'];
    title: string;
    mimeType: string;
    chunkSize: number;
    keyId: string;
    wrappedDataKey: string;
    uploadedBy: string;
  },
): Promise<void> {
  await db
    .insertInto('document')
    .values({
      id: values.id,
      entity_type: values.entityType,
      entity_id: values.entityId,
      type: values.type,
      title: values.title,
      mime_type: values.mimeType,
      size_bytes: null,
      sha256: null,
      chunk_size: values.chunkSize,
      chunk_count: null,
      key_id: values.keyId,
      wrapped_data_key: values.wrappedDataKey,
      status: 'uploading',
      uploaded_by: values.uploadedBy,
    })
    .execute();
}

export async function insertChunk(
  db: Executor,
  documentId: string,
  seq: number,
  sealed: Buffer,
): Promise<void> {
  await db.insertInto('document_chunk').values({ document_id: documentId, seq, sealed }).execute();
}

export async function markStored(
  db: Executor,
  documentId: string,
  facts: { sizeBytes: number; sha256: string; chunkCount: number },
): Promise<StoredDocument> {
  const row = await db
    .updateTable('document')
    .set({
      status: 'stored',
      size_bytes: facts.sizeBytes,
      sha256: facts.sha256,
      chunk_count: facts.chunkCount,
      uploaded_at: new Date(),
    })
    .where('id', '=', documentId)
    .where('status', '=', 'uploading')
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!isStored(row)) throw new Error('document row is incomplete after upload');
  return row;
}

/** Removes an unfinished upload and its chunks (they cascade). */
export async function deleteUpload(db: Executor, documentId: string): Promise<void> {
  await db
    .deleteFrom('document')
    .where('id', '=', documentId)
    .where('status', '=', 'uploading')
    .execute();
}

/** Uploads interrupted by a crash leave 'uploading' rows; anything a day old is abandoned. */
export async function deleteAbandonedUploads(db: Executor, olderThan: Date): Promise<void> {
  await db
    .deleteFrom('document')
    .where('status', '=', 'uploading')
    .where('uploaded_at', '<', olderThan)
    .execute();
}

/** A few chunks at a time, in order, so memory stays bounded whatever the document's size. */
export async function readChunks(
  db: Executor,
  documentId: string,
  fromSeq: number,
  limit: number,
): Promise<{ seq: number; sealed: Uint8Array }[]> {
  return db
    .selectFrom('document_chunk')
    .select(['seq', 'sealed'])
    .where('document_id', '=', documentId)
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
