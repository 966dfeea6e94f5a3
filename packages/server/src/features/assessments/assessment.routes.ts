import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { caseIdParams } from '../care-cases/care-case.schemas.ts';
import {
  assessmentSchema,
  careSettingsInputSchema,
  careSettingsSchema,
  newAssessmentSchema,
  verdictSchema,
} from './assessment.schemas.ts';
import {
  getCareSettings,
  listAssessments,
  recordAssessment,
  updateCareSettings,
} from './assessment.service.ts';

const tags = ['assessments'];

export const assessmentRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/care-cases/:id/assessments',
    {
      schema: {
        tags,
        summary:
          'Outcome assessments with domain scores, and the restored verdict under the organisation’s rule',
        params: caseIdParams,
        response: {
          200: z.object({ assessments: z.array(assessmentSchema), verdict: verdictSchema }),
        },
      },
    },
    (request) => listAssessments(deps, request.params.id),
  );

  app.post(
    '/api/care-cases/:id/assessments',
    {
      schema: {
        tags,
        summary: 'Record an outcome assessment (every item of the instrument, 1–4)',
        params: caseIdParams,
        body: newAssessmentSchema,
        response: { 201: assessmentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordAssessment(deps, request.params.id, request.body)),
  );

  app.get(
    '/api/care-settings',
    {
      schema: {
        tags,
        summary: 'Your organisation’s assessment instrument, restored rule and schedule',
        response: { 200: careSettingsSchema },
      },
    },
    () => getCareSettings(deps),
  );

  app.put(
    '/api/care-settings',
    {
      schema: {
        tags,
        summary:
          'Set your organisation’s instrument, restored rule or schedule (null: the default)',
        body: careSettingsInputSchema,
        response: { 200: careSettingsSchema },
      },
    },
    (request) => updateCareSettings(deps, request.body),
  );
  return Promise.resolve();
};
