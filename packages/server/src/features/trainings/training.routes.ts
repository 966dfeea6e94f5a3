import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPagingQuery } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import { certificatePdf, issueCertificates, verifyCertificate } from './certificate.service.ts';
import { sessionFollowUp } from './follow-up.service.ts';
import {
  addParticipantsSchema,
  certificateQuerySchema,
  idParams,
  programmeDetailSchema,
  programmeInputSchema,
  programmeSummarySchema,
  resultsSchema,
  sessionDetailSchema,
  followUpSchema,
  sessionInputSchema,
  verificationSchema,
} from './training.schemas.ts';
import {
  addTrainingParticipants,
  createTrainingProgramme,
  createTrainingSession,
  getTrainingProgramme,
  getTrainingSession,
  listTrainingProgrammes,
  recordTrainingResults,
} from './training.service.ts';

export const trainingRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['trainings'];
  app.get(
    '/api/trainings/programmes',
    {
      schema: {
        tags,
        summary:
          'Training programmes for justice officials run by the caller’s organisation, newest ' +
          'first (keyset paging)',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(25),
          after: listPagingQuery.after,
        }),
        response: {
          200: z.object({
            programmes: z.array(programmeSummarySchema),
            nextCursor: z
              .string()
              .nullable()
              .describe('pass as after for the next page; null on the last page'),
          }),
        },
      },
    },
    (request) => listTrainingProgrammes(deps, request.query),
  );
  app.post(
    '/api/trainings/programmes',
    {
      schema: {
        tags,
        summary: 'Create a training programme (topic, curriculum, target cadres)',
        body: programmeInputSchema,
        response: { 201: programmeDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTrainingProgramme(deps, request.body)),
  );
  app.get(
    '/api/trainings/programmes/:id',
    {
      schema: {
        tags,
        summary: 'A programme with its sessions',
        params: idParams,
        response: { 200: programmeDetailSchema },
      },
    },
    (request) => getTrainingProgramme(deps, request.params.id),
  );
  app.post(
    '/api/trainings/programmes/:id/sessions',
    {
      schema: {
        tags,
        summary: 'Schedule a session of a programme (dates, venue, district, partner, trainers)',
        params: idParams,
        body: sessionInputSchema,
        response: { 201: sessionDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTrainingSession(deps, request.params.id, request.body)),
  );
  app.get(
    '/api/trainings/sessions/:id',
    {
      schema: {
        tags,
        summary: 'A session with its participants, scores, attendance and certificates',
        params: idParams,
        response: { 200: sessionDetailSchema },
      },
    },
    (request) => getTrainingSession(deps, request.params.id),
  );
  app.post(
    '/api/trainings/sessions/:id/participants',
    {
      schema: {
        tags,
        summary: 'Add officials from the directory as participants',
        params: idParams,
        body: addParticipantsSchema,
        response: { 200: sessionDetailSchema },
      },
    },
    (request) => addTrainingParticipants(deps, request.params.id, request.body.participants),
  );
  app.post(
    '/api/trainings/sessions/:id/results',
    {
      schema: {
        tags,
        summary: 'Record pre/post-test scores, feedback and attendance of participants',
        params: idParams,
        body: resultsSchema,
        response: { 200: sessionDetailSchema },
      },
    },
    (request) => recordTrainingResults(deps, request.params.id, request.body.results),
  );
  app.get(
    '/api/trainings/sessions/:id/follow-up',
    {
      schema: {
        tags,
        summary:
          'Milestones credited to each trained official on cases in the year before and after the session',
        params: idParams,
        response: { 200: followUpSchema },
      },
    },
    (request) => sessionFollowUp(deps, request.params.id),
  );
  app.post(
    '/api/trainings/sessions/:id/certificates',
    {
      schema: {
        tags,
        summary:
          'Issue certificates of participation (with verification codes) to participants who attended',
        params: idParams,
        response: { 200: sessionDetailSchema },
      },
    },
    (request) => issueCertificates(deps, request.params.id),
  );
  app.get(
    '/api/trainings/participants/:id/certificate.pdf',
    {
      schema: {
        tags,
        summary: 'A certificate of participation as PDF, in English, Bengali or Hindi',
        params: idParams,
        querystring: certificateQuerySchema,
      },
    },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const pdf = await certificatePdf(deps, request.params.id, request.query.language, origin);
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="certificate-${request.query.language}.pdf"`,
        )
        .send(pdf);
    },
  );
  app.get(
    '/api/certificates/:code',
    {
      schema: {
        tags,
        summary:
          'Public: confirms a certificate by its verification code (name, programme, dates only)',
        params: z.object({ code: z.string().max(40) }),
        response: { 200: verificationSchema },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    (request) => verifyCertificate(deps, request.params.code),
  );
  return Promise.resolve();
};
