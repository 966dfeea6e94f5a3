import { teamMemberSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { totalEstimateSchema } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  careCaseSchema,
  caseIdParams,
  caseListItemSchema,
  caseListQuerySchema,
  eventSchema,
  newEventSchema,
  openCareCaseSchema,
  timelineSchema,
} from './care-case.schemas.ts';
import {
  addTeamMember,
  getCareCase,
  getTimeline,
  listCareCases,
  openCareCase,
  recordCareCaseEvent,
  removeTeamMember,
} from './care-case.service.ts';

const tags = ['care cases'];

// Identities travel only in POST bodies; URLs carry ids, codes and filters, never a name.
export const careCaseRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/care-cases',
    {
      schema: {
        tags,
        summary: 'Open a care case for a person, or create the person and open it in one step',
        body: openCareCaseSchema,
        response: { 201: careCaseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await openCareCase(deps, request.body)),
  );

  app.get(
    '/api/care-cases',
    {
      schema: {
        tags,
        summary:
          'Care cases you may see; filter by phase, shelter, team member, overdue tasks, age band',
        querystring: caseListQuerySchema,
        response: {
          200: z.object({
            cases: z.array(caseListItemSchema),
            total: z.number().int().optional().describe('with count=exact (the default)'),
            totalEstimate: totalEstimateSchema,
            nextCursor: z.string().nullable().describe('pass as after for the next page'),
          }),
        },
      },
    },
    (request) => listCareCases(deps, request.query),
  );

  app.get(
    '/api/care-cases/:id',
    {
      schema: {
        tags,
        summary:
          'A care case’s header: pseudonym, age band, phase, placement, team, next tasks, consents',
        params: caseIdParams,
        response: { 200: careCaseSchema },
      },
    },
    (request) => getCareCase(deps, request.params.id),
  );

  app.post(
    '/api/care-cases/:id/events',
    {
      schema: {
        tags,
        summary: 'Record an event on the timeline (a correction names the event it supersedes)',
        params: caseIdParams,
        body: newEventSchema,
        response: { 201: eventSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordCareCaseEvent(deps, request.params.id, request.body)),
  );

  app.get(
    '/api/care-cases/:id/timeline',
    {
      schema: {
        tags,
        summary:
          'The timeline grouped by phase; counselling notes only for those who may read them',
        params: caseIdParams,
        querystring: z.object({
          types: z
            .string()
            .max(500)
            .optional()
            .transform((value) => (value ? value.split(',').map((type) => type.trim()) : undefined))
            .describe('comma-separated event types'),
        }),
        response: { 200: timelineSchema },
      },
    },
    (request) =>
      getTimeline(
        deps,
        request.params.id,
        request.query.types ? { types: request.query.types } : {},
      ),
  );

  app.post(
    '/api/care-cases/:id/team',
    {
      schema: {
        tags,
        summary: 'Add a user of the case’s organisation to its team',
        params: caseIdParams,
        body: teamMemberSchema,
        response: { 200: careCaseSchema },
      },
    },
    async (request) => {
      await addTeamMember(deps, request.params.id, request.body.userId);
      return getCareCase(deps, request.params.id);
    },
  );

  app.delete(
    '/api/care-cases/:id/team/:userId',
    {
      schema: {
        tags,
        summary:
          'Remove a user from the case’s team; the last member cannot be removed (409 LAST_TEAM_MEMBER)',
        params: caseIdParams.extend({ userId: z.uuid('is not a user id') }),
        response: { 200: z.object({ removed: z.literal(true) }) },
      },
    },
    async (request) => {
      await removeTeamMember(deps, request.params.id, request.params.userId);
      return { removed: true as const };
    },
  );
  return Promise.resolve();
};
