import { Readable } from 'node:stream';
import { calendarDaySchema, legalCaseTitleFirSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { printedLanguage } from '../../platform/i18n/printed.ts';
import { chosenFew, chosenFewOfficial, chosenFewSummary } from './chosen-few.service.ts';
import { chosenFewHtml } from './chosen-few-page.service.ts';

const date = calendarDaySchema;
const period = z.object({ from: date, to: date });
/**
 * A page of officials, keyset-paged on the report's order. The full report's pages are of ten
 * (a year's first ten officials already hold a fifth of its 17,000 milestones); the summary's,
 * counts only, of twenty.
 */
const pagedPeriod = (officialsAPage: number) =>
  period.extend({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(officialsAPage)
      .describe('officials a page'),
    after: z
      .string()
      .max(400)
      .optional()
      .describe('the nextCursor of the previous page: the officials after it'),
  });
const nextCursor = z
  .string()
  .nullable()
  .describe('pass as after for the next officials; null on the last page');

const milestoneSchema = z.object({
  legalCaseId: z.uuid(),
  caseTitle: z.string().describe("the case's title in English, for API clients"),
  caseTitleFir: legalCaseTitleFirSchema,
  eventId: z.uuid(),
  type: z.string(),
  description: z.string(),
  at: z.string(),
  deadlines: z.array(
    z.object({ rule: z.string(), subject: z.string().nullable(), status: z.string() }),
  ),
  onTime: z.boolean().nullable(),
});

const officialSchema = z.object({
  officialId: z.uuid(),
  name: z.string(),
  designation: z.string(),
  organisation: z.string(),
  milestones: z.array(milestoneSchema),
  onTimeCount: z.number().int(),
});

export const reportRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/reports/chosen-few',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Officials credited with milestones in a period (the "chosen few"), a page of officials at a time',
        querystring: pagedPeriod(10),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            officials: z.array(officialSchema),
            nextCursor,
          }),
        },
      },
    },
    (request) => {
      const { from, to, limit, after } = request.query;
      return chosenFew(deps, { from, to }, { limit, after });
    },
  );
  app.get(
    '/api/reports/chosen-few/summary',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The chosen-few report as counts per official (on time, late, without a deadline, cases), a page at a time',
        querystring: pagedPeriod(20),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            officials: z.array(
              z.object({
                officialId: z.uuid(),
                name: z.string(),
                designation: z.string(),
                organisation: z.string(),
                onTimeCount: z.number().int(),
                lateCount: z.number().int(),
                withoutDeadlineCount: z.number().int(),
                milestoneCount: z.number().int(),
                caseCount: z.number().int(),
              }),
            ),
            nextCursor,
          }),
        },
      },
    },
    (request) => {
      const { from, to, limit, after } = request.query;
      return chosenFewSummary(deps, { from, to }, { limit, after });
    },
  );
  app.get(
    '/api/reports/chosen-few/officials/:officialId',
    {
      schema: {
        tags: ['reports'],
        summary: "One official's milestones in the chosen-few report",
        params: z.object({ officialId: z.uuid('is not an official id') }),
        querystring: period,
        response: { 200: officialSchema },
      },
    },
    (request) => chosenFewOfficial(deps, request.query, request.params.officialId),
  );
  app.get(
    '/api/reports/chosen-few.html',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The chosen-few report as a printable page, every official, in English, Bengali or Hindi (written as a stream)',
        querystring: period.extend({ language: printedLanguage }),
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .send(Readable.from(await chosenFewHtml(deps, request.query, request.query.language))),
  );
  return Promise.resolve();
};
