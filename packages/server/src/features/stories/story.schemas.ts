import {
  GUARD_FINDING_KINDS,
  STORY_STATUSES,
  storyChannelSchema,
  storyLanguageSchema,
} from '@dawn/core';
import { z } from 'zod';
import { instantSchema } from '../care-cases/care-case.schemas.ts';

export const storyIdParams = z.object({ id: z.uuid('is not a story id') });

export const storyTextSchema = z.object({
  language: storyLanguageSchema,
  title: z.string().trim().min(1, 'is required').max(200),
  body: z.string().trim().min(1, 'is required').max(40_000),
  aspirations: z.string().trim().max(2_000).default(''),
  interests: z.string().trim().max(2_000).default(''),
});
export type StoryTextInput = z.infer<typeof storyTextSchema>;

const texts = z
  .array(storyTextSchema)
  .min(1, 'at least one language is required')
  .max(3)
  .refine(
    (list) => new Set(list.map((text) => text.language)).size === list.length,
    'each language once',
  );

const currentYear = new Date().getUTCFullYear();
const rescueYear = z
  .number()
  .int()
  .min(1950, 'is before 1950')
  .max(currentYear, 'is in the future')
  .describe('the year of rescue at most: no exact dates in a story');

export const newStorySchema = z
  .object({
    publicPseudonym: z
      .string()
      .trim()
      .min(2, 'is required')
      .max(60)
      .describe('the name she chose for publication: never her name, an alias or Dawn’s pseudonym'),
    originalLanguage: storyLanguageSchema.describe('the language she told it in'),
    rescueYear: rescueYear.optional(),
    texts,
  })
  .refine((body) => body.texts.some((text) => text.language === body.originalLanguage), {
    message: 'must include the text in the language she told it in',
    path: ['texts'],
  });
export type NewStory = z.infer<typeof newStorySchema>;

export const saveStorySchema = z.object({
  publicPseudonym: newStorySchema.shape.publicPseudonym.optional(),
  rescueYear: rescueYear.nullable().optional(),
  texts,
});
export type SaveStory = z.infer<typeof saveStorySchema>;

export const storyVersionSchema = z.object({
  language: storyLanguageSchema,
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  aspirations: z.string(),
  interests: z.string(),
  sha256: z.string(),
  savedAt: z.string(),
});

export const readBackSchema = z.object({
  readAt: z.string(),
  readBy: z.string().nullable(),
  readByName: z.string().nullable().describe('the colleague who read it to her'),
  language: storyLanguageSchema,
  decision: z.enum(['agreed', 'changes_requested']),
  changesRequested: z.string().nullable(),
  versionHashes: z.record(z.string(), z.string()),
});

export const storyConsentSchema = z.object({
  id: z.uuid(),
  channel: storyChannelSchema,
  givenAt: z.string(),
  language: z.string(),
  withdrawnAt: z.string().nullable(),
  active: z.boolean(),
});

export const STORY_IMAGE_KINDS = ['illustration', 'photo_without_face'] as const;

export const attachStoryImageSchema = z.object({
  documentId: z.uuid('is not a document id').describe('an image among her care case’s documents'),
  kind: z
    .enum(STORY_IMAGE_KINDS)
    .describe('the uploader says: an illustration, or a photo that does not show her face'),
});
export type AttachStoryImage = z.infer<typeof attachStoryImageSchema>;

export const storyImageSchema = z.object({
  kind: z.enum(STORY_IMAGE_KINDS),
  documentId: z.uuid(),
  width: z.number().int(),
  height: z.number().int(),
  sha256: z.string().describe('of the cleaned JPEG (no EXIF, GPS or other metadata)'),
  attachedAt: z.string(),
});

export const storySchema = z.object({
  id: z.uuid(),
  careCaseId: z.uuid(),
  publicPseudonym: z.string(),
  originalLanguage: storyLanguageSchema,
  rescueYear: z.number().nullable(),
  status: z.enum(STORY_STATUSES),
  approvedAt: z.string().nullable(),
  updatedAt: z.string(),
  texts: z.array(storyVersionSchema),
  readBacks: z.array(readBackSchema),
  consents: z.array(storyConsentSchema),
  image: storyImageSchema.nullable(),
});
export type StoryView = z.infer<typeof storySchema>;

export const storySummarySchema = z.object({
  id: z.uuid(),
  careCaseId: z.uuid(),
  publicPseudonym: z.string(),
  originalLanguage: storyLanguageSchema,
  status: z.enum(STORY_STATUSES),
  updatedAt: z.string(),
  languages: z.array(storyLanguageSchema),
  consentedChannels: z.array(storyChannelSchema),
});
export type StorySummary = z.infer<typeof storySummarySchema>;

export const storyListQuerySchema = z.object({
  status: z.enum(STORY_STATUSES).optional(),
  careCaseId: z.uuid('is not a care case id').optional().describe('only this care case’s stories'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const guardFindingSchema = z.object({
  id: z.string().describe('stable across checks while the same words stay'),
  language: storyLanguageSchema,
  field: z.enum(['title', 'body', 'aspirations', 'interests']),
  start: z.number().int().describe('offset into that field, in UTF-16 code units'),
  end: z.number().int(),
  kind: z.enum(GUARD_FINDING_KINDS),
  span: z.string().describe('the words of the story that were flagged (never the record matched)'),
  overridden: z.boolean(),
  overrideReason: z.string().nullable(),
});
export type GuardFindingView = z.infer<typeof guardFindingSchema>;

export const guardReportSchema = z.object({
  findings: z.array(guardFindingSchema),
  open: z.number().int(),
});
export type GuardReport = z.infer<typeof guardReportSchema>;

export const overrideSchema = z.object({
  findingId: z.string().min(1).max(100),
  reason: z.string().trim().min(10, 'say why in a sentence').max(1_000),
});

export const newReadBackSchema = z
  .object({
    readAt: instantSchema,
    language: storyLanguageSchema.describe('the language it was read to her in'),
    decision: z.enum(['agreed', 'changes_requested']),
    changesRequested: z.string().trim().max(4_000).optional(),
  })
  .refine((body) => body.decision === 'agreed' || (body.changesRequested ?? '').length > 0, {
    message: 'say which changes she asked for',
    path: ['changesRequested'],
  });
export type NewReadBack = z.infer<typeof newReadBackSchema>;

export const newStoryConsentSchema = z.object({
  channel: storyChannelSchema,
  givenAt: instantSchema,
  givenBy: z.enum(['survivor', 'guardian', 'cwc']),
  method: z.enum(['written', 'thumbprint', 'verbal_witnessed', 'cwc_order']),
  language: z.string().trim().min(2).max(20).describe('language the consent was explained in'),
  witnessRole: z.string().trim().max(100).optional().describe('the witness by role, never a name'),
  documentReference: z.string().trim().max(100).optional(),
});
export type NewStoryConsent = z.infer<typeof newStoryConsentSchema>;

export const STORY_WITHDRAWAL_REASONS = [
  'survivor_request',
  'guardian_request',
  'safety_concern',
  'other',
] as const;

export const withdrawStoryConsentSchema = z.object({
  reason: z.enum(STORY_WITHDRAWAL_REASONS),
  note: z.string().trim().max(500).optional().describe('kept in the audit trail: no names'),
});
export type WithdrawStoryConsent = z.infer<typeof withdrawStoryConsentSchema>;
