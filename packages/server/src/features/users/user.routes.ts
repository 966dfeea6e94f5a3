import { newUserSchema, ROLES, userChangeSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import {
  createUser,
  listVisibleUsers,
  resetPassword,
  resetTwoFactor,
  updateUser,
} from './user.service.ts';

const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(['active', 'disabled']),
  twoFactorEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
const idParams = z.object({ id: z.uuid('is not a user id') });
const oneTimePasswordSchema = z.object({
  oneTimePassword: z
    .string()
    .describe('Hand it to the user in person; they must change it at first sign-in'),
});
const tags = ['users'];

export const userRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Users you may see',
        response: { 200: z.object({ users: z.array(userSchema) }) },
      },
    },
    async () => ({ users: await listVisibleUsers(deps) }),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a user (admin); returns a one-time password',
        // The invite form checks the same schema in the browser before it sends anything.
        body: newUserSchema,
        response: { 201: oneTimePasswordSchema.extend({ user: userSchema }) },
      },
      // The one-time password is not kept in memory to be shown again: a resend is told to reload.
      config: { idempotency: 'claim-only' },
    },
    async (request, reply) => {
      const created = await createUser(deps, request.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user’s name, roles or status (admin)',
        params: idParams,
        body: userChangeSchema.refine(
          (body) => Object.keys(body).length > 0,
          'change at least one field',
        ),
        response: { 200: userSchema },
      },
    },
    (request) => updateUser(deps, request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Reset a user’s password without e-mail (admin)',
        params: idParams,
        response: { 200: oneTimePasswordSchema },
      },
      config: { idempotency: 'none' },
    },
    (request) => resetPassword(deps, request.params.id),
  );

  app.post(
    '/api/users/:id/reset-two-factor',
    {
      schema: {
        tags,
        summary: 'Remove a user’s two-factor enrolment, e.g. after a lost phone (admin)',
        params: idParams,
        response: { 200: z.object({ reset: z.literal(true) }) },
      },
      config: { idempotency: 'none' },
    },
    async (request) => {
      await resetTwoFactor(deps, request.params.id);
      return { reset: true as const };
    },
  );
  return Promise.resolve();
};
