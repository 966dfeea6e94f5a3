import {
  CARE_CASE_EVENT_TYPES,
  CARE_CASE_PHASES,
  careCaseOpeningSchema,
  instantSchema,
  SYSTEM_EVENT_TYPES,
  type CareCaseEventType,
} from '@dawn/core';
import { z } from 'zod';
import { listPagingQuery } from '../../platform/db/keyset.ts';
import { AGE_BANDS, newPersonSchema, SEXES } from '../persons/person.schemas.ts';

/** An instant with its offset (`2025-03-03T23:30:00+05:30`); impossible dates are refused. */
export { instantSchema };

export const caseIdParams = z.object({ id: z.uuid('is not a care case id') });

// The fields the open-a-case form checks in the browser (core), with the vault's identity added.
export const openCareCaseSchema = careCaseOpeningSchema
  .extend({
    person: newPersonSchema.optional().describe('create the person in the same step'),
  })
  .refine((body) => (body.personId === undefined) !== (body.person === undefined), {
    message: 'give either personId or person, not both',
    path: ['personId'],
  });
export type OpenCareCase = z.infer<typeof openCareCaseSchema>;

const recordableTypes = CARE_CASE_EVENT_TYPES.filter(
  (type) => !SYSTEM_EVENT_TYPES.includes(type),
) as [CareCaseEventType, ...CareCaseEventType[]];

export const newEventSchema = z.object({
  type: z.enum(recordableTypes),
  occurredAt: instantSchema,
  data: z.record(z.string(), z.unknown()).default({}),
  supersedes: z.uuid('is not an event id').optional().describe('the event this one corrects'),
});
export type NewEvent = z.infer<typeof newEventSchema>;

export const eventSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  supersedesId: z.string().nullable(),
  supersededById: z.string().nullable(),
  /** The phase the case was in right after this event; null for superseded events. */
  phaseAfter: z.enum(CARE_CASE_PHASES).nullable(),
});
export type EventView = z.infer<typeof eventSchema>;

export const timelineSchema = z.object({
  groups: z.array(z.object({ phase: z.enum(CARE_CASE_PHASES), events: z.array(eventSchema) })),
  superseded: z.array(eventSchema),
});

export const taskSummarySchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseCode: z.string(),
  kind: z.enum(['assessment_due', 'care_plan_review', 'manual']),
  title: z.string(),
  assigneeId: z.string().nullable(),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const consentViewSchema = z.object({
  id: z.uuid(),
  purpose: z.string(),
  givenAt: z.string(),
  givenBy: z.enum(['survivor', 'guardian', 'cwc']),
  method: z.enum(['written', 'thumbprint', 'verbal_witnessed', 'cwc_order']),
  language: z.string(),
  expiresAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  active: z.boolean(),
});
export type ConsentView = z.infer<typeof consentViewSchema>;

export const careCaseSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  organisationId: z.uuid(),
  person: z.object({
    id: z.uuid(),
    pseudonym: z.string(),
    ageBand: z.enum(AGE_BANDS),
    sex: z.enum(SEXES),
  }),
  phase: z.enum(CARE_CASE_PHASES),
  openedAt: z.string(),
  rescuedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closureReason: z.string().nullable(),
  placement: z.object({ organisationId: z.uuid(), organisationName: z.string() }).nullable(),
  team: z.array(z.object({ userId: z.uuid(), displayName: z.string() })),
  nextTasks: z.array(taskSummarySchema),
  activeConsents: z.array(consentViewSchema),
});
export type CareCaseView = z.infer<typeof careCaseSchema>;

export const caseListQuerySchema = z.object({
  phase: z.enum(CARE_CASE_PHASES).optional(),
  shelterId: z.uuid().optional().describe('placed in this shelter now'),
  teamMemberId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('only cases with an overdue task'),
  ageBand: z.enum(AGE_BANDS).optional(),
  search: z.string().trim().max(50).optional().describe('part of a pseudonym or case code'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
  ...listPagingQuery,
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const caseListItemSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  pseudonym: z.string(),
  ageBand: z.enum(AGE_BANDS),
  phase: z.enum(CARE_CASE_PHASES),
  openedAt: z.string(),
  placementOrganisationName: z.string().nullable(),
  overdueTasks: z.number().int(),
  nextDueAt: z.string().nullable(),
});
export type CaseListItem = z.infer<typeof caseListItemSchema>;
