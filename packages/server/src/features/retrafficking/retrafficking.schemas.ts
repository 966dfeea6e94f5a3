import { z } from 'zod';
import { listPagingQuery } from '../../platform/db/keyset.ts';

const caseSchema = z.object({
  type: z.enum(['care_case', 'rescue_operation']),
  id: z.uuid(),
  code: z.string().nullable().describe('the care case’s code'),
  phase: z.string().nullable().describe('the care case’s phase'),
  district: z.string().nullable().describe('the rescue’s district'),
  rescuedAt: z.iso.datetime().nullable().describe('when the rescue took place'),
});

/** What an alert shows: pseudonyms, cases and the score; never a name. */
export const matchSchema = z.object({
  id: z.uuid(),
  score: z.number().min(0).max(1),
  status: z.enum(['suggested', 'same_person', 'different_people']),
  createdAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  person: z.object({ id: z.uuid(), pseudonym: z.string() }),
  case: caseSchema,
  earlierPerson: z.object({ id: z.uuid(), pseudonym: z.string() }),
  earlierCase: caseSchema,
});
export type MatchView = z.infer<typeof matchSchema>;

export const listMatchesQuery = z.object({
  status: z.enum(['suggested', 'same_person', 'different_people']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  ...listPagingQuery,
});

export const decisionBodySchema = z.object({
  decision: z.enum(['same_person', 'different_people'], {
    error: 'choose same person or different people',
  }),
});

export const thresholdSchema = z.object({
  threshold: z
    .number({ error: 'give a score between 0.5 and 1' })
    .min(0.5, 'give a score between 0.5 and 1')
    .max(1, 'give a score between 0.5 and 1'),
});

const comparedIdentity = z.object({
  pseudonym: z.string(),
  legalName: z.string(),
  aliases: z.array(z.string()),
  birthDate: z.string().optional(),
  phones: z.array(z.string()),
});

export const comparisonSchema = z.object({
  person: comparedIdentity,
  earlierPerson: comparedIdentity,
});
