import { z } from 'zod';
import { instantSchema, pastInstantSchema } from '../instant.schema.ts';
import type { CareCaseEvent } from './events.ts';

/**
 * Consent purposes (docs/care-cases.md, Consent). `data_sharing:<organisation id>` is consent to share with
 * one named organisation. Withdrawal takes effect at once.
 */
export const FIXED_CONSENT_PURPOSES = [
  'services',
  'story_publication',
  'photo',
  'research_export',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const consentPurposeSchema = z
  .string()
  .refine(
    (value) =>
      (FIXED_CONSENT_PURPOSES as readonly string[]).includes(value) ||
      (value.startsWith('data_sharing:') && UUID.test(value.slice('data_sharing:'.length))),
    `must be one of ${FIXED_CONSENT_PURPOSES.join(', ')} or data_sharing:<organisation id>`,
  );
export type ConsentPurpose = string;

export const CONSENT_GIVERS = ['survivor', 'guardian', 'cwc'] as const;
export const CONSENT_METHODS = ['written', 'thumbprint', 'verbal_witnessed', 'cwc_order'] as const;

/** A consent as it is recorded; the server and the consent form check it alike. */
export const newConsentSchema = z
  .object({
    purpose: consentPurposeSchema,
    givenAt: pastInstantSchema,
    givenBy: z.enum(CONSENT_GIVERS),
    method: z.enum(CONSENT_METHODS),
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

export function dataSharingPurpose(organisationId: string): ConsentPurpose {
  return `data_sharing:${organisationId}`;
}

export interface ConsentRecord {
  purpose: ConsentPurpose;
  givenAt: string;
  expiresAt?: string | null | undefined;
  withdrawnAt?: string | null | undefined;
}

/** Was consent for `purpose` in force at `at`? Given before it, not withdrawn or expired by it. */
export function isConsentActive(
  records: readonly ConsentRecord[],
  purpose: ConsentPurpose,
  at: Date,
): boolean {
  const time = at.getTime();
  return records.some(
    (record) =>
      record.purpose === purpose &&
      Date.parse(record.givenAt) <= time &&
      (record.withdrawnAt == null || Date.parse(record.withdrawnAt) > time) &&
      (record.expiresAt == null || Date.parse(record.expiresAt) > time),
  );
}

/** The consent an event needs before it may be recorded, if any. */
export function consentRequiredFor(
  event: Pick<CareCaseEvent, 'type' | 'data'>,
): ConsentPurpose | undefined {
  if (event.type === 'referral.made')
    return dataSharingPurpose(String(event.data.toOrganisationId));
  return undefined;
}
