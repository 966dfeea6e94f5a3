import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from './db/database.ts';

/** Prometheus metrics on a registry of the app's own (several apps can live in one test process). */
const registries = new WeakMap<FastifyInstance, Registry>();

let processMetrics: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, garbage collection, event loop), collected once per
 * process and shown by every app's registry. Collected per app, each app's collectors (a GC
 * observer, an event-loop monitor) lived for the rest of the process and, through their registry,
 * kept the closed app's database (a whole in-memory PGlite in a test) from being freed.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'dawn_' });
  }
  return processMetrics;
}

/** The metrics of an app built by buildApp. */
export function metricsOf(app: FastifyInstance): Registry {
  const registry = registries.get(app);
  if (!registry) throw new Error('this app has no metrics registered');
  return registry;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (and nothing else) on a port of its own, bound to the given host (by
 * default 127.0.0.1): the scraper reaches it, the public does not.
 */
export async function startMetricsServer(
  registry: Registry,
  options: { host: string; port: number },
): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Counts one answered request; app.ts calls it from its one `onResponse` hook. */
export type ObserveRequest = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * The app's metrics, shown by `metricsOf(app)`. Returns what counts each answered request rather
 * than adding a hook of its own: every hook is a step of Fastify's per request (issue 11), and
 * app.ts already has one when a request completes, for its log line.
 */
export function registerMetrics(app: FastifyInstance, database: Database): ObserveRequest {
  const registry = new Registry();

  const duration = new Histogram({
    name: 'dawn_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'dawn_db_pool_connections',
    help: 'Database connections by state (PGlite is one in-process connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = database.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });

  registries.set(app, Registry.merge([processRegistry(), registry]));
  return (request, reply) => {
    // Unmatched URLs share one label so scanners cannot blow up the metric's cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  };
}
