import { OUTCOME_DOMAINS, SERVICES } from '@dawn/core';
import { z } from 'zod';
import { instantSchema } from '../care-cases/care-case.schemas.ts';

const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'discontinued'] as const;

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real date');

export const goalInputSchema = z.object({
  domain: z.enum(OUTCOME_DOMAINS),
  description: z.string().trim().min(1, 'is required').max(1000),
  services: z.array(z.enum(SERVICES)).max(10).default([]),
  targetDate: calendarDate.optional(),
  status: z.enum(GOAL_STATUSES).default('not_started'),
});

export const carePlanInputSchema = z.object({
  summary: z.string().trim().min(1, 'is required').max(4000),
  reviewDueAt: instantSchema.optional(),
  goals: z.array(goalInputSchema).min(1, 'a plan needs at least one goal').max(30),
});
export type CarePlanInput = z.infer<typeof carePlanInputSchema>;

export const goalStatusSchema = z.object({ status: z.enum(GOAL_STATUSES) });

export const carePlanSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  status: z.enum(['draft', 'approved', 'superseded']),
  /** Moved on by every change to the plan; send it back as `If-Match` with an edit. */
  version: z.number().int(),
  summary: z.string(),
  reviewDueAt: z.string().nullable(),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  goals: z.array(
    z.object({
      id: z.uuid(),
      domain: z.enum(OUTCOME_DOMAINS),
      description: z.string(),
      services: z.array(z.enum(SERVICES)),
      targetDate: z.string().nullable(),
      status: z.enum(GOAL_STATUSES),
    }),
  ),
});
export type CarePlanView = z.infer<typeof carePlanSchema>;

export const planParams = z.object({
  id: z.uuid('is not a care case id'),
  planId: z.uuid('is not a care plan id'),
});

/**
 * `If-Match: "<version>"` on an edit: the plan's version the editor started from. Without it the
 * edit replaces the draft whatever happened to it meanwhile (scripts written before it).
 */
export const carePlanPreconditionHeaders = z
  .object({
    'if-match': z
      .string()
      .regex(/^\s*(?:W\/)?"?\d{1,9}"?\s*$/u, 'must be the version the plan answered, e.g. "3"')
      .optional(),
  })
  .loose();

/** The version an edit was made from, when its request named one. */
export function carePlanPrecondition(headers: {
  'if-match'?: string | undefined;
}): number | undefined {
  const match = headers['if-match'];
  return match === undefined ? undefined : Number(/\d+/u.exec(match)?.[0]);
}
