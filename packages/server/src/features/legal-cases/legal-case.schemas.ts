import {
  legalCaseTitleFirSchema,
  CUSTODY_STATUSES,
  FORUMS,
  LEGAL_CASE_STAGES,
  LEGAL_EVENT_TYPES,
  OFFENCE_CODE_PATTERN,
  checkCnr,
  newLegalEventSchema,
  newPartySchema,
} from '@dawn/core';
import { z } from 'zod';
import { listPagingQuery } from '../../platform/db/keyset.ts';

/** Request and response shapes of the legal-case API. Persons appear as ids and pseudonyms only. */
const offence = z
  .string()
  .trim()
  .regex(OFFENCE_CODE_PATTERN, 'must be STATUTE:section(subsection), e.g. BNS:143(4) or POCSO:6');

export const cnrSchema = z
  .string()
  .trim()
  .transform((value, context) => {
    const checked = checkCnr(value);
    if (!checked.ok) {
      context.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    }
    return checked.cnr;
  })
  .describe('eCourts CNR, 16 characters, e.g. WBKO010012342025');

const dateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO date-time with an offset, e.g. 2025-01-10T09:30:00+05:30',
});

export const firSchema = z.object({
  policeStationId: z.uuid('is not an organisation id'),
  number: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z/-]{1,20}$/, 'must be the FIR number as written, e.g. 123 or 45/A'),
  year: z.number().int().min(1950).max(2100),
  registeredAt: dateTime.describe('records fir.registered at this time'),
  zeroFir: z.boolean().default(false),
});

export const newLegalCaseSchema = z.object({
  fir: firSchema.optional(),
  cnr: cnrSchema.optional(),
  courtId: z.uuid('is not an organisation id').optional(),
  forum: z.enum(FORUMS).optional(),
  offences: z.array(offence).max(50).default([]),
  investigatingOfficerId: z.uuid('is not an official id').optional(),
  publicProsecutorId: z.uuid('is not an official id').optional(),
  advocateId: z.uuid('is not an official id').optional(),
  victims: z.array(z.uuid('is not a person id')).max(100).default([]),
  accused: z.array(z.uuid('is not a person id')).max(100).default([]),
});
export type NewLegalCase = z.infer<typeof newLegalCaseSchema>;

export const legalCaseUpdateSchema = z.object({
  cnr: cnrSchema.nullable().optional(),
  courtId: z.uuid().nullable().optional(),
  forum: z.enum(FORUMS).nullable().optional(),
  offences: z.array(offence).max(50).optional(),
  investigatingOfficerId: z.uuid().nullable().optional(),
  publicProsecutorId: z.uuid().nullable().optional(),
  advocateId: z.uuid().nullable().optional(),
});
export type LegalCaseUpdate = z.infer<typeof legalCaseUpdateSchema>;

/** Adding a victim or an accused; the accused form checks the same schema before saving. */
export { newPartySchema };

const reference = z.object({ id: z.uuid(), name: z.string() });
const officialView = reference.extend({ designation: z.string() });

export const offenceViewSchema = z.object({
  code: z.string(),
  title: z.string().nullable(),
  defaultBailDays: z.union([z.literal(60), z.literal(90)]),
  contested: z.boolean(),
  inCatalogue: z.boolean(),
});

export const partyViewSchema = z.object({
  ref: z.string(),
  role: z.enum(['victim', 'accused']),
  personId: z.uuid(),
  pseudonym: z.string(),
  custody: z.enum(CUSTODY_STATUSES).nullable(),
  custodySince: z.string().nullable(),
});

export const nextHearingSchema = z.object({ at: z.string(), purpose: z.string().nullable() });

export const legalCaseSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  title: z
    .string()
    .describe(
      'FIR number/year and police station, or the start of the id, in English for API clients; never a person',
    ),
  titleFir: legalCaseTitleFirSchema,
  fir: z
    .object({
      policeStation: reference,
      number: z.string(),
      year: z.number().int(),
      date: z.string().nullable(),
      zeroFir: z.boolean(),
    })
    .nullable(),
  cnr: z.string().nullable(),
  court: reference.nullable(),
  forum: z.enum(FORUMS).nullable(),
  offences: z.array(offenceViewSchema),
  investigatingOfficer: officialView.nullable(),
  publicProsecutor: officialView.nullable(),
  advocate: officialView.nullable(),
  stage: z.enum(LEGAL_CASE_STAGES),
  accusedInCustody: z.number().int(),
  nextHearing: nextHearingSchema.nullable(),
  lastEventAt: z.string().nullable(),
  createdAt: z.string(),
});
export type LegalCaseView = z.infer<typeof legalCaseSchema>;

/**
 * A row of the legal-case list: what the list screen shows of a case (its title and CNR, court,
 * offences, stage, accused in custody and next hearing), each field exactly as the case's own page
 * writes it, in the page's order (issue 11). The rest (FIR details, forum, officials, organisation,
 * last event, creation) is on `GET /api/legal-cases/{id}`: the list wrote it for every row, about
 * half of each row's bytes and of the columns read, for a screen that shows none of it.
 */
export const legalCaseListItemSchema = z.object({
  id: legalCaseSchema.shape.id,
  title: legalCaseSchema.shape.title,
  titleFir: legalCaseSchema.shape.titleFir,
  cnr: legalCaseSchema.shape.cnr,
  court: legalCaseSchema.shape.court,
  offences: legalCaseSchema.shape.offences,
  stage: legalCaseSchema.shape.stage,
  accusedInCustody: legalCaseSchema.shape.accusedInCustody,
  nextHearing: legalCaseSchema.shape.nextHearing,
});
export type LegalCaseListItem = z.infer<typeof legalCaseListItemSchema>;

export const legalCaseDetailSchema = legalCaseSchema.extend({
  parties: z.array(partyViewSchema),
});
export type LegalCaseDetail = z.infer<typeof legalCaseDetailSchema>;

export const legalCaseListQuerySchema = z.object({
  stage: z.enum(LEGAL_CASE_STAGES).optional(),
  courtId: z.uuid().optional(),
  offence: offence.optional(),
  inCustody: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('only cases with (or without) an accused in custody'),
  hearingWithinDays: z.coerce.number().int().min(0).max(366).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
  count: listPagingQuery.count,
  after: listPagingQuery.after,
});
export type LegalCaseListQuery = z.infer<typeof legalCaseListQuerySchema>;

export { newLegalEventSchema };

export const eventViewSchema = z.object({
  id: z.uuid(),
  type: z.enum(LEGAL_EVENT_TYPES as [string, ...string[]]),
  occurredAt: z.string(),
  recordedAt: z.string(),
  recordedBy: z.uuid().nullable(),
  supersedes: z.uuid().nullable(),
  supersededBy: z.uuid().nullable(),
  officials: z.array(officialView),
  data: z.record(z.string(), z.unknown()),
});
export type EventView = z.infer<typeof eventViewSchema>;
