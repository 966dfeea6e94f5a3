import { legalCaseTitleFirSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import {
  calendarFeed,
  calendarFeedStatus,
  createCalendarFeed,
  listHearings,
  revokeCalendarFeed,
} from './hearing.service.ts';
import { listTestimonyPreparations, recordTestimonyPreparation } from './testimony.service.ts';
import { listWitnessHearings } from './witness-hearings.service.ts';

const tags = ['hearings'];
const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO date-time with an offset' });

const hearingSchema = z.object({
  legalCaseId: z.uuid(),
  title: z.string().describe("the case's title in English, for API clients"),
  titleFir: legalCaseTitleFirSchema,
  court: z.string().nullable(),
  at: z.string(),
  kind: z.enum(['held', 'scheduled']),
  purpose: z.string().nullable(),
  adjourned: z.boolean().nullable(),
  adjournmentReason: z.string().nullable(),
  witnesses: z.array(z.string()),
  eventId: z.uuid().nullable(),
});

const preparationSchema = z.object({
  id: z.uuid(),
  legalCaseId: z.uuid(),
  victimRef: z.string(),
  careCaseId: z.uuid().nullable(),
  heldAt: z.string(),
  forHearingAt: z.string().nullable(),
  topics: z.array(z.string()),
});

export const hearingRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/hearings',
    {
      schema: {
        tags,
        summary: 'Hearings held and scheduled on the cases you may see (a month, or from–to)',
        querystring: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
            .optional(),
          from: dateTime.optional(),
          to: dateTime.optional(),
        }),
        response: { 200: z.object({ hearings: z.array(hearingSchema) }) },
      },
    },
    async (request) => ({ hearings: await listHearings(deps, request.query) }),
  );

  app.get(
    '/api/hearings/feed',
    {
      schema: {
        tags,
        summary:
          'Whether you have a calendar feed, since when and when a calendar last read it (never its address)',
        response: {
          200: z.object({
            feed: z.object({ createdAt: z.string(), lastUsedAt: z.string().nullable() }).nullable(),
          }),
        },
      },
    },
    async () => ({ feed: await calendarFeedStatus(deps) }),
  );

  app.post(
    '/api/hearings/feed',
    {
      schema: {
        tags,
        summary:
          'Create or replace your private calendar feed (ICS); the path holds a secret token, shown once',
        response: { 200: z.object({ path: z.string() }) },
      },
      config: { idempotency: 'none' },
    },
    () => createCalendarFeed(deps),
  );

  app.delete(
    '/api/hearings/feed',
    {
      schema: {
        tags,
        summary: 'Revoke your calendar feed',
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async () => {
      await revokeCalendarFeed(deps);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/calendar/:file',
    {
      schema: {
        tags,
        summary: 'A calendar feed (text/calendar) for phone and desktop calendars',
        params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/, 'is not a feed') }),
      },
    },
    async (request, reply) => {
      const body = await calendarFeed(deps, request.params.file.slice(0, -'.ics'.length));
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );

  const idParams = z.object({ id: z.uuid('is not a legal case id') });
  app.post(
    '/api/legal-cases/:id/testimony-preparations',
    {
      schema: {
        tags,
        summary: 'Record a testimony preparation session with a survivor',
        params: idParams,
        body: z.object({
          victimRef: z.string().regex(/^V[0-9]{1,3}$/, 'must be a victim reference, e.g. V1'),
          heldAt: dateTime,
          forHearingAt: dateTime.optional(),
          careCaseId: z.uuid().optional(),
          topics: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
        }),
        response: { 201: preparationSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordTestimonyPreparation(deps, request.params.id, request.body)),
  );

  app.get(
    '/api/legal-cases/:id/testimony-preparations',
    {
      schema: {
        tags,
        summary: 'Testimony preparation sessions of a case',
        params: idParams,
        response: { 200: z.object({ preparations: z.array(preparationSchema) }) },
      },
    },
    async (request) => ({ preparations: await listTestimonyPreparations(deps, request.params.id) }),
  );

  app.get(
    '/api/care-cases/:id/hearings',
    {
      schema: {
        tags,
        summary:
          'Victim-witness support: the hearings where the survivor of this care case testifies, for her care team',
        params: z.object({ id: z.uuid('is not a care case id') }),
        response: {
          200: z.object({
            hearings: z.array(hearingSchema.extend({ victimRef: z.string() })),
          }),
        },
      },
    },
    async (request) => ({ hearings: await listWitnessHearings(deps, request.params.id) }),
  );
  return Promise.resolve();
};
