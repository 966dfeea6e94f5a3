import { DOCUMENT_TYPES as CORE_DOCUMENT_TYPES, documentDetailsSchema } from '@dawn/core';
import { z } from 'zod';
import type { DocumentEntityType, DocumentType } from '../../platform/db/schema-documents.ts';

/** What a document is attached to, what kind it is, and how it is shown. */
export const DOCUMENT_ENTITY_TYPES = [
  'care_case',
  'legal_case',
  'rescue_operation',
  'person',
] as const satisfies readonly DocumentEntityType[];

export const DOCUMENT_TYPES = CORE_DOCUMENT_TYPES satisfies readonly DocumentType[];

export const entityRefSchema = z.object({
  entityType: z.enum(DOCUMENT_ENTITY_TYPES, {
    error: `must be one of ${DOCUMENT_ENTITY_TYPES.join(', ')}`,
  }),
  entityId: z.uuid('is not an id'),
});
export type EntityRef = z.infer<typeof entityRefSchema>;

/** The form fields of an upload; they must come before the file part of the multipart body. */
// Type and title are checked by the upload form with the same schema before it sends anything.
// The title is shown in lists and the audit-free metadata: a description of the paper, never a name.
export const uploadFieldsSchema = entityRefSchema.extend(documentDetailsSchema.shape);
export type UploadFields = z.infer<typeof uploadFieldsSchema>;

export const documentSchema = z.object({
  id: z.uuid(),
  entityType: z.enum(DOCUMENT_ENTITY_TYPES),
  entityId: z.uuid(),
  type: z.enum(DOCUMENT_TYPES),
  title: z.string(),
  mimeType: z.string().describe('Sniffed from the content at upload, not taken from the client'),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('SHA-256 of the uploaded bytes, hex; the chain-of-custody fingerprint'),
  uploadedBy: z.uuid(),
  uploadedAt: z.iso.datetime(),
});
export type DocumentView = z.infer<typeof documentSchema>;
