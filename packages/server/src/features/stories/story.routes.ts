import { storyLanguageSchema } from '@dawn/core';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { caseIdParams } from '../care-cases/care-case.schemas.ts';
import {
  attachStoryImageSchema,
  guardReportSchema,
  newReadBackSchema,
  newStoryConsentSchema,
  newStorySchema,
  overrideSchema,
  saveStorySchema,
  storyIdParams,
  storyListQuerySchema,
  storySchema,
  storySummarySchema,
  storyVersionSchema,
  withdrawStoryConsentSchema,
} from './story.schemas.ts';
import { recordStoryConsent, withdrawStoryConsent } from './story-consent.service.ts';
import { attachStoryImage, removeStoryImage, storyImageContent } from './story-image.service.ts';
import { checkStory, overrideFinding } from './story-guard.service.ts';
import { approveStory, recordReadBack } from './story-review.service.ts';
import { createStory, getStory, listStories, saveStory, storyVersions } from './story.service.ts';

const tags = ['stories'];

export const storyRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/care-cases/:id/stories',
    {
      schema: {
        tags,
        summary: 'Draft a survivor’s story under the pseudonym she chose',
        params: caseIdParams,
        body: newStorySchema,
        response: { 201: storySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createStory(deps, request.params.id, request.body)),
  );

  app.get(
    '/api/stories',
    {
      schema: {
        tags,
        summary: 'Stories the caller may see, most recently changed first (keyset paging)',
        querystring: storyListQuerySchema,
        response: {
          200: z.object({
            stories: z.array(storySummarySchema),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    (request) => listStories(deps, request.query),
  );

  app.get(
    '/api/stories/:id',
    {
      schema: {
        tags,
        summary: 'A story: current text of each language, read-backs, consents',
        params: storyIdParams,
        response: { 200: storySchema },
      },
    },
    (request) => getStory(deps, request.params.id),
  );

  app.put(
    '/api/stories/:id',
    {
      schema: {
        tags,
        summary: 'Save texts: each changed language becomes a new version with its SHA-256',
        params: storyIdParams,
        body: saveStorySchema,
        response: { 200: storySchema },
      },
    },
    (request) => saveStory(deps, request.params.id, request.body),
  );

  app.get(
    '/api/stories/:id/versions/:language',
    {
      schema: {
        tags,
        summary: 'Every saved version of one language, newest first',
        params: storyIdParams.extend({ language: storyLanguageSchema }),
        response: { 200: z.object({ versions: z.array(storyVersionSchema) }) },
      },
    },
    async (request) => ({
      versions: await storyVersions(deps, request.params.id, request.params.language),
    }),
  );

  app.get(
    '/api/stories/:id/guard',
    {
      schema: {
        tags,
        summary: 'Run the identity-leak guard on the current texts',
        params: storyIdParams,
        response: { 200: guardReportSchema },
      },
    },
    (request) => checkStory(deps, request.params.id),
  );

  app.post(
    '/api/stories/:id/guard/overrides',
    {
      schema: {
        tags,
        summary: 'Programme manager: accept one finding, with a reason (audited)',
        params: storyIdParams,
        body: overrideSchema,
        response: { 200: guardReportSchema },
      },
    },
    (request) => overrideFinding(deps, request.params.id, request.body),
  );

  app.post(
    '/api/stories/:id/read-backs',
    {
      schema: {
        tags,
        summary: 'Record the read-back to her in her language: her decision and changes asked for',
        params: storyIdParams,
        body: newReadBackSchema,
        response: { 201: storySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordReadBack(deps, request.params.id, request.body)),
  );

  app.post(
    '/api/stories/:id/approve',
    {
      schema: {
        tags,
        summary: 'Safeguarding review: approve (refused while guard findings are open)',
        params: storyIdParams,
        response: { 200: storySchema },
      },
    },
    (request) => approveStory(deps, request.params.id),
  );

  app.post(
    '/api/stories/:id/consents',
    {
      schema: {
        tags,
        summary: 'Record her consent to publish this story on one channel',
        params: storyIdParams,
        body: newStoryConsentSchema,
        response: { 201: storySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordStoryConsent(deps, request.params.id, request.body)),
  );

  app.post(
    '/api/stories/:id/consents/:consentId/withdraw',
    {
      schema: {
        tags,
        summary:
          'Withdraw a story consent: at once, the story leaves unprinted editions and printed ones are marked do not reprint',
        params: storyIdParams.extend({ consentId: z.uuid('is not a consent id') }),
        body: withdrawStoryConsentSchema,
        response: { 200: storySchema },
      },
    },
    (request) =>
      withdrawStoryConsent(deps, request.params.id, request.params.consentId, request.body),
  );

  app.put(
    '/api/stories/:id/image',
    {
      schema: {
        tags,
        summary:
          'Attach an image from her care case’s documents, re-encoded without EXIF, GPS or other metadata',
        params: storyIdParams,
        body: attachStoryImageSchema,
        response: { 200: storySchema },
      },
    },
    async (request) => {
      await attachStoryImage(deps, request.params.id, request.body);
      return getStory(deps, request.params.id);
    },
  );

  app.delete(
    '/api/stories/:id/image',
    {
      schema: {
        tags,
        summary: 'Take the image off a story',
        params: storyIdParams,
        response: { 200: storySchema },
      },
    },
    async (request) => {
      await removeStoryImage(deps, request.params.id);
      return getStory(deps, request.params.id);
    },
  );

  app.get(
    '/api/stories/:id/image',
    {
      schema: {
        tags,
        summary: 'The story’s cleaned image (JPEG without metadata), as it will be printed',
        params: storyIdParams,
      },
    },
    async (request, reply) =>
      reply.type('image/jpeg').send(await storyImageContent(deps, request.params.id)),
  );
  return Promise.resolve();
};
