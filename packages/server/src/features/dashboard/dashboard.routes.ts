import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { dashboardQuerySchema, dashboardSchema } from './dashboard.schemas.ts';
import { justiceDashboard } from './dashboard.service.ts';

export const dashboardRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  fastify.withTypeProvider<ZodTypeProvider>().get(
    '/api/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'The justice-system dashboard: rescues, care, legal cases, deadlines, trainings (small numbers suppressed for partners and in downloads)',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    (request) => justiceDashboard(deps, request.query),
  );
  return Promise.resolve();
};
