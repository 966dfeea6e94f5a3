import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { listPagingQuery } from '../../platform/db/keyset.ts';
import {
  createRescueOperation,
  getRescueOperation,
  listRescueOperations,
  revealRescueLocation,
  shareRescueOperation,
} from './rescue-operation.service.ts';
import { openRescueCareCases } from './rescue-care-cases.service.ts';

const tags = ['rescue operations'];
const idParams = z.object({ id: z.uuid('is not a rescue operation id') });
const personRef = z.object({ personId: z.uuid(), pseudonym: z.string() });
const rescuedRef = personRef.extend({
  careCaseId: z.uuid().nullable().describe('her care case, when you may see it'),
});
const viewSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  occurredAt: z.string(),
  district: z.string(),
  hasLocation: z.boolean(),
  legalBasis: z.string(),
  policeUnitId: z.uuid().nullable(),
  officialIds: z.array(z.uuid()),
  ngoStaffIds: z.array(z.uuid()),
  legalCaseId: z.uuid().nullable(),
  rescued: z.array(rescuedRef),
  arrested: z.array(personRef),
  createdAt: z.string(),
});

export const rescueOperationRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/rescue-operations',
    {
      schema: {
        tags,
        summary: 'Record a rescue operation (location sealed in the vault)',
        body: z.object({
          occurredAt: z.iso.datetime({
            offset: true,
            error: 'must be an ISO date-time with an offset',
          }),
          district: z.string().trim().min(1).max(100),
          location: z.string().trim().max(500).optional().describe('restricted: sealed'),
          legalBasis: z.enum(['ITPA:15', 'ITPA:16', 'BNSS:search', 'other']),
          policeUnitId: z.uuid().optional(),
          officialIds: z.array(z.uuid()).max(50).default([]),
          ngoStaffIds: z.array(z.uuid()).max(50).default([]),
          rescuedPersonIds: z.array(z.uuid()).max(200).default([]),
          arrestedPersonIds: z.array(z.uuid()).max(200).default([]),
          legalCaseId: z.uuid().optional(),
        }),
        response: { 201: viewSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRescueOperation(deps, request.body)),
  );
  app.get(
    '/api/rescue-operations',
    {
      schema: {
        tags,
        summary: 'Rescue operations you may see, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(25),
          offset: z.coerce.number().int().min(0).default(0),
          after: listPagingQuery.after,
        }),
        response: {
          200: z.object({
            rescueOperations: z.array(viewSchema),
            nextCursor: z.string().nullable().describe('pass as after for the next page'),
          }),
        },
      },
    },
    async (request) => listRescueOperations(deps, request.query),
  );
  app.get(
    '/api/rescue-operations/:id',
    {
      schema: {
        tags,
        summary: 'A rescue operation',
        params: idParams,
        response: { 200: viewSchema },
      },
    },
    (request) => getRescueOperation(deps, request.params.id),
  );
  app.post(
    '/api/rescue-operations/:id/location/reveal',
    {
      schema: {
        tags,
        summary: 'Reveal the sealed location, giving the reason (audited)',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(10, 'say why, in a sentence').max(500) }),
        response: { 200: z.object({ location: z.string().nullable() }) },
      },
      config: { idempotency: 'none' },
    },
    async (request) => ({
      location: await revealRescueLocation(deps, request.params.id, request.body.reason),
    }),
  );
  app.post(
    '/api/rescue-operations/:id/shares',
    {
      schema: {
        tags,
        summary: 'Share the operation (read only) with a partner organisation',
        params: idParams,
        body: z.object({ organisationId: z.uuid() }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await shareRescueOperation(deps, request.params.id, request.body.organisationId);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/rescue-operations/:id/care-cases',
    {
      schema: {
        tags,
        summary:
          'Open care cases for the persons rescued (all, or those named); a person with an open care case keeps it',
        params: idParams,
        body: z.object({
          personIds: z
            .array(z.uuid('is not a person id'))
            .min(1)
            .max(200)
            .optional()
            .describe('defaults to every person rescued in the operation'),
        }),
        response: {
          200: z.object({
            careCases: z.array(
              z.object({
                personId: z.uuid(),
                careCaseId: z.uuid(),
                code: z.string(),
                opened: z.boolean().describe('false when her open care case was reused'),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      careCases: await openRescueCareCases(deps, request.params.id, request.body.personIds),
    }),
  );
  return Promise.resolve();
};
