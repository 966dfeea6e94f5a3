import { ROLES } from '@dawn/core';
import { z } from 'zod';

/** A user as their colleagues see them: no e-mail, no status, nothing to reach them outside Dawn. */
export const memberSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
});
export type Member = z.infer<typeof memberSchema>;

export const teamSchema = z.object({ members: z.array(memberSchema) });
export type Team = z.infer<typeof teamSchema>;

export const colleagueQuerySchema = z.object({
  ids: z
    .string()
    .max(3700)
    .optional()
    .transform((value) => (value ? value.split(',').map((id) => id.trim()) : undefined))
    .pipe(z.array(z.uuid('is not an id')).max(100).optional())
    .describe('comma-separated ids, to name the ones a record refers to'),
  search: z.string().trim().min(1).max(100).optional().describe('a fragment of the display name'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ColleagueQuery = z.infer<typeof colleagueQuerySchema>;

export const colleaguesSchema = z.object({ colleagues: z.array(memberSchema) });
export type Colleagues = z.infer<typeof colleaguesSchema>;
