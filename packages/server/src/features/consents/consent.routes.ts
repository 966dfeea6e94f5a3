import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { caseIdParams, consentViewSchema } from '../care-cases/care-case.schemas.ts';
import { newConsentSchema, withdrawConsentSchema } from './consent.schemas.ts';
import { listConsents, recordConsent, withdrawConsent } from './consent.service.ts';

const tags = ['consents'];

export const consentRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/care-cases/:id/consents',
    {
      schema: {
        tags,
        summary: 'The survivor’s consent ledger, newest first, each marked active or not',
        params: caseIdParams,
        response: { 200: z.object({ consents: z.array(consentViewSchema) }) },
      },
    },
    async (request) => ({ consents: await listConsents(deps, request.params.id) }),
  );

  app.post(
    '/api/care-cases/:id/consents',
    {
      schema: {
        tags,
        summary:
          'Record consent for a purpose (services, data_sharing:<organisation>, story_publication, photo, research_export)',
        params: caseIdParams,
        body: newConsentSchema,
        response: { 201: consentViewSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordConsent(deps, request.params.id, request.body)),
  );

  app.post(
    '/api/care-cases/:id/consents/:consentId/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a consent; it stops counting at once',
        params: caseIdParams.extend({ consentId: z.uuid('is not a consent id') }),
        body: withdrawConsentSchema,
        response: { 200: consentViewSchema },
      },
    },
    (request) =>
      withdrawConsent(deps, request.params.id, request.params.consentId, request.body.withdrawnAt),
  );
  return Promise.resolve();
};
