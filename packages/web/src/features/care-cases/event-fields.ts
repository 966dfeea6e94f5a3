import {
  CLOSURE_REASONS,
  METHODS_OF_CONTROL,
  METHODS_OF_RECRUITMENT,
  ORDER_KINDS,
  OUTCOME_DOMAINS,
  PLACEMENT_END_REASONS,
  PLACEMENT_KINDS,
  REFERRAL_REASONS,
  RELATIONSHIPS_TO_TRAFFICKER,
  REPATRIATION_STEPS,
  SERVICES,
  STATUS_DECISION_ORGANISATIONS,
  TRAFFICKING_STATUSES,
  TYPES_OF_EXPLOITATION,
  TYPES_OF_SEX_EXPLOITATION,
  type CareCaseEventType,
} from '@dawn/core';

/**
 * The form fields of each care event type, following core's zod schemas (events.ts), which stay
 * the judge: the server validates and the form shows its answer beside the field it names.
 *
 * Options are shown translated from `careCases.options.<optionsKey, or else the field's name>.<value>`
 * (HTCDS code lists included: their value names are codes, not words to show).
 */
export type FieldSpec =
  | {
      name: string;
      kind: 'select' | 'multiselect';
      options: readonly string[];
      optionsKey?: string;
      required?: boolean;
    }
  | { name: string; kind: 'text' | 'textarea' | 'country'; required?: boolean }
  | { name: string; kind: 'number'; min: number; max: number; required?: boolean }
  | { name: string; kind: 'boolean' | 'place' | 'carePlan'; required?: boolean }
  | { name: string; kind: 'organisation'; required?: boolean };

const production: FieldSpec[] = [
  { name: 'organisationId', kind: 'organisation' },
  { name: 'statementRecorded', kind: 'boolean' },
  { name: 'notes', kind: 'textarea' },
];

const carePlanEvent: FieldSpec[] = [
  { name: 'carePlanId', kind: 'carePlan', required: true },
  { name: 'summary', kind: 'textarea' },
];

const note: FieldSpec[] = [{ name: 'text', kind: 'textarea', required: true }];

export const EVENT_FIELDS: Record<CareCaseEventType, FieldSpec[]> = {
  'rescue.identified': [
    {
      name: 'rescuedBy',
      kind: 'select',
      options: ['police', 'ahtu', 'ngo', 'self_reported', 'community', 'other'],
      optionsKey: 'rescuedBy',
      required: true,
    },
    { name: 'rescuePlace', kind: 'place' },
    { name: 'traffickingStatus', kind: 'select', options: TRAFFICKING_STATUSES, required: true },
    {
      name: 'traffickingStatusDecidedBy',
      kind: 'select',
      options: STATUS_DECISION_ORGANISATIONS,
      required: true,
    },
    {
      name: 'typeOfExploitation',
      kind: 'multiselect',
      options: TYPES_OF_EXPLOITATION,
      required: true,
    },
    { name: 'typeOfSexExploitation', kind: 'multiselect', options: TYPES_OF_SEX_EXPLOITATION },
    { name: 'methodOfRecruitment', kind: 'multiselect', options: METHODS_OF_RECRUITMENT },
    { name: 'methodsOfControl', kind: 'multiselect', options: METHODS_OF_CONTROL },
    { name: 'relationshipToTrafficker', kind: 'select', options: RELATIONSHIPS_TO_TRAFFICKER },
    { name: 'ageWhenTrafficked', kind: 'number', min: 0, max: 100 },
    { name: 'locationOfExploitation', kind: 'place' },
    { name: 'rescueOperationReference', kind: 'text' },
  ],
  'victim.produced_before_cwc': production,
  'victim.produced_before_magistrate': production,
  'order.passed': [
    {
      name: 'authority',
      kind: 'select',
      options: ['cwc', 'magistrate', 'court'],
      optionsKey: 'authority',
      required: true,
    },
    {
      name: 'orderKind',
      kind: 'select',
      options: ORDER_KINDS,
      optionsKey: 'orderKind',
      required: true,
    },
    { name: 'organisationId', kind: 'organisation' },
    { name: 'placementOrganisationId', kind: 'organisation' },
    { name: 'orderReference', kind: 'text' },
    { name: 'notes', kind: 'textarea' },
  ],
  'placement.started': [
    { name: 'organisationId', kind: 'organisation', required: true },
    {
      name: 'placementKind',
      kind: 'select',
      options: PLACEMENT_KINDS,
      optionsKey: 'placementKind',
      required: true,
    },
    { name: 'orderReference', kind: 'text' },
  ],
  'placement.ended': [
    {
      name: 'reason',
      kind: 'select',
      options: PLACEMENT_END_REASONS,
      optionsKey: 'placementEndReason',
      required: true,
    },
  ],
  'care_plan.created': carePlanEvent,
  'care_plan.reviewed': carePlanEvent,
  'service.delivered': [
    { name: 'service', kind: 'select', options: SERVICES, optionsKey: 'service', required: true },
    { name: 'domain', kind: 'select', options: OUTCOME_DOMAINS, optionsKey: 'domain' },
    { name: 'providerOrganisationId', kind: 'organisation' },
    { name: 'durationMinutes', kind: 'number', min: 1, max: 24 * 60 },
    {
      name: 'repatriationStep',
      kind: 'select',
      options: REPATRIATION_STEPS,
      optionsKey: 'repatriationStep',
    },
    {
      name: 'reach',
      kind: 'select',
      options: ['within_state', 'inter_state', 'cross_border'],
      optionsKey: 'reach',
    },
    { name: 'destinationState', kind: 'text' },
    { name: 'destinationCountry', kind: 'country' },
    { name: 'description', kind: 'textarea' },
  ],
  'follow_up.visit': [
    {
      name: 'mode',
      kind: 'select',
      options: ['home_visit', 'phone', 'office_visit', 'school_or_work_visit'],
      optionsKey: 'visitMode',
      required: true,
    },
    {
      name: 'wellbeing',
      kind: 'select',
      options: ['well', 'some_concerns', 'at_risk'],
      optionsKey: 'wellbeing',
      required: true,
    },
    { name: 'observations', kind: 'textarea' },
  ],
  'note.case': note,
  'note.counselling': note,
  'referral.made': [
    { name: 'toOrganisationId', kind: 'organisation', required: true },
    { name: 'reason', kind: 'select', options: REFERRAL_REASONS, required: true },
    { name: 'details', kind: 'textarea' },
  ],
  'case.closed': [
    {
      name: 'reason',
      kind: 'select',
      options: CLOSURE_REASONS,
      optionsKey: 'closureReason',
      required: true,
    },
    { name: 'details', kind: 'textarea' },
  ],
};

type Place = { district?: string; state?: string; country?: string };

/** The form's values as the event's `data`: empty fields left out, places only when given. */
export function eventData(
  type: CareCaseEventType,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of EVENT_FIELDS[type]) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (field.kind === 'place') {
      const place: Record<string, string> = {};
      for (const [key, part] of Object.entries(value as Place)) {
        const trimmed = key === 'country' ? part.trim().toUpperCase() : part.trim();
        if (trimmed !== '') place[key] = trimmed;
      }
      if (Object.keys(place).length > 0) data[field.name] = place;
      continue;
    }
    if (typeof value === 'string' && ['country', 'text', 'textarea'].includes(field.kind)) {
      const text = field.kind === 'country' ? value.trim().toUpperCase() : value.trim();
      if (text) data[field.name] = text;
    } else data[field.name] = value;
  }
  return data;
}
