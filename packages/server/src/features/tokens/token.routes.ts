import { PERMISSIONS } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { createOwnToken, listOwnTokens, revokeOwnToken } from './token.service.ts';

const tokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  permissions: z.array(z.string()),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});
const tags = ['tokens'];

export const tokenRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Your API tokens',
        response: { 200: z.object({ tokens: z.array(tokenSchema) }) },
      },
    },
    async () => ({ tokens: await listOwnTokens(deps) }),
  );
  app.post(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token (shown once); use it as `Authorization: Bearer …`',
        body: z.object({
          name: z.string().trim().min(1, 'is required').max(100),
          permissions: z.array(z.enum(PERMISSIONS)).min(1, 'give at least one permission'),
          expiresInDays: z.number().int().min(1).max(365).default(90),
        }),
        response: { 201: z.object({ token: z.string(), summary: tokenSchema }) },
      },
      // A resend after a lost answer makes no second token; the token is not kept to be resent.
      config: { idempotency: 'claim-only' },
    },
    async (request, reply) => reply.status(201).send(await createOwnToken(deps, request.body)),
  );
  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: z.object({ id: z.uuid('is not a token id') }),
        response: { 200: z.object({ revoked: z.literal(true) }) },
      },
    },
    async (request) => {
      await revokeOwnToken(deps, request.params.id);
      return { revoked: true as const };
    },
  );
  return Promise.resolve();
};
