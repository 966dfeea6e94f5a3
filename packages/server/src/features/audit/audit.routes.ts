import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { searchAudit } from './audit.service.ts';

const entrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const auditRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  fastify.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (auditors), newest first',
        querystring: z.object({
          userId: z.uuid('is not a user id').optional(),
          action: z.string().max(100).optional(),
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          from: z.iso
            .datetime({ offset: true, error: 'is not a date-time with offset' })
            .optional(),
          to: z.iso.datetime({ offset: true, error: 'is not a date-time with offset' }).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ entries: z.array(entrySchema), nextBefore: z.number().int().nullable() }),
        },
      },
    },
    (request) => searchAudit(deps, request.query),
  );
  return Promise.resolve();
};
