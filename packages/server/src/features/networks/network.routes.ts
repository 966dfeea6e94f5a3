import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { confirmAccusedLink, getNetwork } from './network.service.ts';

const tags = ['networks'];
const isoDay = z.iso.date('is not a date (YYYY-MM-DD)');

const nodeSchema = z.object({
  id: z.string(),
  kind: z.enum(['case', 'accused', 'victim', 'place']),
  label: z.string().describe('a case label, a pseudonym or a place number; never a name'),
});
const edgeSchema = z.object({
  id: z.string(),
  kind: z.enum(['accused_in', 'victim_in', 'rescue_at', 'same_person']),
  source: z.string(),
  target: z.string(),
  score: z.number().optional(),
  status: z.enum(['suggested', 'confirmed']).optional(),
});

export const networkRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/networks',
    {
      schema: {
        tags,
        summary: 'The network of the accused across your visible legal cases (pseudonyms only)',
        querystring: z.object({
          from: isoDay.optional(),
          to: isoDay.optional(),
          district: z.string().trim().min(1).max(100).optional(),
          personId: z.uuid('is not a person id').optional(),
        }),
        response: {
          200: z.object({
            nodes: z.array(nodeSchema),
            edges: z.array(edgeSchema),
            truncated: z.boolean().describe('true when only the newest 300 cases are drawn'),
          }),
        },
      },
    },
    (request) => getNetwork(deps, request.query),
  );

  app.post(
    '/api/networks/links',
    {
      schema: {
        tags,
        summary: 'Confirm that two accused records are the same person',
        body: z.object({ personId: z.uuid(), otherPersonId: z.uuid() }),
        response: { 200: z.object({ status: z.literal('confirmed') }) },
      },
    },
    async (request) => {
      await confirmAccusedLink(deps, request.body.personId, request.body.otherPersonId);
      return { status: 'confirmed' as const };
    },
  );
  return Promise.resolve();
};
