import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import {
  assignMonthSchema,
  editionIdParams,
  editionSchema,
  holidaySchema,
  holidaysSchema,
  monthParams,
  newEditionSchema,
  updateEditionSchema,
} from './edition.schemas.ts';
import {
  assignMonth,
  clearMonth,
  createEdition,
  getEdition,
  listEditions,
  listHolidays,
  markPrinted,
  previewEdition,
  renderEditionPdf,
  replaceHolidays,
  updateEdition,
} from './edition.service.ts';

const tags = ['calendar'];

export const editionRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/editions',
    {
      schema: {
        tags,
        summary: 'Calendar editions of the caller’s organisation, newest year first',
        response: { 200: z.object({ editions: z.array(editionSchema) }) },
      },
    },
    async () => ({ editions: await listEditions(deps) }),
  );

  app.post(
    '/api/editions',
    {
      schema: {
        tags,
        summary: 'Plan a calendar edition: a year, a cover and twelve months',
        body: newEditionSchema,
        response: { 201: editionSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createEdition(deps, request.body)),
  );

  app.get(
    '/api/editions/:id',
    {
      schema: {
        tags,
        summary: 'An edition with its months',
        params: editionIdParams,
        response: { 200: editionSchema },
      },
    },
    (request) => getEdition(deps, request.params.id),
  );

  app.patch(
    '/api/editions/:id',
    {
      schema: {
        tags,
        summary: 'Change the cover or the print settings of an edition still being planned',
        params: editionIdParams,
        body: updateEditionSchema,
        response: { 200: editionSchema },
      },
    },
    (request) => updateEdition(deps, request.params.id, request.body),
  );

  app.put(
    '/api/editions/:id/months/:month',
    {
      schema: {
        tags,
        summary: 'Place an approved, consented story on a month, in the chosen languages',
        params: monthParams,
        body: assignMonthSchema,
        response: { 200: editionSchema },
      },
    },
    (request) => assignMonth(deps, request.params.id, request.params.month, request.body),
  );

  app.delete(
    '/api/editions/:id/months/:month',
    {
      schema: {
        tags,
        summary: 'Clear a month',
        params: monthParams,
        response: { 200: editionSchema },
      },
    },
    (request) => clearMonth(deps, request.params.id, request.params.month),
  );

  app.get(
    '/api/editions/:id/preview',
    {
      schema: {
        tags,
        summary: 'The calendar as HTML, page by page (what will be printed)',
        params: editionIdParams,
      },
    },
    async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(await previewEdition(deps, request.params.id)),
  );

  app.get(
    '/api/editions/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The print-ready PDF (needs the system Chromium)',
        params: editionIdParams,
      },
    },
    async (request, reply) => {
      const { pdf, edition } = await renderEditionPdf(deps, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="calendar-${edition.year}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/api/editions/:id/printed',
    {
      schema: {
        tags,
        summary: 'Mark the edition as sent to the printer: its stories become published',
        params: editionIdParams,
        response: { 200: editionSchema },
      },
    },
    (request) => markPrinted(deps, request.params.id),
  );

  app.get(
    '/api/calendar-holidays',
    {
      schema: {
        tags,
        summary: 'The installation’s holiday table, printed on the month grids',
        response: { 200: z.object({ holidays: z.array(holidaySchema) }) },
      },
    },
    async () => ({ holidays: await listHolidays(deps) }),
  );

  app.put(
    '/api/calendar-holidays',
    {
      schema: {
        tags,
        summary: 'Replace the installation’s holiday table (administrators)',
        body: holidaysSchema,
        response: { 200: z.object({ holidays: z.array(holidaySchema) }) },
      },
    },
    async (request) => ({ holidays: await replaceHolidays(deps, request.body.holidays) }),
  );
  return Promise.resolve();
};
