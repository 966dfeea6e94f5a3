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

export class DocumentIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentIntegrityError';
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
    throw new DocumentIntegrityError(`chunk ${seq} is too short`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(chunkBinding(documentId, seq, last));
    decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new DocumentIntegrityError(`chunk ${seq} failed authentication`);
  }
}
