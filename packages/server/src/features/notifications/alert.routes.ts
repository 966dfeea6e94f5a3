import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SUPPORTED_LANGUAGES } from '@dawn/core';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import {
  getMyNotificationPreference,
  listMyAlerts,
  markAlertRead,
  markAllAlertsRead,
  setMyNotificationPreference,
} from './alert.service.ts';

const alertSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['deadline_due_soon', 'deadline_overdue']),
  caseType: z.string().describe('the kind of case: care_case or legal_case'),
  caseId: z.uuid().describe('the case the alert is about, to open it'),
  caseCode: z.string(),
  rule: z.string(),
  title: z.string(),
  subject: z.string().nullable().describe('the case’s own reference for the person (V1, A2)'),
  dueAt: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  resolvedAt: z
    .string()
    .nullable()
    .describe('when the obligation was met or stopped being owed; null while it asks for work'),
  resolution: z.enum(['met', 'met_late', 'withdrawn']).nullable(),
});
const preferenceSchema = z.object({
  emailAlerts: z
    .enum(['immediate', 'daily_digest', 'off'], {
      error: 'must be immediate, daily_digest or off',
    })
    .describe('e-mail each alert at once, once a day in a digest, or not at all'),
  emailLanguage: z
    .enum(SUPPORTED_LANGUAGES, { error: 'must be en, bn or hi' })
    .describe('the language of the e-mails: English, Bengali or Hindi'),
});
const tags = ['alerts'];

export const alertRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/alerts',
    {
      schema: {
        tags,
        summary: 'Your alerts (deadlines on your cases), unread first',
        querystring: z.object({
          unreadOnly: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ alerts: z.array(alertSchema), unread: z.number().int() }) },
      },
    },
    (request) =>
      listMyAlerts(deps, {
        unreadOnly: request.query.unreadOnly === 'true',
        limit: request.query.limit,
      }),
  );
  app.post(
    '/api/alerts/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your alerts read',
        params: z.object({ id: z.uuid('is not an alert id') }),
        response: { 200: z.object({ read: z.literal(true) }) },
      },
    },
    async (request) => {
      await markAlertRead(deps, request.params.id);
      return { read: true as const };
    },
  );
  app.post(
    '/api/alerts/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all your alerts read',
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    async () => ({ marked: await markAllAlertsRead(deps) }),
  );
  app.get(
    '/api/me/notifications',
    {
      schema: { tags, summary: 'How Dawn e-mails you alerts', response: { 200: preferenceSchema } },
    },
    () => getMyNotificationPreference(deps),
  );
  app.put(
    '/api/me/notifications',
    {
      schema: {
        tags,
        summary: 'Choose how Dawn e-mails you alerts',
        // What is not given stays as it was; a body giving neither is a mistake, said so.
        body: preferenceSchema
          .partial()
          .refine((body) => body.emailAlerts !== undefined || body.emailLanguage !== undefined, {
            message: 'give emailAlerts, emailLanguage or both',
          }),
        response: { 200: preferenceSchema },
      },
    },
    (request) => setMyNotificationPreference(deps, request.body),
  );
  return Promise.resolve();
};
