import { z } from 'zod';
import { calendarDaySchema } from '../instant.schema.ts';
import { CADRES, PARTNER_INSTITUTIONS } from './trainings.ts';

/**
 * A training programme and a session as the forms send them: checked by the server and, before
 * saving, by the browser, so each problem is named beside its field.
 */

const date = calendarDaySchema;
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const programmeInputSchema = z.object({
  title: text(200),
  topic: text(200),
  curriculum: z.string().trim().max(8000).default(''),
  targetCadres: z.array(z.enum(CADRES, { error: 'is not a cadre' })).max(CADRES.length),
});
export type ProgrammeInput = z.infer<typeof programmeInputSchema>;

export const sessionInputSchema = z
  .object({
    startsOn: date,
    endsOn: date,
    venue: text(200),
    district: text(100),
    partnerInstitution: z.enum(PARTNER_INSTITUTIONS, { error: 'is not a partner institution' }),
    trainers: z.array(text(200)).max(20).default([]),
  })
  .refine((session) => session.endsOn >= session.startsOn, {
    path: ['endsOn'],
    message: 'must be on or after the first day',
  })
  .refine(
    (session) => Date.parse(session.endsOn) - Date.parse(session.startsOn) <= 30 * 86_400_000,
    { path: ['endsOn'], message: 'a session lasts at most 31 days' },
  );
export type SessionInput = z.infer<typeof sessionInputSchema>;
