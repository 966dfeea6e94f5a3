import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every answer, its middleware built once here. The Fastify plugin
 * (@fastify/helmet) built it again on every request, parsing the whole Content-Security-Policy
 * each time, and ran an async hook per request for reply decorators Dawn does not use (issue 11).
 * The headers are the same: helmet sets them on the raw response, as the plugin did.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const setHeaders = helmet(options);
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => {
      if (error) done(error instanceof Error ? error : new Error('helmet refused the response'));
      else done();
    });
  });
}
