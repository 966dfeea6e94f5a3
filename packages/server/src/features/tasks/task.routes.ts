import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import {
  caseIdParams,
  caseListItemSchema,
  instantSchema,
  taskSummarySchema,
} from '../care-cases/care-case.schemas.ts';
import { addTask, completeTask, listCaseTasks, myWork } from './task.service.ts';

const tags = ['tasks'];

export const taskRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/my-work',
    {
      schema: {
        tags,
        summary: 'My open cases and my open tasks, soonest first',
        response: {
          200: z.object({ cases: z.array(caseListItemSchema), tasks: z.array(taskSummarySchema) }),
        },
      },
    },
    () => myWork(deps),
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
  return Promise.resolve();
};
