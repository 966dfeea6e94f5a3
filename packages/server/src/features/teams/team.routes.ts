import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { colleagueQuerySchema, colleaguesSchema, teamSchema } from './team.schemas.ts';
import { findColleagues, getCareCaseTeam, getLegalCaseTeam } from './team.service.ts';

const idParams = z.object({ id: z.uuid('is not a case id') });

/** Reading case teams and finding colleagues to add; adding and removing stay with each case. */
export const teamRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/legal-cases/:id/team',
    {
      schema: {
        tags: ['legal cases'],
        summary: 'The users on a legal case’s team, with their roles',
        params: idParams,
        response: { 200: teamSchema },
      },
    },
    (request) => getLegalCaseTeam(deps, request.params.id),
  );

  app.get(
    '/api/care-cases/:id/team',
    {
      schema: {
        tags: ['care cases'],
        summary: 'The users on a care case’s team, with their roles',
        params: idParams,
        response: { 200: teamSchema },
      },
    },
    (request) => getCareCaseTeam(deps, request.params.id),
  );

  app.get(
    '/api/colleagues',
    {
      schema: {
        tags: ['users'],
        summary: 'Active users of your organisation (no e-mail), to add to a case team',
        querystring: colleagueQuerySchema,
        response: { 200: colleaguesSchema },
      },
    },
    (request) => findColleagues(deps, request.query),
  );
  return Promise.resolve();
};
