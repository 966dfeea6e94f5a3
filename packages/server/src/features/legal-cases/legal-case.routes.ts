import { deadlineResultSchema, teamMemberSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { totalEstimateSchema } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  eventViewSchema,
  legalCaseDetailSchema,
  legalCaseListItemSchema,
  legalCaseListQuerySchema,
  legalCaseUpdateSchema,
  newLegalCaseSchema,
  newLegalEventSchema,
  newPartySchema,
} from './legal-case.schemas.ts';
import {
  addParty,
  addTeamMember,
  createLegalCase,
  getLegalCase,
  listLegalCases,
  shareLegalCase,
  updateLegalCase,
} from './legal-case.service.ts';
import { getObligations, listEvents, recordEvent } from './legal-case-events.service.ts';

const idParams = z.object({ id: z.uuid('is not a legal case id') });
const tags = ['legal cases'];
const done = z.object({ ok: z.literal(true) });

export const legalCaseRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/legal-cases',
    {
      schema: {
        tags,
        summary: 'Open a legal case (FIR, court, offences, victims and accused by person id)',
        body: newLegalCaseSchema,
        response: { 201: legalCaseDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createLegalCase(deps, request.body, request.log)),
  );

  app.get(
    '/api/legal-cases',
    {
      schema: {
        tags,
        summary:
          'Legal cases you may see, next hearing first; filter by stage, court, offence, custody',
        querystring: legalCaseListQuerySchema,
        response: {
          200: z.object({
            legalCases: z.array(legalCaseListItemSchema),
            total: z.number().int().optional().describe('with count=exact (the default)'),
            totalEstimate: totalEstimateSchema,
            nextCursor: z.string().nullable().describe('pass as after for the next page'),
          }),
        },
      },
    },
    (request) => listLegalCases(deps, request.query),
  );

  app.get(
    '/api/legal-cases/:id',
    {
      schema: {
        tags,
        summary: 'A legal case with its parties and each accused’s custody status',
        params: idParams,
        response: { 200: legalCaseDetailSchema },
      },
    },
    (request) => getLegalCase(deps, request.params.id),
  );

  app.patch(
    '/api/legal-cases/:id',
    {
      schema: {
        tags,
        summary: 'Change the CNR, court, forum, offences or officials of a case',
        params: idParams,
        body: legalCaseUpdateSchema,
        response: { 200: legalCaseDetailSchema },
      },
    },
    (request) => updateLegalCase(deps, request.params.id, request.body, request.log),
  );

  app.post(
    '/api/legal-cases/:id/parties',
    {
      schema: {
        tags,
        summary: 'Add a victim or an accused (a person id); the case gives them a reference',
        params: idParams,
        body: newPartySchema,
        response: { 201: legalCaseDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addParty(deps, request.params.id, request.body, request.log)),
  );

  app.post(
    '/api/legal-cases/:id/team',
    {
      schema: {
        tags,
        summary: 'Put a user of the organisation on the case’s team',
        params: idParams,
        body: teamMemberSchema,
        response: { 200: done },
      },
    },
    async (request) => {
      await addTeamMember(deps, request.params.id, request.body.userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/legal-cases/:id/shares',
    {
      schema: {
        tags,
        summary: 'Share the case (read only) with a partner organisation',
        params: idParams,
        body: z.object({ organisationId: z.uuid('is not an organisation id') }),
        response: { 200: done },
      },
    },
    async (request) => {
      await shareLegalCase(deps, request.params.id, request.body.organisationId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/legal-cases/:id/events',
    {
      schema: {
        tags,
        summary: 'The timeline, corrections and withdrawals included, with credited officials',
        params: idParams,
        response: { 200: z.object({ events: z.array(eventViewSchema) }) },
      },
    },
    async (request) => ({ events: await listEvents(deps, request.params.id) }),
  );

  app.post(
    '/api/legal-cases/:id/events',
    {
      schema: {
        tags,
        summary:
          'Record an event (append-only; a correction names the event it supersedes); impossible sequences are refused with 409',
        params: idParams,
        body: newLegalEventSchema,
        response: { 201: eventViewSchema },
      },
      // Its Idempotency-Key is claimed by the event's own statement (writeEventAndDerived).
      config: { idempotency: 'in-statement' },
    },
    async (request, reply) =>
      reply.status(201).send(await recordEvent(deps, request.params.id, request.body, request.log)),
  );

  app.get(
    '/api/legal-cases/:id/obligations',
    {
      schema: {
        tags,
        summary: 'Statutory deadlines of the case as of now, from the deadline engine',
        params: idParams,
        response: { 200: deadlineResultSchema },
      },
    },
    (request) => getObligations(deps, request.params.id),
  );
  return Promise.resolve();
};
