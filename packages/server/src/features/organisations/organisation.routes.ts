import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';

const organisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  district: z.string().nullable(),
  state: z.string().nullable(),
});

export const organisationRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  fastify.withTypeProvider<ZodTypeProvider>().get(
    '/api/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Organisations of this installation (not secret: police stations, courts, NGOs)',
        response: { 200: z.object({ organisations: z.array(organisationSchema) }) },
      },
    },
    async () => {
      await requirePermission(deps.db, 'organisation:read');
      const organisations = await deps.db
        .selectFrom('organisation')
        .select(['id', 'name', 'kind', 'district', 'state'])
        .orderBy('name')
        .execute();
      return { organisations };
    },
  );
  return Promise.resolve();
};
