import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { CONFIDENCE_TAGS, CONSEQUENCE_CLASSES, OBLIGATION_STATUSES } from './rule-pack.ts';

/**
 * The engine's output: the JSON contract of issue 6 (`regime`, and per obligation `rule`,
 * `citation`, `subject`, `startsAt`, `dueAt`, `status`, `metAt`, `consequence`), plus fields the
 * product needs to show and alert on it. Date-times are ISO strings in the pack's zone offset.
 */

const eventReferenceSchema = z.object({
  type: z.string(),
  at: z.string(),
  /** Position in the input's `events`. */
  index: z.number().int().nonnegative(),
  id: z.string().optional(),
});
export type EventReference = z.infer<typeof eventReferenceSchema>;

export const obligationExplanationSchema = z.object({
  startEvent: eventReferenceSchema,
  condition: z.string(),
  counting: z.string(),
  citation: z.string(),
  confidence: z.enum(CONFIDENCE_TAGS),
  unconfirmed: z.boolean(),
  satisfiedBy: z.string(),
  satisfyingEvent: eventReferenceSchema.nullable(),
  notes: z.array(z.string()),
});
export type ObligationExplanation = z.infer<typeof obligationExplanationSchema>;

export const obligationSchema = z.object({
  rule: z.string(),
  citation: z.string(),
  subject: z.string().nullable(),
  startsAt: z.string(),
  dueAt: z.string(),
  status: z.enum(OBLIGATION_STATUSES),
  metAt: z.string().nullable(),
  consequence: z.enum(CONSEQUENCE_CLASSES),
  title: z.string(),
  confidence: z.enum(CONFIDENCE_TAGS),
  /** True for a rule tagged [U] in docs/legal-sources.md: verify before relying on it. */
  unconfirmed: z.boolean(),
  responsibleRole: z.enum(ROLES),
  actor: z.string(),
  alertsAt: z.array(z.string()),
  explanation: obligationExplanationSchema,
});
export type Obligation = z.infer<typeof obligationSchema>;

export const deadlineResultSchema = z.object({
  jurisdiction: z.string(),
  asOf: z.string(),
  regime: z.string(),
  regimeExplanation: z.string(),
  obligations: z.array(obligationSchema),
});
export type DeadlineResult = z.infer<typeof deadlineResultSchema>;
