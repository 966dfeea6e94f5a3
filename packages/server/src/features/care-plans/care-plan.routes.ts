import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { caseIdParams } from '../care-cases/care-case.schemas.ts';
import {
  carePlanInputSchema,
  carePlanPrecondition,
  carePlanPreconditionHeaders,
  carePlanSchema,
  goalStatusSchema,
  planParams,
} from './care-plan.schemas.ts';
import {
  approveCarePlan,
  createCarePlan,
  listCarePlans,
  setGoalStatus,
  updateCarePlan,
} from './care-plan.service.ts';

const tags = ['care plans'];

export const carePlanRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/care-cases/:id/care-plans',
    {
      schema: {
        tags,
        summary: 'The case’s care plans, newest first',
        params: caseIdParams,
        response: { 200: z.object({ carePlans: z.array(carePlanSchema) }) },
      },
    },
    async (request) => ({ carePlans: await listCarePlans(deps, request.params.id) }),
  );

  app.post(
    '/api/care-cases/:id/care-plans',
    {
      schema: {
        tags,
        summary: 'Draft a care plan: goals per outcome domain, target dates, services',
        params: caseIdParams,
        body: carePlanInputSchema,
        response: { 201: carePlanSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCarePlan(deps, request.params.id, request.body)),
  );

  app.put(
    '/api/care-cases/:id/care-plans/:planId',
    {
      schema: {
        tags,
        summary: 'Edit a draft care plan',
        description:
          'Replaces the draft whole. Send `If-Match: "<version>"` (the version the plan answered): an edit made from an older version is refused with 409, so that two people editing one draft do not undo each other.',
        params: planParams,
        headers: carePlanPreconditionHeaders,
        body: carePlanInputSchema,
        response: { 200: carePlanSchema },
      },
    },
    (request) =>
      updateCarePlan(
        deps,
        request.params.id,
        request.params.planId,
        request.body,
        carePlanPrecondition(request.headers),
      ),
  );

  app.post(
    '/api/care-cases/:id/care-plans/:planId/approve',
    {
      schema: {
        tags,
        summary: 'Approve a draft care plan (program manager); it replaces the approved one',
        params: planParams,
        response: { 200: carePlanSchema },
      },
    },
    (request) => approveCarePlan(deps, request.params.id, request.params.planId),
  );

  app.post(
    '/api/care-cases/:id/care-plans/:planId/goals/:goalId/status',
    {
      schema: {
        tags,
        summary: 'Record a goal’s progress',
        params: planParams.extend({ goalId: z.uuid('is not a goal id') }),
        body: goalStatusSchema,
        response: { 200: carePlanSchema },
      },
    },
    (request) =>
      setGoalStatus(
        deps,
        request.params.id,
        request.params.planId,
        request.params.goalId,
        request.body.status,
      ),
  );
  return Promise.resolve();
};
