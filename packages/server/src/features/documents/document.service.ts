import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DomainError } from '@dawn/core';
import type { Kysely } from 'kysely';
import { deny, requirePermission } from '../../platform/access/access.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  CHUNK_BYTES,
  DocumentIntegrityError,
  newDataKey,
  openChunk,
  sealChunk,
} from './document-cipher.ts';
import { documentEntityVisibility } from './document-entity-visibility.ts';
import './document-person-visibility.ts';
import { extensionOf, SNIFF_BYTES, sniffMimeType } from './document-sniffing.ts';
import {
  deleteAbandonedUploads,
  deleteUpload,
  findStoredDocument,
  insertChunk,
  insertUploadingDocument,
  listStoredDocuments,
  markStored,
  readChunks,
  toDocumentView,
  type StoredDocument,
} from './document.repository.ts';
import type { DocumentView, EntityRef, UploadFields } from './document.schemas.ts';

/**
 * Documents: upload (sniffed, hashed and encrypted while streaming), list, download (verified,
 * then streamed, and audited). Every use-case begins with its access check, which includes "can
 * the caller see the entity the document belongs to"; whatever the caller may not see is NOT_FOUND.
 */
export interface UploadSource {
  fields: UploadFields;
  /** The file's bytes as they arrive. */
  file: AsyncIterable<Buffer>;
  /** The MIME type the client claimed; only used to refuse a file that lies about itself. */
  declaredType: string | undefined;
}

const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;
const CHUNKS_PER_READ = 8;

async function requireVisibleEntity(
  deps: Deps,
  permission: 'document:read' | 'document:write',
  ref: EntityRef,
) {
  const { actor, scope } = await requirePermission(deps.db, permission, {
    type: ref.entityType,
    id: ref.entityId,
  });
  const visible = await documentEntityVisibility.isVisible(
    deps.db,
    actor,
    scope,
    ref.entityType,
    ref.entityId,
  );
  if (!visible)
    return deny(deps.db, { permission, entityType: ref.entityType, entityId: ref.entityId });
  return { actor, scope };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : `${bytes} bytes`;
}

interface PlaintextChunk {
  bytes: Buffer;
  last: boolean;
}

/**
 * Cuts the incoming bytes into CHUNK_BYTES pieces (the last may be shorter), hashing and counting
 * as they pass. Throws PAYLOAD_TOO_LARGE as soon as the limit is crossed, before anything more is
 * read. A chunk is only yielded once a byte beyond it has arrived, so `last` is always known.
 */
async function* plaintextChunks(
  file: AsyncIterable<Buffer>,
  maxBytes: number,
  progress: { bytes: number; hash: ReturnType<typeof createHash> },
): AsyncGenerator<PlaintextChunk, void, undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const data of file) {
      progress.bytes += data.length;
      if (progress.bytes > maxBytes) {
        throw new DomainError(
          'PAYLOAD_TOO_LARGE',
          `The file is larger than the limit of ${formatBytes(maxBytes)} (DAWN_DOCUMENT_MAX_BYTES); nothing was stored.`,
        );
      }
      progress.hash.update(data);
      pending.push(data);
      pendingBytes += data.length;
      while (pendingBytes > CHUNK_BYTES) {
        const joined = Buffer.concat(pending, pendingBytes);
        yield { bytes: joined.subarray(0, CHUNK_BYTES), last: false };
        pending = [joined.subarray(CHUNK_BYTES)];
        pendingBytes -= CHUNK_BYTES;
      }
    }
  } catch (error) {
    // @fastify/multipart's own limit (a safety net above ours) reports the same thing.
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than the limit of ${formatBytes(maxBytes)} (DAWN_DOCUMENT_MAX_BYTES); nothing was stored.`,
      );
    throw error;
  }
  if (pendingBytes === 0)
    throw new DomainError('VALIDATION_FAILED', 'The file is empty; nothing was stored.', {
      issues: [{ path: 'body.file', message: 'is empty' }],
    });
  yield { bytes: Buffer.concat(pending, pendingBytes), last: true };
}

export async function uploadDocument(deps: Deps, source: UploadSource): Promise<DocumentView> {
  const { fields } = source;
  const { actor } = await requireVisibleEntity(deps, 'document:write', fields);
  const progress = { bytes: 0, hash: createHash('sha256') };
  const chunks = plaintextChunks(source.file, deps.config.documentMaxBytes, progress);
  try {
    const first = await chunks.next();
    if (first.done) throw new Error('upload ended before its first chunk');
    // The first chunk is at least SNIFF_BYTES long unless it is the whole file.
    const mimeType = await sniffMimeType(
      first.value.bytes.subarray(0, SNIFF_BYTES),
      first.value.last && first.value.bytes.length <= SNIFF_BYTES,
      source.declaredType,
    );

    await deleteAbandonedUploads(deps.db, new Date(Date.now() - ABANDONED_UPLOAD_MS));
    const documentId = randomUUID();
    const dataKey = newDataKey();
    const wrapped = deps.vault.sealDocumentKey(documentId, dataKey);
    // Chunks are written outside a transaction (a slow upload must not hold the database, which
    // on PGlite is one connection); the row stays 'uploading', invisible, until the last one.
    await insertUploadingDocument(deps.db, {
      id: documentId,
      entityType: fields.entityType,
      entityId: fields.entityId,
      type: fields.type,
      title: fields.title,
      mimeType,
      chunkSize: CHUNK_BYTES,
      keyId: wrapped.keyId,
      wrappedDataKey: wrapped.wrappedDataKey,
      uploadedBy: actor.userId,
    });
    try {
      let seq = 0;
      let current = first.value;
      for (;;) {
        await insertChunk(
          deps.db,
          documentId,
          seq,
          sealChunk(dataKey, documentId, seq, current.last, current.bytes),
        );
        seq += 1;
        if (current.last) break;
        const next = await chunks.next();
        if (next.done) throw new Error('upload ended without its last chunk');
        current = next.value;
      }
      const facts = {
        sizeBytes: progress.bytes,
        sha256: progress.hash.digest('hex'),
        chunkCount: seq,
      };
      const stored = await deps.db.transaction().execute(async (trx) => {
        const row = await markStored(trx, documentId, facts);
        await recordAudit(trx, {
          action: 'document.uploaded',
          entityType: 'document',
          entityId: documentId,
          // Ids, kinds and the fingerprint; never the title, which a person typed.
          details: {
            attachedToType: fields.entityType,
            attachedToId: fields.entityId,
            documentType: fields.type,
            mimeType,
            sizeBytes: facts.sizeBytes,
            sha256: facts.sha256,
          },
        });
        return row;
      });
      return toDocumentView(stored);
    } catch (error) {
      await deleteUpload(deps.db, documentId);
      throw error;
    } finally {
      dataKey.fill(0);
    }
  } finally {
    // Stops reading the upload if we gave up early (refused type, failure).
    await chunks.return(undefined);
  }
}

export async function listDocuments(deps: Deps, ref: EntityRef): Promise<DocumentView[]> {
  await requireVisibleEntity(deps, 'document:read', ref);
  const rows = await listStoredDocuments(deps.db, ref.entityType, ref.entityId);
  return rows.map(toDocumentView);
}

async function requireVisibleDocument(deps: Deps, documentId: string): Promise<StoredDocument> {
  const { actor, scope } = await requirePermission(deps.db, 'document:read', {
    type: 'document',
    id: documentId,
  });
  const row = await findStoredDocument(deps.db, documentId);
  if (
    !row ||
    !(await documentEntityVisibility.isVisible(
      deps.db,
      actor,
      scope,
      row.entity_type,
      row.entity_id,
    ))
  )
    return deny(deps.db, {
      permission: 'document:read',
      entityType: 'document',
      entityId: documentId,
    });
  return row;
}

export async function getDocument(deps: Deps, documentId: string): Promise<DocumentView> {
  return toDocumentView(await requireVisibleDocument(deps, documentId));
}

/** Decrypts chunk by chunk, checking order and count; a missing or altered chunk throws. */
async function* decryptedChunks(
  db: Kysely<DatabaseSchema>,
  row: StoredDocument,
  dataKey: Buffer,
): AsyncGenerator<Buffer, void, undefined> {
  let expected = 0;
  while (expected < row.chunk_count) {
    const batch = await readChunks(db, row.id, expected, CHUNKS_PER_READ);
    if (batch.length === 0) throw new DocumentIntegrityError('chunk_missing', expected);
    for (const chunk of batch) {
      if (expected >= row.chunk_count) return;
      if (chunk.seq !== expected) throw new DocumentIntegrityError('chunk_missing', expected);
      yield openChunk(dataKey, row.id, chunk.seq, chunk.seq === row.chunk_count - 1, chunk.sealed);
      expected += 1;
    }
  }
}

async function verifyContent(
  db: Kysely<DatabaseSchema>,
  row: StoredDocument,
  dataKey: Buffer,
): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const plaintext of decryptedChunks(db, row, dataKey)) {
    hash.update(plaintext);
    bytes += plaintext.length;
  }
  if (bytes !== Number(row.size_bytes)) throw new DocumentIntegrityError('size_differs');
  if (hash.digest('hex') !== row.sha256) throw new DocumentIntegrityError('sha256_differs');
}

export interface DocumentDownload {
  document: DocumentView;
  /** Generic, built from the type and id: never the title or anyone's name. */
  fileName: string;
  content: Readable;
}

/**
 * Opens a document for download. The content is decrypted and its SHA-256 checked against the
 * one recorded at upload before a single byte is sent (a first pass, discarding the plaintext),
 * so a tampered or corrupted document fails with a clear error instead of a truncated file. Then
 * it is decrypted again as it streams out. The download is audited; so is a failed check.
 */
export async function downloadDocument(deps: Deps, documentId: string): Promise<DocumentDownload> {
  const row = await requireVisibleDocument(deps, documentId);
  let dataKey: Buffer;
  try {
    try {
      dataKey = deps.vault.openDocumentKey(row.id, row.key_id, row.wrapped_data_key);
    } catch {
      throw new DocumentIntegrityError('data_key_unopened');
    }
    await verifyContent(deps.db, row, dataKey);
  } catch (error) {
    if (!(error instanceof DocumentIntegrityError)) throw error;
    await recordAuditAlone(deps.db, {
      action: 'document.downloaded',
      outcome: 'failure',
      entityType: 'document',
      entityId: row.id,
      details: {
        reason: 'integrity_check_failed',
        check: error.check,
        // The part of the file counted from 1, as a person counts them (chunk 0 is part 1).
        ...(error.part === undefined ? {} : { part: error.part + 1 }),
      },
    });
    throw new DomainError(
      'INTERNAL',
      `Document ${row.id} failed its integrity check (${error.message}): the stored copy is not the file that was uploaded, so it was not sent. Restore it from a backup; the failure is recorded in the audit trail.`,
    );
  }
  await recordAuditAlone(deps.db, {
    action: 'document.downloaded',
    entityType: 'document',
    entityId: row.id,
    details: {
      attachedToType: row.entity_type,
      attachedToId: row.entity_id,
      sha256: row.sha256,
    },
  });
  return {
    document: toDocumentView(row),
    fileName: `${row.type}-${row.id.slice(0, 8)}.${extensionOf(row.mime_type)}`,
    content: Readable.from(decryptedChunks(deps.db, row, dataKey)),
  };
}
