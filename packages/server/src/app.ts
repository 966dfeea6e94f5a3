import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import type { Vault } from './platform/vault/vault.ts';
import type { Deps } from './platform/deps.ts';
import { registerWebApp } from './platform/web/web-app.ts';
import { registerAuthentication } from './features/auth/authentication.hook.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { organisationRoutes } from './features/organisations/organisation.routes.ts';
import { officialRoutes } from './features/organisations/official.routes.ts';
import { teamRoutes } from './features/teams/team.routes.ts';
import { documentRoutes } from './features/documents/document.routes.ts';
import { personRoutes } from './features/persons/person.routes.ts';
import { careCaseRoutes } from './features/care-cases/care-case.routes.ts';
import { consentRoutes } from './features/consents/consent.routes.ts';
import { carePlanRoutes } from './features/care-plans/care-plan.routes.ts';
import { assessmentRoutes } from './features/assessments/assessment.routes.ts';
import { taskRoutes } from './features/tasks/task.routes.ts';
import { legalCaseRoutes } from './features/legal-cases/legal-case.routes.ts';
import { hearingRoutes } from './features/hearings/hearing.routes.ts';
import { compensationRoutes } from './features/compensation/compensation.routes.ts';
import { reportRoutes } from './features/reports/report.routes.ts';
import { exportRoutes } from './features/exports/export.routes.ts';
import { webhookRoutes } from './features/webhooks/webhook.routes.ts';
import { rescueOperationRoutes } from './features/rescue-operations/rescue-operation.routes.ts';
import { alertRoutes } from './features/notifications/alert.routes.ts';
import type { ObligationSource } from './features/obligations/obligation-source.ts';
import { obligationSources } from './features/obligations/obligation-sources.ts';
import { obligationRoutes } from './features/obligations/obligation.routes.ts';
import { tokenRoutes } from './features/tokens/token.routes.ts';
import { userRoutes } from './features/users/user.routes.ts';
import { answerFrameworkError, registerErrorHandling } from './platform/http-errors.ts';
import { loggerOptions, logsArePretty, prettyLogStream } from './platform/logging.ts';
import { registerMetrics } from './platform/metrics.ts';
import { registerIdempotency } from './platform/idempotency.ts';
import { registerNulGuard } from './platform/reject-nul.ts';
import { responseSerializerCompiler } from './platform/response-serializer.ts';
import { securityHeaders } from './platform/security-headers.ts';
import { runWithContext } from './platform/request-context.ts';
import { abandonmentSignal } from './platform/db/query-cancellation.ts';
import { DAWN_VERSION } from './platform/version.ts';
import { systemRoutes } from './features/system/system.routes.ts';
import { storyRoutes } from './features/stories/story.routes.ts';
import { editionRoutes } from './features/stories/edition.routes.ts';
import { trainingRoutes } from './features/trainings/training.routes.ts';
import { importRoutes } from './features/imports/import.routes.ts';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.ts';
import { honourRoutes } from './features/honours/honour.routes.ts';
import { retraffickingRoutes } from './features/retrafficking/retrafficking.routes.ts';
import { networkRoutes } from './features/networks/network.routes.ts';

export const WEB_DIST_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../web/dist',
);

export interface AppOptions {
  config: Config;
  database: Database;
  vault: Vault;
  /** Directory of the built web app; tests may point elsewhere. */
  webDistDir?: string;
  /** false silences request logs. */
  logger?: boolean;
  /** Where log lines go (tests capture them); standard output by default. */
  logStream?: NodeJS.WritableStream;
  /** The kinds of case with deadlines; tests may bring their own. */
  obligationSources?: readonly ObligationSource[];
}

export type App = FastifyInstance;

type CompilersFactory = NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'];

// Fastify's types describe the factories of Ajv compilers; the zod compilers are called the same way.
const zodCompilersFactory = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => responseSerializerCompiler,
} as unknown as CompilersFactory;

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, database, vault } = options;
  const deps: Deps = { db: database.db, config, vault };
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            ...loggerOptions(config.logLevel),
            ...(options.logStream
              ? { stream: options.logStream }
              : logsArePretty(config.logFormat, process.stdout.isTTY)
                ? { stream: prettyLogStream(process.stdout) }
                : {}),
          },
    // One line per request, written when it completes (below), not one more as it arrives.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Idle keep-alive connections close at shutdown; in-flight requests still finish.
    forceCloseConnections: 'idle',
    bodyLimit: 1024 * 1024,
    frameworkErrors: answerFrameworkError,
    trustProxy: config.trustProxy,
    // Every schema is zod, compiled by the zod compilers below. Named here as well, Fastify does not
    // load its default Ajv and fast-json-stringify compilers (about 100 modules) at every start.
    schemaController: { compilersFactory: zodCompilersFactory },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  registerErrorHandling(app);
  registerNulGuard(app);

  // Helmet's headers, worked out once (security-headers.ts).
  const setSecurityHeaders = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served on 127.0.0.1 by default; HSTS belongs to the TLS proxy in front of a real deployment.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // Counts each answered request for Prometheus; per-route counts (reveals included) are for the
  // operator only: they are served on a port of their own (DAWN_METRICS_PORT, see server.ts), never
  // on the public one.
  const observeRequest = registerMetrics(app, database);
  // One hook for what every request starts with (each hook costs Fastify a step per request):
  // its id, the security headers, API answers' `cache-control`, its cookies, and its context, with
  // the abandonment signal of a read.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    setSecurityHeaders(reply.raw);
    // API answers carry case data: no browser cache or proxy may keep a copy. Set first, so a
    // route that sets its own (an export, a calendar feed) replaces it.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    // @fastify/cookie's own hook is off (below); a route that sets a cookie parses them again.
    const cookieHeader = request.headers.cookie;
    request.cookies = cookieHeader ? app.parseCookie(cookieHeader) : {};
    runWithContext({ requestId: request.id, signal: abandonmentSignal(request, reply) }, done);
  });
  // One hook for what every answered request ends with: its log line and its metrics.
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
    observeRequest(request, reply);
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dawn API',
        version: DAWN_VERSION,
        description:
          'Case management for the justice system that frees and restores survivors of human trafficking. ' +
          'A POST that makes a change may carry an `Idempotency-Key` header (8–128 letters, digits or `._:-`, new for each change): ' +
          'sent again with the same key after its answer was lost, the change is not made twice, and the request is answered as the first was ' +
          '(`Idempotent-Replayed: true`) or, when that answer is not at hand, refused with 409 to reload first. ' +
          'An answer holding a secret shown once (an API token, a webhook secret, a new user’s one-time password) and an upload’s are never given again: a resend is refused with 409. ' +
          'Reveals, sign-in and its steps, resets and reads sent as POSTs ignore the header.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  // Cookies are parsed by the onRequest hook above; the plugin still writes the ones a route sets.
  await app.register(cookie, { hook: false });
  await app.register(rateLimit, { global: false });
  registerAuthentication(app, deps, database);
  // Before the routes: it hooks each POST as it is registered (idempotency.ts).
  registerIdempotency(app, deps);

  await app.register(systemRoutes, { config, database });
  await app.register(authRoutes, { deps });
  await app.register(userRoutes, { deps });
  await app.register(tokenRoutes, { deps });
  await app.register(organisationRoutes, { deps });
  await app.register(officialRoutes, { deps });
  await app.register(teamRoutes, { deps });
  await app.register(auditRoutes, { deps });
  await app.register(personRoutes, { deps });
  await app.register(documentRoutes, { deps });
  await app.register(careCaseRoutes, { deps });
  await app.register(consentRoutes, { deps });
  await app.register(carePlanRoutes, { deps });
  await app.register(assessmentRoutes, { deps });
  await app.register(taskRoutes, { deps });
  await app.register(legalCaseRoutes, { deps });
  await app.register(hearingRoutes, { deps });
  await app.register(compensationRoutes, { deps });
  await app.register(reportRoutes, { deps });
  await app.register(rescueOperationRoutes, { deps });
  await app.register(alertRoutes, { deps });
  await app.register(storyRoutes, { deps });
  await app.register(editionRoutes, { deps });
  await app.register(trainingRoutes, { deps });
  await app.register(importRoutes, { deps });
  await app.register(dashboardRoutes, { deps });
  await app.register(honourRoutes, { deps });
  await app.register(exportRoutes, { deps });
  await app.register(webhookRoutes, { deps });
  await app.register(retraffickingRoutes, { deps });
  await app.register(networkRoutes, { deps });
  await app.register(obligationRoutes, {
    deps,
    sources: options.obligationSources ?? obligationSources(vault),
  });

  await registerWebApp(app, options.webDistDir ?? WEB_DIST_DIR);
  return app;
}
