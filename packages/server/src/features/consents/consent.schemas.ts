import { newConsentSchema } from '@dawn/core';
import { z } from 'zod';
import { instantSchema } from '../care-cases/care-case.schemas.ts';

// The consent form in the browser checks the same schema before saving.
export { newConsentSchema };
export type NewConsent = z.infer<typeof newConsentSchema>;

export const withdrawConsentSchema = z.object({
  withdrawnAt: instantSchema.optional().describe('defaults to now'),
});
