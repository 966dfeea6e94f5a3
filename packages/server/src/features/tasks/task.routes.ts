import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPagingQuery } from '../../platform/db/keyset.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  caseIdParams,
  caseListItemSchema,
  instantSchema,
  taskSummarySchema,
} from '../care-cases/care-case.schemas.ts';
import {
  addTask,
  completeTask,
  reopenTask,
  listCaseTasks,
  myCases,
  myTasks,
  myWork,
} from './task.service.ts';

const pageLimit = z.coerce.number().int().min(1).max(100).default(25);
const nextCursorSchema = z
  .string()
  .nullable()
  .describe('pass as after for the next page; null on the last page');

const tags = ['tasks'];

export const taskRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/my-work',
    {
      schema: {
        tags,
        summary:
          'The first page of my open cases and of my open tasks (overdue first, then soonest); ' +
          'further pages from /api/my-work/cases and /api/my-work/tasks',
        querystring: z.object({ limit: pageLimit }),
        response: {
          200: z.object({
            cases: z.array(caseListItemSchema),
            casesNextCursor: nextCursorSchema,
            tasks: z.array(taskSummarySchema),
            tasksNextCursor: nextCursorSchema,
          }),
        },
      },
    },
    (request) => myWork(deps, request.query),
  );

  app.get(
    '/api/my-work/cases',
    {
      schema: {
        tags,
        summary: 'A page of my open cases, newest first (keyset paging)',
        querystring: z.object({ limit: pageLimit, after: listPagingQuery.after }),
        response: {
          200: z.object({ cases: z.array(caseListItemSchema), nextCursor: nextCursorSchema }),
        },
      },
    },
    (request) => myCases(deps, request.query),
  );

  app.get(
    '/api/my-work/tasks',
    {
      schema: {
        tags,
        summary: 'A page of my open tasks, overdue first, then soonest (keyset paging)',
        querystring: z.object({ limit: pageLimit, after: listPagingQuery.after }),
        response: {
          200: z.object({ tasks: z.array(taskSummarySchema), nextCursor: nextCursorSchema }),
        },
      },
    },
    (request) => myTasks(deps, request.query),
  );

  app.get(
    '/api/care-cases/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Open tasks of a case',
        params: caseIdParams,
        response: { 200: z.object({ tasks: z.array(taskSummarySchema) }) },
      },
    },
    async (request) => ({ tasks: await listCaseTasks(deps, request.params.id) }),
  );

  app.post(
    '/api/care-cases/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Add a task to a case, optionally for a team member',
        params: caseIdParams,
        body: z.object({
          title: z.string().trim().min(1, 'is required').max(200),
          dueAt: instantSchema,
          assigneeId: z.uuid('is not a user id').optional(),
        }),
        response: { 201: taskSummarySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addTask(deps, request.params.id, request.body)),
  );

  app.post(
    '/api/tasks/:taskId/complete',
    {
      schema: {
        tags,
        summary: 'Mark a task done',
        params: z.object({ taskId: z.uuid('is not a task id') }),
        response: { 200: taskSummarySchema },
      },
    },
    (request) => completeTask(deps, request.params.taskId),
  );

  app.post(
    '/api/tasks/:taskId/reopen',
    {
      schema: {
        tags,
        summary: 'Open again a task marked done by mistake',
        params: z.object({ taskId: z.uuid('is not a task id') }),
        response: { 200: taskSummarySchema },
      },
    },
    (request) => reopenTask(deps, request.params.taskId),
  );
  return Promise.resolve();
};
