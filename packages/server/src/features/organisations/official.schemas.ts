import { z } from 'zod';

export const officialListQuerySchema = z.object({
  organisationId: z.uuid('is not an organisation id').optional(),
  ids: z
    .string()
    .max(3700)
    .optional()
    .transform((value) => (value ? value.split(',').map((id) => id.trim()) : undefined))
    .pipe(z.array(z.uuid('is not an id')).max(100).optional())
    .describe('comma-separated ids, to name the ones a record refers to'),
  search: z.string().trim().min(1).max(100).optional().describe('a fragment of the name'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});
export type OfficialListQuery = z.infer<typeof officialListQuerySchema>;

export const officialListSchema = z.object({
  total: z.number().int(),
  officials: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      designation: z.string(),
      organisation: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
    }),
  ),
});
export type OfficialList = z.infer<typeof officialListSchema>;
