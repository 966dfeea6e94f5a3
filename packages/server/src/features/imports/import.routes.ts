import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import {
  dryRunReportSchema,
  IMPORT_MAX_BYTES,
  importBodySchema,
  importJobSchema,
  jobIdParams,
  kindParams,
  mappingBodySchema,
  savedMappingSchema,
  startedImportSchema,
} from './import.schemas.ts';
import {
  dryRunImport,
  getImportJob,
  getSavedMapping,
  saveImportMapping,
  startImport,
} from './import.service.ts';
import { errorCodeOf } from './import.job.ts';

const bodyLimit = Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 64 * 1024;

export const importRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['imports'];
  app.post(
    '/api/imports/dry-run',
    {
      bodyLimit,
      schema: {
        tags,
        summary:
          'Check a spreadsheet (.xlsx or .csv) of persons or care cases without importing: what each row would do, and why a row cannot go in',
        body: importBodySchema,
        response: { 200: dryRunReportSchema },
      },
      config: { idempotency: 'none' },
    },
    (request) =>
      dryRunImport(
        deps,
        Buffer.from(request.body.fileBase64, 'base64'),
        request.body.mapping,
        request.body.kind,
        request.body.trainingSessionId,
        request.body.decisions,
      ),
  );
  app.post(
    '/api/imports',
    {
      bodyLimit,
      schema: {
        tags,
        summary:
          'Import a spreadsheet in batches (each all or nothing); answers at once, then follow GET /api/imports/:id',
        body: importBodySchema,
        response: { 202: startedImportSchema },
      },
    },
    async (request, reply) => {
      const started = await startImport(deps, Buffer.from(request.body.fileBase64, 'base64'), {
        kind: request.body.kind,
        ...(request.body.mapping ? { mapping: request.body.mapping } : {}),
        ...(request.body.resumeJobId ? { resumeJobId: request.body.resumeJobId } : {}),
        ...(request.body.decisions ? { decisions: request.body.decisions } : {}),
        ...(request.body.trainingSessionId
          ? { trainingSessionId: request.body.trainingSessionId }
          : {}),
      });
      // The batches go on after the answer; a failure marks the job failed (never a cell value).
      started.finished.catch((error: unknown) => {
        request.log.error({ jobId: started.jobId, error: errorCodeOf(error) }, 'import failed');
      });
      return reply.status(202).send({ jobId: started.jobId, totalRows: started.totalRows });
    },
  );
  app.get(
    '/api/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import’s progress and summary (which rows did not go in, and why)',
        params: jobIdParams,
        response: { 200: importJobSchema },
      },
    },
    (request) => getImportJob(deps, request.params.id),
  );
  app.get(
    '/api/imports/mappings/:kind',
    {
      schema: {
        tags,
        summary: 'The column mapping the organisation saved for a kind, and the kind’s fields',
        params: kindParams,
        response: { 200: savedMappingSchema },
      },
    },
    (request) => getSavedMapping(deps, request.params.kind),
  );
  app.put(
    '/api/imports/mappings/:kind',
    {
      schema: {
        tags,
        summary: 'Save an edited column mapping for a kind (the next import guesses from it)',
        params: kindParams,
        body: mappingBodySchema,
        response: { 200: savedMappingSchema },
      },
    },
    (request) => saveImportMapping(deps, request.params.kind, request.body.mapping),
  );
  return Promise.resolve();
};
