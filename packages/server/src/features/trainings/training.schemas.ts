import { CADRES, calendarDaySchema } from '@dawn/core';
import { z } from 'zod';
import { printedLanguage } from '../../platform/i18n/printed.ts';

const date = calendarDaySchema;
const score = z
  .number({ error: 'must be a score from 0 to 100' })
  .min(0, 'must be a score from 0 to 100')
  .max(100, 'must be a score from 0 to 100')
  .nullable();

export const idParams = z.object({ id: z.uuid('is not an id') });

// The forms check with the same schemas before saving (packages/core).
export { programmeInputSchema, sessionInputSchema } from '@dawn/core';
export type { ProgrammeInput, SessionInput } from '@dawn/core';

export const participantInputSchema = z.object({
  officialId: z.uuid('is not an official'),
  cadre: z.enum(CADRES, { error: 'is not a cadre' }),
  rank: z.string().trim().max(200).nullable().default(null),
  posting: z.string().trim().max(200).nullable().default(null),
  district: z.string().trim().max(100).nullable().default(null),
});
export type ParticipantInput = z.infer<typeof participantInputSchema>;

export const addParticipantsSchema = z.object({
  participants: z.array(participantInputSchema).min(1).max(500),
});

export const resultInputSchema = z.object({
  participantId: z.uuid('is not a participant'),
  preScore: score,
  postScore: score,
  feedbackRating: z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').nullable(),
  feedbackComment: z.string().trim().max(2000).nullable(),
  attendedDays: z.array(date).max(31),
});
export type ResultInput = z.infer<typeof resultInputSchema>;

export const resultsSchema = z.object({ results: z.array(resultInputSchema).min(1).max(500) });

export const programmeSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  topic: z.string(),
  curriculum: z.string(),
  targetCadres: z.array(z.string()),
  sessions: z.number().int(),
  participants: z.number().int(),
  createdAt: z.string(),
});

export const sessionSummarySchema = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  programmeTitle: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  venue: z.string(),
  district: z.string(),
  partnerInstitution: z.string(),
  trainers: z.array(z.string()),
  participants: z.number().int(),
  meanKnowledgeGain: z.number().nullable(),
  tested: z.number().int(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const participantSchema = z.object({
  id: z.uuid(),
  official: z.object({
    id: z.uuid(),
    name: z.string(),
    designation: z.string(),
    organisation: z.string(),
  }),
  cadre: z.string(),
  rank: z.string().nullable(),
  posting: z.string().nullable(),
  district: z.string().nullable(),
  preScore: z.number().nullable(),
  postScore: z.number().nullable(),
  knowledgeGain: z.number().nullable(),
  feedbackRating: z.number().int().nullable(),
  feedbackComment: z.string().nullable(),
  attendedDays: z.array(z.string()),
  certificateCode: z.string().nullable(),
});
export type Participant = z.infer<typeof participantSchema>;

export const sessionDetailSchema = sessionSummarySchema.extend({
  days: z.array(z.string()),
  participantList: z.array(participantSchema),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

export const programmeDetailSchema = programmeSummarySchema.extend({
  sessionList: z.array(sessionSummarySchema),
});

export const certificateQuerySchema = z.object({
  language: printedLanguage,
});

export const verificationSchema = z.object({
  valid: z.boolean(),
  certificate: z
    .object({
      name: z.string(),
      programme: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
    })
    .nullable(),
});

const tallySchema = z.object({
  milestones: z.number().int(),
  onTime: z.number().int(),
  cases: z.number().int(),
});
export const followUpSchema = z.object({
  windowDays: z.number().int(),
  officials: z.array(
    z.object({
      participantId: z.uuid(),
      officialId: z.uuid(),
      name: z.string(),
      cadre: z.string(),
      milestones: z.array(
        z.object({
          milestone: z.string(),
          deadline: z.boolean(),
          before: tallySchema,
          after: tallySchema,
        }),
      ),
    }),
  ),
});
