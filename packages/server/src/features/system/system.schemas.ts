import { z } from 'zod';

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.object({ applied: z.number().int(), pending: z.array(z.string()) }),
});
export type Readiness = z.infer<typeof readinessSchema>;

export const aboutSchema = z.object({
  name: z.literal('Dawn'),
  version: z.string(),
  nodeVersion: z.string(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), version: z.string().nullable() }),
  timeZone: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  readiness: readinessSchema,
  demoOrganisation: z.boolean().describe('true when the fictional demo organisation is seeded'),
  counts: z.object({
    organisations: z.number().int(),
    officials: z.number().int(),
    users: z.number().int(),
  }),
});
export type About = z.infer<typeof aboutSchema>;
