import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { WEBHOOK_EVENT_TYPES } from './webhook.events.ts';
import {
  deliveryLog,
  endpointsOfOrganisation,
  redeliver,
  registerEndpoint,
  removeEndpoint,
} from './webhook.service.ts';

const tags = ['webhooks'];
const idParams = z.object({ id: z.uuid('is not an id') });

const endpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  createdAt: z.string(),
});

const deliverySchema = z.object({
  id: z.uuid(),
  messageId: z.string(),
  endpointId: z.uuid(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

export const webhookRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: 'Register a webhook endpoint (organisation admins); the secret is shown once',
        description:
          'http(s) only; loopback and private addresses are refused unless DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true. Deliveries are signed per Standard Webhooks with the returned whsec_ secret.',
        body: z.object({
          url: z.string().trim().min(1, 'is required').max(2000),
          description: z.string().trim().max(200).default(''),
          eventTypes: z
            .array(z.enum(WEBHOOK_EVENT_TYPES))
            .min(1, 'choose at least one event')
            .max(WEBHOOK_EVENT_TYPES.length),
        }),
        response: { 201: endpointSchema.extend({ secret: z.string() }) },
      },
      // Its signing secret is not kept in memory to be shown again: a resend is told to reload.
      config: { idempotency: 'claim-only' },
    },
    async (request, reply) => reply.code(201).send(await registerEndpoint(deps, request.body)),
  );
  app.get(
    '/api/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: 'The organisation’s webhook endpoints',
        response: { 200: z.object({ endpoints: z.array(endpointSchema) }) },
      },
    },
    async () => ({ endpoints: await endpointsOfOrganisation(deps) }),
  );
  app.delete(
    '/api/webhooks/endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Remove a webhook endpoint (its pending deliveries are no longer sent)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeEndpoint(deps, request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/webhooks/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first (keyset paging)',
        querystring: z.object({
          endpointId: z.uuid('is not an id').optional(),
          after: z.string().max(400).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: {
          200: z.object({ deliveries: z.array(deliverySchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    (request) => deliveryLog(deps, request.query),
  );
  app.post(
    '/api/webhooks/deliveries/:id/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a delivery again, with the same webhook-id',
        params: idParams,
        response: { 201: deliverySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await redeliver(deps, request.params.id)),
  );
  return Promise.resolve();
};
