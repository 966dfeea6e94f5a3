import multipart from '@fastify/multipart';
import { DomainError, type FieldIssue } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { documentSchema, entityRefSchema, uploadFieldsSchema } from './document.schemas.ts';
import {
  downloadDocument,
  getDocument,
  listDocuments,
  uploadDocument,
} from './document.service.ts';

const idParams = z.object({ id: z.uuid('is not a document id') });

const CUT_SHORT = 'was cut short or is not well-formed multipart/form-data; send the file again';
const TOO_MANY_PARTS =
  'has more parts than a document; send the fields entityType, entityId, type and title, then one file';

/**
 * A body that is not the multipart an upload is (cut short by a dropped connection, no boundary,
 * more parts than a document has) refused in words, beside the file; nothing is stored. The
 * file's own size limit and Dawn's refusals pass through as they are.
 */
function multipartRefusal(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return error;
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT')
    return new DomainError('VALIDATION_FAILED', `body: ${TOO_MANY_PARTS}`, {
      issues: [{ path: 'body', message: TOO_MANY_PARTS }],
    });
  return new DomainError('VALIDATION_FAILED', `body.file: ${CUT_SHORT}; nothing was stored`, {
    issues: [{ path: 'body.file', message: CUT_SHORT }],
  });
}

/** The file's bytes, a parse failure part-way through refused as {@link multipartRefusal} does. */
async function* uploadedBytes(file: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of file) yield chunk;
  } catch (error) {
    throw multipartRefusal(error);
  }
}
const tags = ['documents'];
const FIELD_NAMES = ['entityType', 'entityId', 'type', 'title'] as const;

/**
 * Upload, list and download documents of any entity. Multipart parsing is registered here only,
 * so no other endpoint accepts multipart bodies. Titles and files travel in the body; URLs carry
 * ids only.
 */
export const documentRoutes: FastifyPluginAsync<{ deps: Deps }> = async (fastify, { deps }) => {
  await fastify.register(multipart, {
    // Our own count stops the upload at the limit with a clear message; this is a safety net.
    limits: {
      fileSize: deps.config.documentMaxBytes + 1,
      files: 1,
      fields: FIELD_NAMES.length,
      fieldSize: 1024,
      parts: FIELD_NAMES.length + 1,
    },
  });
  // An upload refused part-way (too large, wrong type, not allowed) leaves the rest of its body
  // unread; closing the connection stops the client sending it and frees the socket.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) void reply.header('connection', 'close');
    done(null, payload);
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/documents',
    {
      schema: {
        tags,
        summary:
          'Upload a document (multipart/form-data: fields entityType, entityId, type, title, then the part "file")',
        description:
          'The type is sniffed from the content (PDF, JPEG, PNG, WebP, HEIC, DOCX, ODT, plain text); the SHA-256 is computed while streaming; the content is encrypted at rest. Over DAWN_DOCUMENT_MAX_BYTES is 413 and nothing is stored.',
        consumes: ['multipart/form-data'],
        response: { 201: documentSchema },
      },
      // The body streams, unread when the key is claimed: a key sent again is refused as already
      // sent (reload to see the document), never stored twice, and its answer is not replayed,
      // since a different file sent with the same key could not be told apart.
      config: { idempotency: 'claim-only' },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new DomainError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the document as multipart/form-data with the fields entityType, entityId, type and title, then the file in a part named "file".',
        );
      const part = await request.file().catch((error: unknown) => {
        throw multipartRefusal(error);
      });
      if (!part)
        throw new DomainError('VALIDATION_FAILED', 'body.file: is required', {
          issues: [{ path: 'body.file', message: 'is required' }],
        });
      if (part.fieldname !== 'file')
        throw new DomainError(
          'VALIDATION_FAILED',
          'body.file: the file part must be named "file"',
          {
            issues: [{ path: 'body.file', message: 'the file part must be named "file"' }],
          },
        );
      const values: Record<string, string> = {};
      for (const name of FIELD_NAMES) {
        const field = part.fields[name];
        if (
          field &&
          !Array.isArray(field) &&
          field.type === 'field' &&
          typeof field.value === 'string'
        )
          values[name] = field.value;
      }
      const parsed = uploadFieldsSchema.safeParse(values);
      if (!parsed.success) {
        const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({
          path: ['body', ...issue.path.map(String)].join('.'),
          message:
            values[String(issue.path[0])] === undefined
              ? 'is required (form fields must come before the file part)'
              : issue.message,
        }));
        throw new DomainError(
          'VALIDATION_FAILED',
          `${issues[0]?.path ?? 'body'}: ${issues[0]?.message ?? 'is invalid'}`,
          { issues },
        );
      }
      const document = await uploadDocument(deps, {
        fields: parsed.data,
        file: uploadedBytes(part.file),
        declaredType: part.mimetype,
      });
      return reply.status(201).send(document);
    },
  );

  app.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Documents of an entity, newest first, each with its SHA-256',
        querystring: entityRefSchema,
        response: { 200: z.object({ documents: z.array(documentSchema) }) },
      },
    },
    async (request) => ({ documents: await listDocuments(deps, request.query) }),
  );

  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags,
        summary: 'A document’s metadata (type, title, size, sniffed type, SHA-256)',
        params: idParams,
        response: { 200: documentSchema },
      },
    },
    (request) => getDocument(deps, request.params.id),
  );

  app.get(
    '/api/documents/:id/content',
    {
      // A HEAD would run the integrity pass and count as an audited download; GET only.
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Download a document: decrypted, checked against its SHA-256, audited',
        params: idParams,
      },
    },
    async (request, reply) => {
      const download = await downloadDocument(deps, request.params.id);
      const { document } = download;
      return reply
        .header(
          'content-type',
          document.mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : document.mimeType,
        )
        .header('content-disposition', `attachment; filename="${download.fileName}"`)
        .header('content-length', String(document.sizeBytes))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'repr-digest',
          `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`,
        )
        .send(download.content);
    },
  );
};
