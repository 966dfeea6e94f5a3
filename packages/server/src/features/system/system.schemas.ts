import { z } from 'zod';

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.object({ applied: z.number().int(), pending: z.array(z.string()) }),
});
export type Readiness = z.infer<typeof readinessSchema>;

/**
 * Everyone (the about page is public) sees the name, the time zone, readiness and whether the
 * demo is seeded; exact versions and counts help an attacker and are for administrators only.
 */
export const aboutSchema = z.object({
  name: z.literal('Dawn'),
  timeZone: z.string(),
  readiness: readinessSchema,
  demoOrganisation: z.boolean().describe('true when the fictional demo organisation is seeded'),
  details: z
    .object({
      version: z.string(),
      nodeVersion: z.string(),
      database: z.object({ kind: z.enum(['pglite', 'postgres']), version: z.string().nullable() }),
      startedAt: z.iso.datetime({ offset: true }),
      counts: z.object({
        organisations: z.number().int(),
        officials: z.number().int(),
        users: z.number().int(),
      }),
    })
    .optional()
    .describe('administrators only'),
});
export type About = z.infer<typeof aboutSchema>;
