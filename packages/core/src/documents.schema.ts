import { z } from 'zod';

/** What kind of paper a document is. */
export const DOCUMENT_TYPES = [
  'fir_copy',
  'court_order',
  'medical_report',
  'identity_document',
  'consent_form',
  'photograph',
  'other',
] as const;

/**
 * What an upload says about its document, checked alike by the server and the upload form:
 * its kind, and a title that describes the paper (never a person's name).
 */
export const documentDetailsSchema = z.object({
  type: z.enum(DOCUMENT_TYPES, { error: `must be one of ${DOCUMENT_TYPES.join(', ')}` }),
  title: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(120, 'must be at most 120 characters')
    .describe('What the paper is (e.g. "FIR copy, first page"); never a survivor’s name'),
});
