import { consentPurposeSchema } from '@dawn/core';
import { z } from 'zod';
import { instantSchema } from '../care-cases/care-case.schemas.ts';

export const newConsentSchema = z
  .object({
    purpose: consentPurposeSchema,
    givenAt: instantSchema,
    givenBy: z.enum(['survivor', 'guardian', 'cwc']),
    method: z.enum(['written', 'thumbprint', 'verbal_witnessed', 'cwc_order']),
    language: z.string().trim().min(2).max(20).describe('language the consent was explained in'),
    witnessRole: z
      .string()
      .trim()
      .max(100)
      .optional()
      .describe('the witness by role (e.g. "shelter superintendent"), never a family name'),
    documentReference: z.string().trim().max(100).optional().describe('id of the signed form'),
    expiresAt: instantSchema.optional(),
  })
  .refine(
    (body) => body.expiresAt === undefined || Date.parse(body.expiresAt) > Date.parse(body.givenAt),
    { message: 'must be after givenAt', path: ['expiresAt'] },
  );
export type NewConsent = z.infer<typeof newConsentSchema>;

export const withdrawConsentSchema = z.object({
  withdrawnAt: instantSchema.optional().describe('defaults to now'),
});
