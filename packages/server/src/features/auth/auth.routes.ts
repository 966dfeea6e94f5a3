import { DomainError } from '@dawn/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import {
  changePasswordBodySchema,
  codeBodySchema,
  enrolmentConfirmedSchema,
  enrolmentSchema,
  sessionViewSchema,
  signInBodySchema,
} from './auth.schemas.ts';
import {
  changePassword,
  confirmEnrolment,
  signIn,
  signOut,
  startEnrolment,
  verifySecondFactor,
  viewOf,
  type SignedIn,
} from './auth.service.ts';
import { SESSION_COOKIE } from './authentication.hook.ts';
import type { StoredSession } from './session.repository.ts';
import { findUser } from '../users/user.repository.ts';

function requireSession(request: FastifyRequest): StoredSession {
  if (!request.authSession) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
  return request.authSession;
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn): void {
  reply.setCookie(SESSION_COOKIE, signedIn.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
  });
}

const tags = ['auth'];

export const authRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Guessing is slowed per address here, and locked per account and address in the service.
  const signInRateLimit = { max: deps.config.signInRateLimit, timeWindow: '1 minute' };

  app.post(
    '/api/auth/sign-in',
    {
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        body: signInBodySchema,
        response: { 200: sessionViewSchema },
      },
      config: { idempotency: 'none', rateLimit: signInRateLimit },
    },
    async (request, reply) => {
      const signedIn = await signIn(deps, { ...request.body, ip: request.ip });
      setSessionCookie(request, reply, signedIn);
      return signedIn.view;
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags,
        summary: 'The current sign-in session',
        response: { 200: sessionViewSchema },
      },
    },
    async (request) => {
      const session = requireSession(request);
      const user = await findUser(deps.db, session.userId);
      if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
      return viewOf(session, user);
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change your password',
        body: changePasswordBodySchema,
        response: { 200: sessionViewSchema },
      },
      config: { idempotency: 'none', rateLimit: signInRateLimit },
    },
    async (request, reply) => {
      const signedIn = await changePassword(deps, requireSession(request), request.body);
      setSessionCookie(request, reply, signedIn);
      return signedIn.view;
    },
  );

  app.post(
    '/api/auth/two-factor/verify',
    {
      schema: {
        tags,
        summary: 'Give the authenticator code (or a recovery code)',
        body: codeBodySchema,
        response: { 200: sessionViewSchema },
      },
      config: { idempotency: 'none', rateLimit: signInRateLimit },
    },
    async (request, reply) => {
      const signedIn = await verifySecondFactor(deps, requireSession(request), request.body);
      setSessionCookie(request, reply, signedIn);
      return signedIn.view;
    },
  );

  app.post(
    '/api/auth/two-factor/enrolment',
    {
      schema: {
        tags,
        summary: 'Start two-factor enrolment: a secret and its QR code',
        response: { 200: enrolmentSchema },
      },
      config: { idempotency: 'none' },
    },
    (request) => startEnrolment(deps, requireSession(request)),
  );

  app.post(
    '/api/auth/two-factor/enrolment/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm enrolment with a code; returns recovery codes once',
        body: codeBodySchema,
        response: { 200: enrolmentConfirmedSchema },
      },
      config: { idempotency: 'none' },
    },
    async (request, reply) => {
      const confirmed = await confirmEnrolment(deps, requireSession(request), request.body);
      setSessionCookie(request, reply, confirmed);
      return { ...confirmed.view, recoveryCodes: confirmed.recoveryCodes };
    },
  );

  for (const [url, everywhere] of [
    ['/api/auth/sign-out', false],
    ['/api/auth/sign-out-everywhere', true],
  ] as const) {
    app.post(
      url,
      {
        schema: {
          tags,
          summary: everywhere ? 'Sign out on every device' : 'Sign out',
          response: { 200: z.object({ signedOut: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        await signOut(deps, requireSession(request), everywhere);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { signedOut: true as const };
      },
    );
  }
  return Promise.resolve();
};
