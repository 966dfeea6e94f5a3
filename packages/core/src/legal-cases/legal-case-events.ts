import { z } from 'zod';
import { OFFENCE_CODE_PATTERN } from '../deadlines/offence-code.ts';

/**
 * The vocabulary of a legal case's timeline (issue 5, "Events"). Type names and the person fields
 * (`victim`, `accused`, `custody`, `scheme`) mean what the deadline engine reads (issue 6), so a
 * case's events map straight into `evaluate()`. Persons are named by their reference on the case
 * (`V1`, `A2`), never by name.
 */

export const PARTY_REF_PATTERN = /^[VA][0-9]{1,3}$/;
export const victimRefSchema = z
  .string()
  .regex(/^V[0-9]{1,3}$/, 'must be a victim reference on the case, e.g. V1');
export const accusedRefSchema = z
  .string()
  .regex(/^A[0-9]{1,3}$/, 'must be an accused reference on the case, e.g. A1');
export const offenceCodeSchema = z
  .string()
  .regex(OFFENCE_CODE_PATTERN, 'must be STATUTE:section(subsection), e.g. BNS:143(4) or POCSO:6');

export const FORUMS = ['magistrate', 'sessions', 'special-pocso'] as const;
export type Forum = (typeof FORUMS)[number];

export const CUSTODY_KINDS = ['police', 'judicial'] as const;
export const BAIL_KINDS = ['regular', 'default', 'anticipatory'] as const;
export const VERDICTS = ['convicted', 'acquitted'] as const;

/**
 * Compensation schemes; `POCSO-R9` and `POCSO-R8` (special relief on the CWC's recommendation) are
 * the values the engine's POCSO Rules r.9 and r.8 clocks read.
 */
export const COMPENSATION_SCHEMES = [
  'NALSA-2018',
  'WB-VCS-2017',
  'POCSO-R9',
  'BNSS-396',
  'POCSO-R8',
] as const;
export type CompensationScheme = (typeof COMPENSATION_SCHEMES)[number];

export const HEARING_PURPOSES = [
  'bail',
  'remand',
  'appearance',
  'documents',
  'charge',
  'evidence',
  'victim_evidence',
  'defence_evidence',
  'statement_of_accused',
  'arguments',
  'judgment',
  'sentence',
  'other',
] as const;

export const ADJOURNMENT_REASONS = [
  'accused_absent',
  'witness_absent',
  'prosecutor_absent',
  'defence_request',
  'prosecution_request',
  'court_time',
  'presiding_officer_absent',
  'lawyers_strike',
  'other',
] as const;

const amountSchema = z.number().int().min(0).max(100_000_000).describe('rupees');
const noteSchema = z.string().trim().max(500).describe('no names of survivors');
/** A date-time with its offset, for when a court says the case comes up next. */
const nextDateSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO date-time with an offset, e.g. 2025-06-01T10:30:00+05:30',
});

const empty = z.object({ note: noteSchema.optional() }).strict();
const courtStep = z.object({ nextDate: nextDateSchema.optional(), note: noteSchema.optional() });
const ofAccused = z.object({ accused: accusedRefSchema, note: noteSchema.optional() });
const ofVictim = z.object({ victim: victimRefSchema, note: noteSchema.optional() });
const accusedList = z
  .array(accusedRefSchema)
  .max(200)
  .optional()
  .describe('accused named; absent: all accused');
const compensation = z.object({
  victim: victimRefSchema,
  scheme: z.enum(COMPENSATION_SCHEMES),
  authority: z.string().trim().max(200).optional().describe('DLSA, SLSA or court'),
  note: noteSchema.optional(),
});

export const LEGAL_EVENT_DATA = {
  'fir.registered': z.object({
    offences: z.array(offenceCodeSchema).max(50).optional(),
    note: noteSchema.optional(),
  }),
  'accused.arrested': ofAccused,
  'accused.produced_before_magistrate': ofAccused.extend({ nextDate: nextDateSchema.optional() }),
  'accused.remanded': ofAccused.extend({
    custody: z.enum(CUSTODY_KINDS),
    days: z.number().int().min(1).max(90).optional(),
  }),
  'accused.bail_applied': ofAccused.extend({ kind: z.enum(BAIL_KINDS) }),
  'accused.bailed': ofAccused.extend({ kind: z.enum(BAIL_KINDS) }),
  'accused.absconded': ofAccused,
  'accused.discharged': ofAccused,
  'chargesheet.filed': z.object({
    accused: accusedList,
    offences: z.array(offenceCodeSchema).max(50).optional(),
    note: noteSchema.optional(),
  }),
  'chargesheet.supplementary': z.object({ accused: accusedList, note: noteSchema.optional() }),
  'court.cognizance': courtStep,
  'court.committed': courtStep.extend({ toCourtId: z.uuid().optional() }),
  'court.documents_supplied': courtStep.extend({ accused: accusedList }),
  'court.charge_hearing': courtStep,
  'court.charges_framed': courtStep.extend({
    accused: accusedList,
    offences: z.array(offenceCodeSchema).max(50).optional(),
  }),
  'court.hearing': z.object({
    purpose: z.enum(HEARING_PURPOSES),
    outcome: z.string().trim().max(300).optional(),
    adjourned: z.boolean().default(false),
    adjournmentReason: z.enum(ADJOURNMENT_REASONS).optional(),
    /** Victims who testify (or are to testify) at this hearing. */
    witnesses: z.array(victimRefSchema).max(50).optional(),
    nextDate: nextDateSchema.optional(),
    nextPurpose: z.enum(HEARING_PURPOSES).optional(),
    note: noteSchema.optional(),
  }),
  'court.arguments_concluded': courtStep,
  'court.judgment_deferred': courtStep,
  'court.judgment': z.object({
    verdicts: z
      .array(
        z.object({
          accused: accusedRefSchema,
          verdict: z.enum(VERDICTS),
          offences: z.array(offenceCodeSchema).max(50).optional(),
          sentence: z
            .object({
              imprisonment: z
                .union([z.number().min(0).max(100), z.literal('life')])
                .optional()
                .describe('years, or life'),
              fineRupees: amountSchema.optional(),
              text: z.string().trim().max(300).optional(),
            })
            .optional(),
        }),
      )
      .min(1, 'names at least one accused'),
    note: noteSchema.optional(),
  }),
  'appeal.filed': z.object({
    by: z.enum(['accused', 'state', 'victim']),
    accused: accusedRefSchema.optional(),
    forum: z.string().trim().max(200).optional(),
    note: noteSchema.optional(),
  }),
  'appeal.decided': z.object({
    accused: accusedRefSchema.optional(),
    outcome: z.enum(['dismissed', 'allowed', 'partly_allowed', 'remanded']),
    verdict: z.enum(VERDICTS).optional().describe('the accused’s standing after the appeal'),
    note: noteSchema.optional(),
  }),
  'victim.rescued': ofVictim.extend({ rescueOperationId: z.uuid().optional() }),
  'victim.produced_before_cwc': ofVictim,
  'victim.statement_recorded': ofVictim.extend({
    provision: z.enum(['BNSS:183', 'BNSS:180', 'POCSO:25', 'CrPC:164', 'CrPC:161']),
  }),
  'victim.deposition_recorded': z.object({
    victim: victimRefSchema.optional(),
    concluded: z.boolean().default(true),
    note: noteSchema.optional(),
  }),
  'victim.informed_of_progress': z.object({
    victim: victimRefSchema.optional(),
    note: noteSchema.optional(),
  }),
  'victim.medical_examined': ofVictim,
  'medical.report_forwarded': ofVictim,
  'police.reported_to_cwc_and_court': empty,
  'cwc.social_investigation_report': ofVictim,
  'cwc.final_order': ofVictim.extend({
    order: z
      .enum(['restoration', 'institutional_care', 'foster_care', 'after_care', 'other'])
      .optional(),
  }),
  'compensation.applied': compensation.extend({ amountRupees: amountSchema.optional() }),
  'compensation.interim_awarded': compensation.extend({ amountRupees: amountSchema }),
  'compensation.awarded': compensation.extend({ amountRupees: amountSchema }),
  'compensation.disbursed': compensation.extend({ amountRupees: amountSchema }),
  // Issue 18 (deadline pack 2): custody of a rescued person under ITPA s.17, the accused's
  // appearance after the chargesheet (BNSS s.230), CWC orders (JJ Act ss.94, 95; POCSO r.8) and
  // the certified copy of the judgment (Limitation Act s.12(2)).
  'victim.intermediate_custody_ordered': ofVictim,
  'victim.produced_before_magistrate': ofVictim,
  'victim.interim_custody_ordered': ofVictim,
  'victim.itpa_final_order': ofVictim,
  'victim.released': ofVictim,
  'accused.appeared_after_chargesheet': ofAccused,
  'cwc.age_determination_ordered': ofVictim,
  'victim.age_determined': ofVictim,
  'cwc.transfer_ordered': ofVictim,
  'victim.transferred': ofVictim,
  'cwc.special_relief_recommended': ofVictim,
  'certified_copy.applied': empty,
  'certified_copy.received': empty,
  /** Withdraws an event recorded in error (it must name it in `supersedes`). */
  'event.voided': z.object({ reason: z.string().trim().min(3).max(300) }),
} as const;

export type LegalEventType = keyof typeof LEGAL_EVENT_DATA;
export const LEGAL_EVENT_TYPES = Object.keys(LEGAL_EVENT_DATA) as LegalEventType[];
export type LegalEventData<T extends LegalEventType> = z.output<(typeof LEGAL_EVENT_DATA)[T]>;

export function isLegalEventType(value: string): value is LegalEventType {
  return Object.hasOwn(LEGAL_EVENT_DATA, value);
}

/** One recorded event as the rules read it (ids are strings; dates ISO with offset). */
export interface LegalEvent<T extends LegalEventType = LegalEventType> {
  readonly id: string;
  readonly type: T;
  readonly occurredAt: string;
  /** Order of recording, to break ties between events at the same instant. */
  readonly recordedAt: string;
  readonly supersedes: string | null;
  /** Officials credited with this step (ids of `official` rows). */
  readonly officials: readonly string[];
  readonly data: LegalEventData<T>;
}

export const newLegalEventSchema = z
  .object({
    type: z.enum(LEGAL_EVENT_TYPES as [LegalEventType, ...LegalEventType[]], {
      error: 'is not a legal case event type',
    }),
    occurredAt: z.iso.datetime({
      offset: true,
      error: 'must be an ISO date-time with an offset, e.g. 2025-01-10T09:30:00+05:30',
    }),
    supersedes: z.uuid('is not an event id').optional(),
    officials: z.array(z.uuid('is not an official id')).max(20).default([]),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((event, context) => {
    const parsed = LEGAL_EVENT_DATA[event.type].safeParse(event.data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        context.addIssue({
          code: 'custom',
          path: ['data', ...issue.path.map(String)],
          message: issue.message,
        });
      }
    }
    if (event.type === 'event.voided' && event.supersedes === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['supersedes'],
        message: 'event.voided names the event it withdraws',
      });
    }
  });
export type NewLegalEvent = z.input<typeof newLegalEventSchema>;

/** Parses an event's `data` with its type's schema (defaults applied). */
export function parseLegalEventData<T extends LegalEventType>(
  type: T,
  data: unknown,
): LegalEventData<T> {
  return LEGAL_EVENT_DATA[type].parse(data) as LegalEventData<T>;
}

/** Per event type, the keys its schema fills with a default when absent, and those defaults. */
const storedDefaults = new Map<LegalEventType, readonly [string, unknown][] | null>();

function defaultsOf(type: LegalEventType): readonly [string, unknown][] | null {
  let defaults = storedDefaults.get(type);
  if (defaults === undefined) {
    const schema: z.ZodType = LEGAL_EVENT_DATA[type];
    // A schema that is not a plain object (none today) is parsed in full.
    defaults =
      schema instanceof z.ZodObject
        ? Object.entries(schema.shape as Record<string, z.ZodType>)
            .filter(([, field]) => field instanceof z.ZodDefault)
            .map(([key, field]) => [key, field.parse(undefined)] as [string, unknown])
        : null;
    storedDefaults.set(type, defaults);
  }
  return defaults;
}

/**
 * An event's `data` as stored: the write path parsed it with {@link parseLegalEventData} before
 * storing it, so reading it back does not validate it again (the sweep reads every event of every
 * case: re-validating was a fifth of its evaluation time). Only the defaults are filled in, so a
 * row stored before a default was added reads as it parses. Anything but an object is parsed in
 * full, and fails as it would have.
 */
export function storedLegalEventData<T extends LegalEventType>(
  type: T,
  data: unknown,
): LegalEventData<T> {
  const defaults = defaultsOf(type);
  if (defaults === null || typeof data !== 'object' || data === null || Array.isArray(data))
    return parseLegalEventData(type, data);
  let filled: Record<string, unknown> | undefined;
  for (const [key, value] of defaults) {
    if ((data as Record<string, unknown>)[key] !== undefined) continue;
    filled ??= { ...(data as Record<string, unknown>) };
    filled[key] = structuredClone(value);
  }
  return (filled ?? data) as LegalEventData<T>;
}

/** The victims an event names (for per-victim views such as "hearings where she testifies"). */
export function victimsNamed(event: LegalEvent): string[] {
  const data = event.data as { victim?: string; witnesses?: string[] };
  return [...(data.victim ? [data.victim] : []), ...(data.witnesses ?? [])];
}

/** The accused an event names; `undefined` for an event about all accused (a chargesheet). */
export function accusedNamed(event: LegalEvent): string[] | undefined {
  const data = event.data as {
    accused?: string | string[];
    verdicts?: { accused: string }[];
  };
  if (event.type === 'court.judgment') return (data.verdicts ?? []).map((item) => item.accused);
  if (data.accused === undefined) return undefined;
  return [data.accused].flat();
}
