import { z } from 'zod';

/** A person's recorded sex and age band, as forms offer them and the server stores them. */
export const SEXES = ['female', 'male', 'transgender', 'other', 'unknown'] as const;
export const AGE_BANDS = ['0-11', '12-14', '15-17', '18-24', '25-34', '35+', 'unknown'] as const;

/**
 * The facts of a person a form may get wrong, checked alike by the server and, before saving, by
 * the browser: an estimated birth year that has passed, an ISO country code, short language tags.
 */
export const personFactsSchema = z.object({
  birthYearEstimate: z
    .number()
    .int()
    .min(1900)
    .max(new Date().getFullYear(), 'is in the future')
    .optional(),
  originState: z.string().trim().max(100).optional().describe('state or province of origin'),
  originCountry: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter country code such as IN, BD or NP')
    .optional(),
  languages: z.array(z.string().trim().min(2).max(20)).max(10).default([]),
});

/** A new person's facts as a form gives them: sex and age band, and the checked facts above. */
export const newPersonFactsSchema = z.object({
  sex: z.enum(SEXES),
  ageBand: z.enum(AGE_BANDS),
  ...personFactsSchema.shape,
});
