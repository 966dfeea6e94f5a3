import {
  assessmentScheduleSchema,
  instrumentSchema,
  newAssessmentSchema,
  OUTCOME_DOMAINS,
  restoredRuleSchema,
} from '@dawn/core';
import { z } from 'zod';

// The assessment form checks the same schema (and scoreAssessment) in the browser before saving.
export { newAssessmentSchema };
export type NewAssessment = z.infer<typeof newAssessmentSchema>;

const domainScores = z.object(
  Object.fromEntries(OUTCOME_DOMAINS.map((domain) => [domain, z.number()])) as Record<
    (typeof OUTCOME_DOMAINS)[number],
    z.ZodNumber
  >,
);

export const assessmentSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: z.string(),
  assessedAt: z.string(),
  assessedBy: z.string().nullable(),
  instrument: z.object({ id: z.string(), version: z.number().int() }),
  domains: domainScores,
  subDomains: z.record(z.string(), z.number()),
  overall: z.number(),
  items: z.record(z.string(), z.number()),
});
export type AssessmentView = z.infer<typeof assessmentSchema>;

export const verdictSchema = z.object({
  restored: z.boolean(),
  rule: z.string(),
  ruleIsDefault: z.boolean(),
  qualifyingAssessmentIds: z.array(z.string()),
  explanation: z.string(),
});

export const careSettingsSchema = z.object({
  instrument: instrumentSchema,
  restoredRule: restoredRuleSchema,
  restoredRuleText: z.string(),
  schedule: assessmentScheduleSchema,
  defaults: z.object({ instrument: z.boolean(), restoredRule: z.boolean(), schedule: z.boolean() }),
});

export const careSettingsInputSchema = z.object({
  instrument: instrumentSchema.nullable().optional(),
  restoredRule: restoredRuleSchema.nullable().optional(),
  schedule: assessmentScheduleSchema.nullable().optional(),
});
export type CareSettingsInput = z.infer<typeof careSettingsInputSchema>;
