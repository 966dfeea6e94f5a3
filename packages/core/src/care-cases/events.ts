import { z } from 'zod';
import {
  METHODS_OF_CONTROL,
  METHODS_OF_RECRUITMENT,
  REFERRAL_REASONS,
  RELATIONSHIPS_TO_TRAFFICKER,
  STATUS_DECISION_ORGANISATIONS,
  TRAFFICKING_STATUSES,
  TYPES_OF_EXPLOITATION,
  TYPES_OF_SEX_EXPLOITATION,
  WEBSITES_AND_APPS,
} from './htcds.ts';
import { OUTCOME_DOMAINS } from './outcome-domains.ts';

/**
 * The vocabulary of a care case's timeline: one zod schema per event type for its `data`.
 * Places are recorded at district/state/country level only; a street or village would identify.
 * Free text (notes, descriptions) must not hold names; the form says so, and it never leaves the
 * case (exports use the coded fields).
 */
const text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter country code such as IN, BD or NP');
const organisationId = z.uuid('is not an organisation id');

export const placeSchema = z
  .object({
    district: z.string().trim().max(100).optional(),
    state: z.string().trim().max(100).optional(),
    country: countryCode.optional(),
  })
  .strict();

const rescueIdentified = z
  .object({
    rescuedBy: z
      .enum(['police', 'ahtu', 'ngo', 'self_reported', 'community', 'other'])
      .describe('who brought her out'),
    rescuePlace: placeSchema.optional(),
    traffickingStatus: z.enum(TRAFFICKING_STATUSES),
    traffickingStatusDecidedBy: z.enum(STATUS_DECISION_ORGANISATIONS),
    relationshipToTrafficker: z.enum(RELATIONSHIPS_TO_TRAFFICKER).optional(),
    ageWhenTrafficked: z.number().int().min(0).max(100).optional(),
    methodOfRecruitment: z.array(z.enum(METHODS_OF_RECRUITMENT)).max(10).default([]),
    recruitmentWebsitesAndApps: z.array(z.enum(WEBSITES_AND_APPS)).max(15).default([]),
    locationOfRecruitment: placeSchema.optional(),
    methodsOfControl: z.array(z.enum(METHODS_OF_CONTROL)).max(20).default([]),
    typeOfExploitation: z.array(z.enum(TYPES_OF_EXPLOITATION)).min(1, 'name at least one').max(11),
    forcedLabourIndustry: z
      .string()
      .regex(/^[A-U]_[A-Za-z]+$/, 'must be an ISIC Rev.4 section such as C_Manufacturing')
      .optional(),
    typeOfSexExploitation: z.array(z.enum(TYPES_OF_SEX_EXPLOITATION)).max(4).default([]),
    locationOfExploitation: placeSchema.optional(),
    exploitationWebsitesAndApps: z.array(z.enum(WEBSITES_AND_APPS)).max(15).default([]),
    rescueOperationReference: z.string().trim().max(50).optional(),
  })
  .strict();

const production = z
  .object({
    organisationId: organisationId.optional().describe('the CWC or court'),
    statementRecorded: z.boolean().default(false),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();

export const ORDER_KINDS = [
  'interim_placement',
  'social_investigation_ordered',
  'age_determination',
  'medical_examination',
  'final_order',
  'restoration',
  'repatriation',
  // Issue 18: the orders whose clocks the deadline engine reads on the legal case (ITPA s.17,
  // JJ Act s.95, POCSO Rules r.8), so the care team can record them where it works.
  'intermediate_custody',
  'interim_custody',
  'itpa_final_order',
  'transfer',
  'special_relief',
] as const;

const orderPassed = z
  .object({
    authority: z.enum(['cwc', 'magistrate', 'court']),
    organisationId: organisationId.optional(),
    orderKind: z.enum(ORDER_KINDS),
    orderReference: z.string().trim().max(100).optional(),
    placementOrganisationId: organisationId.optional().describe('for a placement order'),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();

export const PLACEMENT_KINDS = [
  'shelter_home',
  'children_home',
  'fit_facility',
  'foster_care',
  'other',
] as const;

const placementStarted = z
  .object({
    organisationId: organisationId.describe('the shelter home'),
    placementKind: z.enum(PLACEMENT_KINDS),
    orderReference: z.string().trim().max(100).optional(),
  })
  .strict();

export const PLACEMENT_END_REASONS = [
  'restored_to_family',
  'repatriated',
  'transferred',
  'independent_living',
  'absconded',
  'other',
] as const;

const placementEnded = z.object({ reason: z.enum(PLACEMENT_END_REASONS) }).strict();

const carePlanEvent = z
  .object({
    carePlanId: z.uuid('is not a care plan id'),
    summary: z.string().trim().max(2000).optional(),
  })
  .strict();

export const SERVICES = [
  'counselling',
  'medical',
  'legal_aid',
  'education',
  'vocational_training',
  'life_skills',
  'livelihood',
  'family_tracing',
  'home_investigation_report',
  'repatriation',
] as const;
export type Service = (typeof SERVICES)[number];

export const REPATRIATION_STEPS = [
  'initiated',
  'home_state_or_country_contacted',
  'travel_documents',
  'escorted',
  'handed_over',
] as const;

const serviceDelivered = z
  .object({
    service: z.enum(SERVICES),
    domain: z.enum(OUTCOME_DOMAINS).optional(),
    goalId: z.uuid('is not a care plan goal id').optional(),
    providerOrganisationId: organisationId.optional(),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
    repatriationStep: z.enum(REPATRIATION_STEPS).optional(),
    reach: z.enum(['within_state', 'inter_state', 'cross_border']).optional(),
    destinationState: z.string().trim().max(100).optional(),
    destinationCountry: countryCode.optional(),
    description: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.service === 'repatriation' && !value.repatriationStep)
      context.addIssue({ code: 'custom', path: ['repatriationStep'], message: 'is required' });
    if (value.reach === 'cross_border' && !value.destinationCountry)
      context.addIssue({
        code: 'custom',
        path: ['destinationCountry'],
        message: 'is required for a cross-border step',
      });
    if (value.reach === 'inter_state' && !value.destinationState)
      context.addIssue({
        code: 'custom',
        path: ['destinationState'],
        message: 'is required for an inter-state step',
      });
  });

const followUpVisit = z
  .object({
    mode: z.enum(['home_visit', 'phone', 'office_visit', 'school_or_work_visit']),
    wellbeing: z.enum(['well', 'some_concerns', 'at_risk']),
    observations: z.string().trim().max(4000).optional(),
  })
  .strict();

const note = z.object({ text: text(8000) }).strict();

const referralMade = z
  .object({
    toOrganisationId: organisationId,
    reason: z.enum(REFERRAL_REASONS),
    details: z.string().trim().max(2000).optional(),
  })
  .strict();

export const CLOSURE_REASONS = [
  'restored',
  'transferred',
  'lost_contact',
  'deceased',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

const caseClosed = z
  .object({
    reason: z.enum(CLOSURE_REASONS),
    details: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.reason === 'other' && !value.details)
      context.addIssue({ code: 'custom', path: ['details'], message: 'say why the case closes' });
  });

export const CARE_CASE_EVENT_SCHEMAS = {
  'rescue.identified': rescueIdentified,
  'victim.produced_before_cwc': production,
  'victim.produced_before_magistrate': production,
  'order.passed': orderPassed,
  'placement.started': placementStarted,
  'placement.ended': placementEnded,
  'care_plan.created': carePlanEvent,
  'care_plan.reviewed': carePlanEvent,
  'service.delivered': serviceDelivered,
  'follow_up.visit': followUpVisit,
  'note.case': note,
  'note.counselling': note,
  'referral.made': referralMade,
  'case.closed': caseClosed,
} as const;

export type CareCaseEventType = keyof typeof CARE_CASE_EVENT_SCHEMAS;
export const CARE_CASE_EVENT_TYPES = Object.keys(CARE_CASE_EVENT_SCHEMAS) as CareCaseEventType[];

export type CareCaseEventData<Type extends CareCaseEventType> = z.output<
  (typeof CARE_CASE_EVENT_SCHEMAS)[Type]
>;

/** Events only counsellors and program managers read (counselling_note:read). */
export const RESTRICTED_EVENT_TYPES: readonly CareCaseEventType[] = ['note.counselling'];

/** Events that users record through the timeline; care plans record theirs themselves. */
export const SYSTEM_EVENT_TYPES: readonly CareCaseEventType[] = ['care_plan.created'];

export function isCareCaseEventType(value: string): value is CareCaseEventType {
  return value in CARE_CASE_EVENT_SCHEMAS;
}

/** An event as the rules see it: ids, type, when, data already validated. */
export interface CareCaseEvent {
  id: string;
  type: CareCaseEventType;
  occurredAt: string;
  data: Record<string, unknown>;
  supersedesId?: string | null | undefined;
}

export type ParsedEventData =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; issues: { path: string; message: string }[] };

/** Validates `data` against its type's schema; issue paths are relative to `data`. */
export function parseEventData(type: CareCaseEventType, data: unknown): ParsedEventData {
  const result = CARE_CASE_EVENT_SCHEMAS[type].safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: ['data', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  };
}
