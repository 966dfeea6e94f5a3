import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { exportForCaller, exportRequestSchema } from './export.service.ts';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' } as const;

export const exportRoutes: FastifyPluginAsync<{ deps: Deps }> = (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/exports',
    {
      schema: {
        tags: ['exports'],
        summary:
          'Export the HTCDS 2.0 file or the CTDC-style anonymised dataset of your organisation',
        description:
          'Program managers and analysts. The file is written streamed, checked (CTDC: every combination at least k times) and then sent as an attachment; its counts are in the x-dawn-export-* headers. Every export is audited (data.exported). Identity is never exported.',
        body: exportRequestSchema,
      },
      config: { idempotency: 'none' },
    },
    async (request, reply) => {
      const directory = await mkdtemp(join(tmpdir(), 'dawn-export-'));
      const path = join(directory, `export.${request.body.format}`);
      try {
        const summary = await exportForCaller(deps.db, request.body, path);
        const { size } = await stat(path);
        const name = `dawn-${summary.dataset}-${new Date().toISOString().slice(0, 10)}.${summary.format}`;
        const content = createReadStream(path);
        // The temporary file goes as soon as it is sent (or the client gives up).
        content.on('close', () => void rm(directory, { recursive: true, force: true }));
        return await reply
          .header('content-type', CONTENT_TYPES[summary.format])
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('content-length', String(size))
          .header('cache-control', 'no-store')
          .header('x-dawn-export-rows', String(summary.rows))
          .header('x-dawn-export-records-suppressed', String(summary.recordsSuppressed))
          .header('x-dawn-export-cells-suppressed', String(summary.cellsSuppressed))
          .header(
            'x-dawn-export-class-sizes',
            summary.classSizes.map(([classSize, count]) => `${classSize}x${count}`).join(','),
          )
          .send(content);
      } catch (error) {
        await rm(directory, { recursive: true, force: true });
        throw error;
      }
    },
  );
  return Promise.resolve();
};
