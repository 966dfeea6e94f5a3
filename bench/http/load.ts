/**
 * The HTTP bench's load generator: 32 keep-alive connections from a worker thread, for a fixed
 * number of seconds, and the percentiles of what they measured.
 */
import { Worker } from 'node:worker_threads';

export interface LoadSpec {
  port: number;
  method: 'GET' | 'POST';
  paths: string[];
  bodies?: string[];
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

// The load generator runs in a worker thread, so it does not share the servers' event loop. It is
// plain JavaScript (a worker does not inherit tsx's loader) and uses only node:http.
const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData: spec } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
const latencies = [];
let errors = 0;
let index = 0;
const keyPrefix = 'bench-' + require('node:crypto').randomUUID() + '-';
const started = performance.now();
const deadline = started + spec.seconds * 1000;
const one = () => new Promise((resolve) => {
  const pick = index++;
  const path = spec.paths[pick % spec.paths.length];
  const body = spec.bodies ? spec.bodies[pick % spec.bodies.length] : undefined;
  const sent = performance.now();
  const request = http.request({
    host: '127.0.0.1', port: spec.port, method: spec.method, path, agent,
    headers: { ...spec.headers, ...(body ? { 'content-type': 'application/json' } : {}),
      // As the web sends every change: with a key of its own (Dawn's idempotency.ts).
      ...(spec.method === 'POST' ? { 'idempotency-key': keyPrefix + pick } : {}) },
  }, (response) => {
    response.on('data', () => undefined);
    response.on('end', () => {
      if (response.statusCode >= 400) errors += 1;
      latencies.push(performance.now() - sent);
      resolve();
    });
  });
  request.on('error', () => { errors += 1; resolve(); });
  request.end(body);
});
const loop = async () => { while (performance.now() < deadline) await one(); };
Promise.all(Array.from({ length: spec.connections }, loop)).then(() => {
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors,
    seconds: (performance.now() - started) / 1000, latencies });
});
`;

export function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: spec });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
  });
}

export const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
