import { z } from 'zod';

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
