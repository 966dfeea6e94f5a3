import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { legalCaseTitleFirSchema } from '@dawn/core';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { printedLanguage } from '../../platform/i18n/printed.ts';
import { honourList, lettersHtml } from './honour.service.ts';

const params = z.object({
  year: z.coerce.number().int().min(2000, 'must be a year').max(2100, 'must be a year'),
});

const honourListSchema = z.object({
  year: z.number().int(),
  civilServicesDay: z.string(),
  honourees: z.array(
    z.object({
      officialId: z.uuid(),
      name: z.string(),
      designation: z.string(),
      organisation: z.string(),
      onTime: z.array(
        z.object({
          legalCaseId: z.uuid(),
          type: z.string().describe('the legal event type, e.g. chargesheet.filed'),
          description: z.string().describe('the event type in English'),
          caseTitle: z.string().describe("the case's title in English, for API clients"),
          caseTitleFir: legalCaseTitleFirSchema,
          at: z.string(),
        }),
      ),
      cases: z.number().int(),
    }),
  ),
});

export const honourRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/honours/:year',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The yearly "chosen few" honour list: officials whose milestones met their deadlines on time',
        params,
        response: { 200: honourListSchema },
      },
    },
    (request) => honourList(deps, request.params.year),
  );
  app.get(
    '/api/honours/:year/letters.html',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Printable letters of appreciation for National Civil Services Day (21 April), in English, Bengali or Hindi',
        params,
        querystring: z.object({ language: printedLanguage }),
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .send(lettersHtml(await honourList(deps, request.params.year), request.query.language)),
  );
  return Promise.resolve();
};
