import { COMPENSATION_SCHEMES, legalCaseTitleFirSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { listClaims } from './compensation.service.ts';

const claimSchema = z.object({
  legalCaseId: z.uuid(),
  title: z.string().describe("the case's title in English, for API clients"),
  titleFir: legalCaseTitleFirSchema,
  victimRef: z.string(),
  scheme: z.enum(COMPENSATION_SCHEMES),
  authority: z.string().nullable(),
  status: z.enum(['applied', 'interim', 'sanctioned', 'disbursed']),
  appliedAt: z.string().nullable(),
  amountApplied: z.number().nullable(),
  interimAt: z.string().nullable(),
  amountInterim: z.number().nullable(),
  awardedAt: z.string().nullable(),
  amountSanctioned: z.number().nullable(),
  disbursedAt: z.string().nullable(),
  amountDisbursed: z.number(),
  daysOrderToPayment: z.number().int().nullable(),
  daysWaiting: z.number().int().nullable().describe('unpaid: days since the order, else the claim'),
});

export const compensationRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/compensation/claims',
    {
      schema: {
        tags: ['compensation'],
        summary:
          'Compensation claims on the cases you may see; order=waiting lists unpaid claims, longest wait first',
        querystring: z.object({
          order: z.enum(['recent', 'waiting']).default('recent'),
          scheme: z.enum(COMPENSATION_SCHEMES).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ claims: z.array(claimSchema) }) },
      },
    },
    async (request) => ({ claims: await listClaims(deps, request.query) }),
  );
  return Promise.resolve();
};
