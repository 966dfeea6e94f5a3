import { calendarDaySchema } from '@dawn/core';
import { z } from 'zod';

const date = calendarDaySchema;

export const dashboardQuerySchema = z
  .object({
    from: date,
    to: date,
    district: z.string().trim().min(1).max(100).optional(),
    policeStationId: z.uuid('is not a police station').optional(),
    courtId: z.uuid('is not a court').optional(),
    organisationId: z.uuid('is not an organisation').optional(),
    deadlinesBy: z.enum(['district', 'police_station', 'court']).default('police_station'),
    /** true: the partner-safe figures whoever asks (what every download carries). */
    published: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
  })
  .refine((query) => query.to >= query.from, {
    path: ['to'],
    message: 'must be on or after the start of the period',
  });
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** A count as published: the number, "<11" (1 to 10), or "–" (withheld so "<11" stays hidden). */
const cellSchema = z.union([z.number(), z.literal('<11'), z.literal('–')]);

export const tableSchema = z.object({
  rows: z.array(z.string()),
  columns: z.array(z.string()),
  cells: z.array(z.array(cellSchema)),
  rowTotals: z.array(cellSchema),
  columnTotals: z.array(cellSchema),
  total: cellSchema,
});
export type DashboardTable = z.infer<typeof tableSchema>;

const intervalSchema = z.object({
  cases: cellSchema,
  medianDays: z.number().nullable(),
  p90Days: z.number().nullable(),
});

export const dashboardSchema = z.object({
  exact: z.boolean(),
  period: z.object({ from: z.string(), to: z.string() }),
  rescues: tableSchema,
  inCareByPhase: tableSchema,
  restored: z.object({
    rule: z.string(),
    years: z.array(z.number().int()),
    perYear: z.array(cellSchema),
    cumulative: z.array(cellSchema),
  }),
  legal: z.object({
    firToChargesheet: intervalSchema.extend({
      within60Share: z.number().nullable(),
      within90Share: z.number().nullable(),
    }),
    firToVerdict: intervalSchema,
    counts: tableSchema,
    hearings: tableSchema,
    verdicts: tableSchema,
    convictionRate: z.number().nullable(),
  }),
  /** Re-trafficking alerts raised and confirmed as the same person, in the period. */
  retrafficking: tableSchema,
  compensation: z.object({
    counts: tableSchema,
    amountAwarded: z.number().nullable(),
    amountDisbursed: z.number().nullable(),
    medianDaysToAward: z.number().nullable(),
    medianDaysToPayment: z.number().nullable(),
  }),
  deadlines: z.object({
    by: z.enum(['district', 'police_station', 'court']),
    byRule: tableSchema,
    byPlace: tableSchema,
    byYear: tableSchema,
  }),
  trainings: z.object({
    byCadreAndDistrict: tableSchema,
    meanKnowledgeGain: z.number().nullable(),
    tested: cellSchema,
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
