import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.ts';
import { fieldLabel } from './field-label.ts';
import { OFFENCE_CODE_PATTERN } from './offence-code.ts';
import type { RulePack } from './rule-pack.ts';

/**
 * The engine's JSON input (issue 6, "The contract"). The structure is the same for every pack;
 * the event vocabulary, the forums and which person each event names come from the pack, so a
 * misspelt event type is refused instead of silently leaving a deadline unmet.
 */

export interface DeadlineInputEvent {
  readonly type: string;
  readonly at: string;
  /** The caller's id for the event, echoed in explanations. */
  readonly id?: string;
  readonly victim?: string;
  /** One accused ref, or for a chargesheet a list of them (none: all accused). */
  readonly accused?: string | readonly string[];
  readonly scheme?: string;
  readonly custody?: string;
  /** What the event decided, e.g. `acquittal` on a `court.judgment`. */
  readonly outcome?: string;
}

export interface DeadlineInputVictim {
  readonly ref: string;
  readonly birthDate?: string;
  /** Used only without a birth date: the age band and the day it was recorded. */
  readonly ageBand?: { readonly band: PersonAgeBand; readonly on: string };
  /** Used only without a birth date. */
  readonly birthYearEstimate?: number;
}

/** Age bands in whole years, as persons record them when the birth date is not known. */
export const PERSON_AGE_BAND_YEARS = {
  '0-11': [0, 11],
  '12-14': [12, 14],
  '15-17': [15, 17],
  '18-24': [18, 24],
  '25-34': [25, 34],
  '35+': [35, null],
} as const satisfies Record<string, readonly [number, number | null]>;
export type PersonAgeBand = keyof typeof PERSON_AGE_BAND_YEARS;

export interface DeadlineInput {
  readonly jurisdiction: string;
  readonly asOf: string;
  readonly case: {
    readonly offences: readonly string[];
    readonly forum?: string;
    readonly victims: readonly DeadlineInputVictim[];
    readonly accused: readonly { readonly ref: string }[];
  };
  readonly events: readonly DeadlineInputEvent[];
}

/** Bounds that keep one evaluation small whatever a caller sends. */
export const DEADLINE_INPUT_LIMITS = { offences: 100, persons: 500, events: 5_000 } as const;

// Years before 1900 are mistakes here, and Date.UTC reads years 0–99 as 1900–1999.
const fromYear1900 = (text: string): boolean => text.slice(0, 4) >= '1900';

const instantSchema = z.iso
  .datetime({
    offset: true,
    error: 'must be an ISO date-time with an offset, e.g. 2025-01-10T09:30:00+05:30',
  })
  .refine(fromYear1900, 'must be in 1900 or later');

const calendarDateSchema = z.iso
  .date({ error: 'must be a calendar date YYYY-MM-DD' })
  .refine(fromYear1900, 'must be in 1900 or later');

// References, not names: the engine needs no personal data.
const refSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/,
    'must be a short reference (letters, digits, ".", "_", ":", "-"), not a name',
  );

const offenceSchema = z
  .string()
  .regex(OFFENCE_CODE_PATTERN, 'must be STATUTE:section(subsection), e.g. BNS:143(4) or POCSO:6');

function buildSchema(pack: RulePack) {
  const eventTypes = Object.keys(pack.events);
  const eventSchema = z.object({
    type: z.enum(eventTypes, { error: `must be one of: ${eventTypes.join(', ')}` }),
    at: instantSchema,
    id: z.string().min(1).max(128).optional(),
    victim: refSchema.optional(),
    accused: z
      .union([refSchema, z.array(refSchema).max(DEADLINE_INPUT_LIMITS.persons)], {
        error: 'must be an accused ref or a list of accused refs',
      })
      .optional(),
    scheme: z.string().min(1).max(64).optional(),
    custody: z.string().min(1).max(64).optional(),
    outcome: z.string().min(1).max(64).optional(),
  });

  return z
    .object({
      jurisdiction: z.literal(pack.jurisdiction),
      asOf: instantSchema,
      case: z.object({
        offences: z.array(offenceSchema).max(DEADLINE_INPUT_LIMITS.offences),
        forum: z
          .enum(pack.forums, { error: `must be one of: ${pack.forums.join(', ')}` })
          .optional(),
        victims: z
          .array(
            z.object({
              ref: refSchema,
              birthDate: calendarDateSchema.optional(),
              ageBand: z
                .object({
                  band: z.enum(
                    Object.keys(PERSON_AGE_BAND_YEARS) as [PersonAgeBand, ...PersonAgeBand[]],
                  ),
                  on: calendarDateSchema,
                })
                .optional(),
              birthYearEstimate: z.number().int().min(1900).max(9999).optional(),
            }),
          )
          .max(DEADLINE_INPUT_LIMITS.persons),
        accused: z.array(z.object({ ref: refSchema })).max(DEADLINE_INPUT_LIMITS.persons),
      }),
      events: z.array(eventSchema).max(DEADLINE_INPUT_LIMITS.events),
    })
    .superRefine((input, context) => {
      const issue = (path: (string | number)[], message: string): void => {
        context.addIssue({ code: 'custom', path, message });
      };
      const victims = new Set<string>();
      input.case.victims.forEach((victim, index) => {
        if (victims.has(victim.ref)) issue(['case', 'victims', index, 'ref'], 'duplicate ref');
        victims.add(victim.ref);
      });
      const accused = new Set<string>();
      input.case.accused.forEach((person, index) => {
        if (accused.has(person.ref)) issue(['case', 'accused', index, 'ref'], 'duplicate ref');
        accused.add(person.ref);
      });

      // A victim or accused named only by events is a person of the case too (issue 18): the
      // engine adds them to the case's persons, so they are not refused here.
      input.events.forEach((event, index) => {
        const path = ['events', index];
        const person = pack.events[event.type]?.person ?? 'none';
        switch (person) {
          case 'none':
          case 'victim-optional':
            break;
          case 'victim':
            if (event.victim === undefined)
              issue([...path, 'victim'], `${event.type} names a victim`);
            break;
          case 'accused':
            if (typeof event.accused !== 'string') {
              issue([...path, 'accused'], `${event.type} names one accused ref`);
            }
            break;
          case 'accused-list':
            if (typeof event.accused === 'string') {
              issue([...path, 'accused'], `${event.type} names a list of accused refs (or none)`);
            }
            break;
          default: {
            const unknown: never = person;
            throw new Error(`unknown person field ${String(unknown)}`);
          }
        }
      });
    });
}

const schemas = new WeakMap<RulePack, ReturnType<typeof buildSchema>>();

/** The input schema for one pack (built once per pack). */
export function deadlineInputSchemaFor(pack: RulePack): ReturnType<typeof buildSchema> {
  let schema = schemas.get(pack);
  if (!schema) {
    schema = buildSchema(pack);
    schemas.set(pack, schema);
  }
  return schema;
}

function validationError(issues: FieldIssue[]): DomainError {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new DomainError(
    'VALIDATION_FAILED',
    first ? `${fieldLabel(first.path)}: ${first.message}${more}` : 'invalid input',
    { issues },
  );
}

/**
 * Validates raw JSON against the pack of its `jurisdiction`. Throws `VALIDATION_FAILED` whose
 * message names the first offending field (`case.victims[0].birthDate: …`) and whose details list
 * every issue.
 */
export function parseDeadlineInputWith(
  raw: unknown,
  packs: readonly RulePack[],
): { input: DeadlineInput; pack: RulePack } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw validationError([{ path: 'input', message: 'must be a JSON object' }]);
  }
  const jurisdiction = 'jurisdiction' in raw ? raw.jurisdiction : undefined;
  const pack = packs.find((candidate) => candidate.jurisdiction === jurisdiction);
  if (!pack) {
    const known = packs.map((candidate) => candidate.jurisdiction).join(', ');
    throw validationError([
      {
        path: 'jurisdiction',
        message:
          typeof jurisdiction === 'string'
            ? `no rule pack for "${jurisdiction}" (known: ${known})`
            : `required: one of ${known}`,
      },
    ]);
  }
  const parsed = deadlineInputSchemaFor(pack).safeParse(raw);
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.length === 0 ? 'input' : issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
  return { input: parsed.data, pack };
}
