import { CONFIDENCE_TAGS, OBLIGATION_STATUSES, obligationExplanationSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPagingQuery } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import type { ObligationSource } from './obligation-source.ts';
import { getObligation, listObligations, obligationSummary } from './obligation.service.ts';

const obligationSchema = z.object({
  id: z.uuid(),
  caseType: z.string(),
  caseId: z.uuid(),
  caseCode: z.string(),
  rule: z.string(),
  title: z.string(),
  citation: z.string(),
  subject: z.string().nullable(),
  startsAt: z.string(),
  dueAt: z.string(),
  status: z.enum(OBLIGATION_STATUSES),
  metAt: z.string().nullable(),
  consequence: z.string(),
  confidence: z.enum(CONFIDENCE_TAGS),
  unconfirmed: z.boolean().describe('the rule is tagged [U]: verify before relying on it'),
  responsibleRole: z.string(),
  daysLeft: z.number().int().nullable(),
  explanation: obligationExplanationSchema
    .nullable()
    .optional()
    .describe(
      'left out with fields=list (GET /api/obligations/{id} has it); null when none was recorded (a demonstration’s generated deadline)',
    ),
  computedAt: z.string(),
});

export const obligationRoutes: FastifyPluginAsync<{
  deps: Deps;
  sources: readonly ObligationSource[];
}> = (fastify, { deps, sources }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/obligations',
    {
      schema: {
        tags: ['deadlines'],
        summary: 'Statutory deadlines across the cases you may see (or one case), soonest first',
        querystring: z.object({
          caseType: z.string().max(50).optional(),
          caseId: z.uuid('is not a case id').optional(),
          status: z
            .string()
            .optional()
            .transform((value) => (value ? value.split(',') : undefined))
            .pipe(z.array(z.enum(OBLIGATION_STATUSES)).optional())
            .describe('comma-separated: met, met_late, open, overdue'),
          dueWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
          rule: z.string().max(100).optional(),
          fields: z
            .enum(['full', 'list'])
            .default('full')
            .describe('list: without explanations (fetch one obligation for its explanation)'),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(500)
            .default(50)
            .describe('rows a page (the deadlines page shows 50; up to 500)'),
          after: listPagingQuery.after,
        }),
        response: {
          200: z.object({
            obligations: z.array(obligationSchema),
            nextCursor: z
              .string()
              .nullable()
              .describe('pass as after for the next page; null on the last page'),
          }),
        },
      },
    },
    (request) => listObligations(deps, sources, request.query),
  );
  app.get(
    '/api/obligations/summary',
    {
      schema: {
        tags: ['deadlines'],
        summary:
          'How many deadlines you may see are overdue, due within a week, open and met late ' +
          '(the deadlines page’s cards; counted, not capped)',
        response: {
          200: z.object({
            overdue: z.number().int().min(0),
            dueWithinWeek: z
              .number()
              .int()
              .min(0)
              .describe('open and due before seven days from now (some may be past due)'),
            open: z.number().int().min(0).describe('not yet met, not yet marked overdue'),
            metLate: z.number().int().min(0),
          }),
        },
      },
    },
    () => obligationSummary(deps, sources),
  );
  app.get(
    '/api/obligations/:id',
    {
      schema: {
        tags: ['deadlines'],
        summary: 'One deadline with the explanation of how its date was computed',
        params: z.object({ id: z.uuid('is not a deadline id') }),
        response: { 200: obligationSchema },
      },
    },
    (request) => getObligation(deps, sources, request.params.id),
  );
  return Promise.resolve();
};
