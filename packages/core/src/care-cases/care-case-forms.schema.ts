import { z } from 'zod';
import { newPersonFactsSchema } from '../identity/person-facts.schema.ts';
import { pastInstantSchema } from '../instant.schema.ts';

/**
 * Opening a care case: for a person already recorded, or for a new one with her facts, opened at
 * a time that has passed. The server adds the identity and the either-or rule; the browser checks
 * the same fields before saving.
 */
export const careCaseOpeningSchema = z.object({
  personId: z.uuid('is not a person id').optional(),
  person: newPersonFactsSchema.optional().describe('create the person in the same step'),
  openedAt: pastInstantSchema.optional().describe('defaults to now'),
});

/** Putting a colleague on a case's team (care or legal). */
export const teamMemberSchema = z.object({ userId: z.uuid('is not a user id') });

/**
 * An assessment as the form sends it: made at a time that has passed, and a score per item (which
 * items, and on what scale, `scoreAssessment` checks against the organisation's instrument).
 */
export const newAssessmentSchema = z.object({
  assessedAt: pastInstantSchema,
  items: z
    .record(z.string(), z.number())
    .describe('item key → score on the 1–4 scale (1 = most vulnerable)'),
});
