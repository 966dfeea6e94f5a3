import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { revealBodySchema } from '../persons/person.schemas.ts';
import {
  comparisonSchema,
  decisionBodySchema,
  listMatchesQuery,
  matchSchema,
  thresholdSchema,
} from './retrafficking.schemas.ts';
import {
  compareIdentities,
  decideMatch,
  getMatch,
  getThreshold,
  listMatches,
  setThreshold,
} from './retrafficking.service.ts';

const idParams = z.object({ id: z.uuid('is not a match id') });
const tags = ['re-trafficking'];

export const retraffickingRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/retrafficking/matches',
    {
      schema: {
        tags,
        summary: 'Possible re-trafficking: pseudonyms, cases and scores, newest first',
        querystring: listMatchesQuery,
        response: {
          200: z.object({ matches: z.array(matchSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    (request) => listMatches(deps, request.query),
  );

  app.get(
    '/api/retrafficking/matches/:id',
    { schema: { tags, summary: 'One match', params: idParams, response: { 200: matchSchema } } },
    (request) => getMatch(deps, request.params.id),
  );

  app.post(
    '/api/retrafficking/matches/:id/decision',
    {
      schema: {
        tags,
        summary: 'Same person (links the cases) or different people (never suggested again)',
        params: idParams,
        body: decisionBodySchema,
        response: { 200: matchSchema },
      },
    },
    (request) => decideMatch(deps, request.params.id, request.body.decision),
  );

  app.post(
    '/api/retrafficking/matches/:id/compare',
    {
      schema: {
        tags,
        summary: 'Both identities side by side, with a purpose and reason kept in the audit trail',
        params: idParams,
        body: revealBodySchema,
        response: { 200: comparisonSchema },
      },
      config: { idempotency: 'none' },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return compareIdentities(deps, request.params.id, request.body);
    },
  );

  app.get(
    '/api/retrafficking/settings',
    {
      schema: {
        tags,
        summary: 'The score from which the organisation is alerted',
        response: { 200: thresholdSchema },
      },
    },
    () => getThreshold(deps),
  );

  app.put(
    '/api/retrafficking/settings',
    {
      schema: {
        tags,
        summary: 'Set the score from which the organisation is alerted',
        body: thresholdSchema,
        response: { 200: thresholdSchema },
      },
    },
    (request) => setThreshold(deps, request.body.threshold),
  );
  return Promise.resolve();
};
