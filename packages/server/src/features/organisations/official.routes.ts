import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { officialListQuerySchema, officialListSchema } from './official.schemas.ts';
import { searchOfficials } from './official.service.ts';

export const officialRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  fastify.withTypeProvider<ZodTypeProvider>().get(
    '/api/officials',
    {
      schema: {
        tags: ['organisations'],
        summary:
          'Officials (public servants: police, prosecutors, CWC members), searchable by name',
        querystring: officialListQuerySchema,
        response: { 200: officialListSchema },
      },
    },
    (request) => searchOfficials(deps, request.query),
  );
  return Promise.resolve();
};
