import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite names every built asset after a hash of its content: a new build means a new name. */
const HASHED_ASSET = /^\/assets\//;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Serves the built web app: its brotli or gzip copy when the browser accepts one (the build writes
 * them beside each file), hashed assets cached for a year and never revalidated, the page itself
 * revalidated on every visit so a new build is picked up at once. Source maps are not served: they
 * hold the whole source and help nobody using Dawn.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const indexFile = path.join(distDir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      allowedPath: (pathName) => !pathName.endsWith('.map'),
      setHeaders: (reply, filePath) => {
        const relative = `/${path.relative(distDir, filePath).split(path.sep).join('/')}`;
        reply.header(
          'cache-control',
          HASHED_ASSET.test(relative)
            ? `public, max-age=${ONE_YEAR_SECONDS}, immutable`
            : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html');
    if (isPage && built) {
      // The single-page app routes on the client.
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    if (isPage) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built yet. Run `npm run build`, then reload this page.');
    }
    return reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `No such endpoint: ${request.method} ${request.url.split('?')[0] ?? ''}`,
        requestId: request.id,
      },
    });
  });
}
