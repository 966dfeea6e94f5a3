import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPagingQuery, totalEstimateSchema } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import { currentContext } from '../../platform/request-context.ts';
import {
  identityPrecondition,
  identityPreconditionHeaders,
  identitySchema,
  newPersonSchema,
  personSchema,
  revealBodySchema,
  similarQuerySchema,
} from './person.schemas.ts';
import {
  createPerson,
  findSimilarPersons,
  getPerson,
  listPersons,
  revealIdentity,
  updateIdentity,
} from './person.service.ts';

const idParams = z.object({ id: z.uuid('is not a person id') });
const tags = ['persons'];

// Names and phones travel only in request bodies (POST), never in URLs, which get logged.
export const personRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/persons',
    {
      schema: {
        tags,
        summary: 'Record a person (survivor, accused, family member, witness); identity optional',
        body: newPersonSchema,
        response: { 201: personSchema },
      },
      // Its Idempotency-Key is claimed by the creating statement (person.service.ts).
      config: { idempotency: 'in-statement' },
    },
    async (request, reply) => reply.status(201).send(await createPerson(deps, request.body)),
  );

  app.get(
    '/api/persons',
    {
      schema: {
        tags,
        summary: 'Persons you may see, newest first; search by pseudonym',
        querystring: z.object({
          search: z.string().trim().max(50).optional().describe('part of a pseudonym'),
          limit: z.coerce.number().int().min(1).max(100).default(25),
          offset: z.coerce.number().int().min(0).default(0),
          ...listPagingQuery,
        }),
        response: {
          200: z.object({
            persons: z.array(personSchema),
            total: z.number().int().optional().describe('with count=exact (the default)'),
            totalEstimate: totalEstimateSchema,
            nextCursor: z.string().nullable().describe('pass as after for the next page'),
          }),
        },
      },
    },
    (request) => listPersons(deps, request.query),
  );

  app.get(
    '/api/persons/:id',
    {
      schema: {
        tags,
        summary: 'A person’s non-identifying facts',
        params: idParams,
        response: { 200: personSchema },
      },
    },
    (request) => getPerson(deps, request.params.id),
  );

  app.put(
    '/api/persons/:id/identity',
    {
      schema: {
        tags,
        summary: 'Record or replace a person’s identity (encrypted in the vault)',
        description:
          'Send `If-Match: "<version>"` with the version the reveal answered, or `If-None-Match: *` when recording the first identity: a save that would undo someone else’s change meanwhile is then refused with 409. Without either, the identity is replaced whatever is stored.',
        params: idParams,
        headers: identityPreconditionHeaders,
        body: identitySchema,
        response: { 200: z.object({ updated: z.literal(true) }) },
      },
    },
    async (request) => {
      await updateIdentity(
        deps,
        request.params.id,
        request.body,
        identityPrecondition(request.headers),
      );
      return { updated: true as const };
    },
  );

  app.post(
    '/api/persons/:id/identity/reveal',
    {
      schema: {
        tags,
        summary: 'Reveal a person’s identity, giving the reason (audited)',
        params: idParams,
        body: revealBodySchema,
        response: {
          200: z.object({
            identity: identitySchema,
            version: z
              .number()
              .int()
              .describe('send back as If-Match: "<version>" to replace this identity'),
          }),
        },
      },
      config: { idempotency: 'none' },
    },
    (request) => revealIdentity(deps, request.params.id, request.body),
  );

  app.post(
    '/api/persons/similar',
    {
      schema: {
        tags,
        summary:
          'Persons resembling a name or phone (duplicates, re-trafficking): pseudonyms and scores only',
        body: similarQuerySchema,
        response: {
          200: z.object({
            matches: z.array(
              z.object({
                personId: z.uuid(),
                pseudonym: z.string(),
                score: z.number().min(0).max(1),
              }),
            ),
          }),
        },
      },
      // Per user (after authentication), so a colleague's searches never use up another's: a
      // search probes the identity indexes, and many in a row are how a stolen account would
      // enumerate who is in the vault.
      config: {
        idempotency: 'none',
        rateLimit: {
          max: deps.config.similarSearchRateLimit,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (request) => currentContext()?.actor?.userId ?? request.ip,
        },
      },
    },
    async (request) => ({ matches: await findSimilarPersons(deps, request.body) }),
  );
  return Promise.resolve();
};
