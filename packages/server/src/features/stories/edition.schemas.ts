import { STORY_LANGUAGES, storyLanguageSchema } from '@dawn/core';
import { z } from 'zod';

export const editionIdParams = z.object({ id: z.uuid('is not an edition id') });
export const monthParams = editionIdParams.extend({
  month: z.coerce.number().int().min(1, 'is not a month (1–12)').max(12, 'is not a month (1–12)'),
});

export const newEditionSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1, 'is required').max(120),
  subtitle: z.string().trim().max(200).default(''),
  paper: z.enum(['A4', 'A3']).default('A4'),
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
  bleedMarks: z.boolean().default(false),
});
export type NewEdition = z.infer<typeof newEditionSchema>;

export const updateEditionSchema = z
  .object({
    title: newEditionSchema.shape.title,
    subtitle: z.string().trim().max(200),
    paper: z.enum(['A4', 'A3']),
    orientation: z.enum(['portrait', 'landscape']),
    bleedMarks: z.boolean(),
  })
  .partial();
export type UpdateEdition = z.infer<typeof updateEditionSchema>;

export const assignMonthSchema = z.object({
  storyId: z.uuid('is not a story id'),
  languages: z
    .array(storyLanguageSchema)
    .min(1, 'choose at least one language')
    .max(STORY_LANGUAGES.length)
    .refine((list) => new Set(list).size === list.length, 'each language once'),
});
export type AssignMonth = z.infer<typeof assignMonthSchema>;

export const editionMonthSchema = z.object({
  month: z.number().int(),
  storyId: z.uuid(),
  publicPseudonym: z.string(),
  languages: z.array(storyLanguageSchema),
  printable: z
    .boolean()
    .describe('approved, with consent to print in force; a page that is not is left out'),
});

export const editionSchema = z.object({
  id: z.uuid(),
  year: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  paper: z.enum(['A4', 'A3']),
  orientation: z.enum(['portrait', 'landscape']),
  bleedMarks: z.boolean(),
  status: z.enum(['draft', 'printed']),
  printedAt: z.string().nullable(),
  doNotReprint: z.boolean(),
  months: z.array(editionMonthSchema),
});
export type EditionView = z.infer<typeof editionSchema>;

export const holidaySchema = z.object({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  names: z.object({
    en: z.string().trim().min(1).max(100),
    bn: z.string().trim().min(1).max(100),
    hi: z.string().trim().min(1).max(100),
  }),
});
/** The last day of each month in a leap year: a holiday on the 29th of February is kept. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar's holidays: each a day that exists, and each day once (it is one cell). */
export const holidaysSchema = z
  .object({ holidays: z.array(holidaySchema).max(100) })
  .superRefine(({ holidays }, context) => {
    const first = new Map<string, number>();
    holidays.forEach((holiday, index) => {
      if (holiday.day > (DAYS_IN_MONTH[holiday.month - 1] ?? 31))
        context.addIssue({
          code: 'custom',
          path: ['holidays', index, 'day'],
          message: 'is not a day of that month',
        });
      const key = `${holiday.month}-${holiday.day}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, index);
      else
        context.addIssue({
          code: 'custom',
          path: ['holidays', index, 'day'],
          message: `is the same day as holiday ${earlier + 1}`,
        });
    });
  });
