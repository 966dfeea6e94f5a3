import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A document's content is cut into chunks, each sealed with AES-256-GCM under the document's own
 * data key, so uploads and downloads stream with memory bounded by one chunk. The additional data
 * binds each chunk to its document, its position and whether it is the last one: chunks cannot be
 * reordered, moved to another document, or dropped from the end without the download failing.
 *
 * Sealed chunk layout: nonce (12 bytes) ‖ tag (16 bytes) ‖ ciphertext.
 */
export const CHUNK_BYTES = 256 * 1024;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Which check a stored document failed, as the audit trail records it (the web names each). */
export type IntegrityCheck =
  | 'chunk_missing'
  | 'chunk_too_short'
  | 'chunk_altered'
  | 'size_differs'
  | 'sha256_differs'
  | 'data_key_unopened';

const INTEGRITY_SENTENCES: Record<IntegrityCheck, (part: number | undefined) => string> = {
  chunk_missing: (part) => `chunk ${part} is missing`,
  chunk_too_short: (part) => `chunk ${part} is too short`,
  chunk_altered: (part) => `chunk ${part} failed authentication`,
  size_differs: () => 'the decrypted size differs from the recorded size',
  sha256_differs: () => 'the SHA-256 differs from the one recorded at upload',
  data_key_unopened: () => 'its data key does not open under the master key',
};

export class DocumentIntegrityError extends Error {
  /** The part of the file (its chunk) that failed, where one did. */
  readonly part: number | undefined;
  constructor(
    readonly check: IntegrityCheck,
    part?: number,
  ) {
    super(INTEGRITY_SENTENCES[check](part));
    this.name = 'DocumentIntegrityError';
    this.part = part;
  }
}

function chunkBinding(documentId: string, seq: number, last: boolean): Buffer {
  return Buffer.from(`document:${documentId}:${seq}:${last ? 'last' : 'more'}`, 'utf8');
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export function sealChunk(
  dataKey: Buffer,
  documentId: string,
  seq: number,
  last: boolean,
  plaintext: Buffer,
): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
  cipher.setAAD(chunkBinding(documentId, seq, last));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]);
}

export function openChunk(
  dataKey: Buffer,
  documentId: string,
  seq: number,
  last: boolean,
  sealed: Uint8Array,
): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < NONCE_BYTES + TAG_BYTES)
    throw new DocumentIntegrityError('chunk_too_short', seq);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(chunkBinding(documentId, seq, last));
    decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DocumentIntegrityError('chunk_altered', seq);
  }
}
