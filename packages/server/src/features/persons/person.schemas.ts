import { z } from 'zod';
import {
  AGE_BANDS,
  checkRevealReason,
  describeRevealReasonProblem,
  newPersonFactsSchema,
  REVEAL_PURPOSES,
  SEXES,
} from '@dawn/core';

/**
 * A person's non-identifying facts (stored in plain columns) and identifying facts (only ever
 * encrypted in the vault). Field names follow HTCDS 2.0 where it has one.
 */
export { AGE_BANDS, SEXES };
export const IDENTITY_DOCUMENT_TYPES = [
  'aadhaar',
  'voter_id',
  'passport',
  'birth_certificate',
  'ration_card',
  'school_certificate',
  'other',
] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real date')
  .refine((value) => value >= '1900-01-01', 'is before 1900')
  .refine((value) => value <= new Date().toISOString().slice(0, 10), 'is in the future');

const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s()-]{6,20}$/, 'must be a phone number (digits, spaces, + - ( ))');

export const identitySchema = z.object({
  legalName: z.string().trim().min(1, 'is required').max(200),
  aliases: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  birthDate: isoDate.optional(),
  phones: z.array(phone).max(10).default([]),
  addresses: z
    .array(
      z.object({
        line: z.string().trim().min(1, 'is required').max(500),
        district: z.string().trim().max(100).optional(),
        state: z.string().trim().max(100).optional(),
        country: z.string().trim().max(100).optional(),
        postalCode: z.string().trim().max(20).optional(),
      }),
    )
    .max(10)
    .default([]),
  identityDocuments: z
    .array(
      z.object({
        type: z.enum(IDENTITY_DOCUMENT_TYPES),
        number: z.string().trim().min(1).max(100),
      }),
    )
    .max(10)
    .default([]),
  photoReference: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('id of the photograph in the document store'),
  familyNames: z
    .array(
      z.object({
        relation: z.string().trim().min(1).max(50),
        name: z.string().trim().min(1).max(200),
      }),
    )
    .max(20)
    .default([]),
});
export type Identity = z.infer<typeof identitySchema>;

const currentYear = new Date().getUTCFullYear();

// The same checks the person and care-case forms run in the browser before saving.
export const newPersonSchema = newPersonFactsSchema.extend({
  identity: identitySchema.optional(),
});
export type NewPerson = z.infer<typeof newPersonSchema>;

export const personSchema = z.object({
  id: z.uuid(),
  pseudonym: z.string(),
  organisationId: z.uuid(),
  sex: z.enum(SEXES),
  ageBand: z.enum(AGE_BANDS),
  birthYearEstimate: z.number().int().nullable(),
  originState: z.string().nullable(),
  originCountry: z.string().nullable(),
  languages: z.array(z.string()),
  hasIdentity: z.boolean(),
  createdAt: z.string(),
});
export type PersonView = z.infer<typeof personSchema>;

export const revealBodySchema = z.object({
  purpose: z.enum(REVEAL_PURPOSES, { error: 'choose the purpose from the list' }),
  reason: z
    .string()
    .trim()
    .min(10, 'say why in at least 10 characters (it is kept in the audit trail)')
    .max(500)
    .superRefine((reason, context) => {
      // The person's name is checked by the service, which holds the identity.
      if (reason.length < 10) return;
      const problem = checkRevealReason(reason, []);
      if (problem)
        context.addIssue({ code: 'custom', message: describeRevealReasonProblem(problem) });
    }),
});

export const similarQuerySchema = z
  .object({
    legalName: z.string().trim().max(200).optional(),
    aliases: z.array(z.string().trim().max(200)).max(10).default([]),
    phones: z.array(z.string().trim().max(30)).max(10).default([]),
    birthYear: z.number().int().min(1900).max(currentYear).optional(),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .refine(
    (query) => Boolean(query.legalName) || query.aliases.length > 0 || query.phones.length > 0,
    'give a name, an alias or a phone number',
  );
export type SimilarQuery = z.infer<typeof similarQuerySchema>;

/**
 * The preconditions of replacing an identity, as HTTP writes them: `If-Match: "3"` (the version
 * the reveal answered) or `If-None-Match: *` (none recorded yet). Other headers pass.
 */
export const identityPreconditionHeaders = z
  .object({
    'if-match': z
      .string()
      .regex(/^\s*(?:W\/)?"?\d{1,9}"?\s*$/u, 'must be the version the reveal answered, e.g. "3"')
      .optional(),
    'if-none-match': z.literal('*', 'must be * (no identity recorded yet)').optional(),
  })
  .loose();

/** What the writer saw before replacing an identity; without it the write is unconditional. */
export type IdentityPrecondition = { version: number } | { absent: true };

export function identityPrecondition(headers: {
  'if-match'?: string | undefined;
  'if-none-match'?: string | undefined;
}): IdentityPrecondition | undefined {
  const match = headers['if-match'];
  if (match !== undefined) return { version: Number(/\d+/u.exec(match)?.[0]) };
  return headers['if-none-match'] === '*' ? { absent: true } : undefined;
}
