import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { App } from '../../app.ts';
import type { Client } from '../../../test/fixtures.ts';
import type { TestApp } from '../../../test/test-app.ts';

/** Invented files and a raw multipart upload, for the documents' stories. */

// Invented content: a marker no real paper contains, to look for in the stored bytes.
export const MARKER = 'DAWN-TEST-MARKER-Fictionpur-7731';
export const LIMIT = 1024 * 1024;

export function aPdf(size = 2000): Buffer {
  const head = `%PDF-1.4\n% ${MARKER}\n1 0 obj << /Type /Catalog >> endobj\n`;
  const tail = '\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  const filler = `% ${MARKER} filler line for a longer test file\n`;
  let body = '';
  while (head.length + body.length + tail.length < size) body += filler;
  return Buffer.from(`${head}${body}${tail}`.slice(0, Math.max(size, head.length + tail.length)));
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A 1×1 white PNG with the marker in a text chunk. */
export function aPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from(`Comment\0${MARKER}`, 'latin1')),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows program's first bytes: the "MZ" header of a PE executable. */
export function anExe(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface UploadInput {
  entityType?: string;
  entityId?: string;
  type?: string;
  title?: string;
  file: Buffer;
  fileName?: string;
  contentType?: string;
}

export function multipartBody(input: UploadInput): { body: Buffer; contentType: string } {
  const boundary = `----dawn-test-${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  const fields = {
    entityType: input.entityType,
    entityId: input.entityId,
    type: input.type,
    title: input.title,
  };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${input.fileName ?? 'scan.pdf'}"\r\nContent-Type: ${input.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    input.file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(
  app: App,
  client: Client | undefined,
  input: UploadInput,
  idempotencyKey?: string,
) {
  const { body, contentType } = multipartBody(input);
  return app.inject({
    method: 'POST',
    url: '/api/documents',
    headers: {
      'content-type': contentType,
      ...(client?.cookie ? { cookie: client.cookie } : {}),
      ...(client?.csrfToken ? { 'x-csrf-token': client.csrfToken } : {}),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    payload: body,
  });
}

export interface DocumentJson {
  id: string;
  sha256: string;
  mimeType: string;
  sizeBytes: number;
  type: string;
  title: string;
}

export async function storedCounts(subject: TestApp) {
  const documents = await subject.database.db
    .selectFrom('document')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const chunks = await subject.database.db
    .selectFrom('document_chunk')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { documents: Number(documents.n), chunks: Number(chunks.n) };
}
