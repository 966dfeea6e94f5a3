import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { aboutSchema, readinessSchema } from './system.schemas.ts';
import { currentContext } from '../../platform/request-context.ts';
import { checkReadiness, describeInstallation } from './system.service.ts';

export const systemRoutes: FastifyPluginAsync<{ config: Config; database: Database }> = (
  fastify,
  { config, database },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
      logLevel: 'warn',
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(database);
      return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );

  app.get(
    '/api/system/about',
    {
      schema: {
        tags: ['system'],
        summary: 'About this installation: health for everyone; versions and counts for admins',
        response: { 200: aboutSchema },
      },
    },
    () =>
      describeInstallation(config, database, {
        details: currentContext()?.actor?.roles.includes('admin') ?? false,
      }),
  );
  return Promise.resolve();
};
