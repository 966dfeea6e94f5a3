import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { seedDemo } from '../seed/demo-seed.ts';
import { metricsOf, startMetricsServer } from '../../platform/metrics.ts';

describe(`an operator checks a running installation (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let webDir: string;

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-web-'));
    fs.writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><title>Dawn test page</title>',
    );
    subject = await createTestApp({ webDistDir: webDir });
  });
  afterAll(async () => {
    await subject.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('answers the liveness probe', async () => {
    const response = await subject.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready once the database answers and every migration is applied', async () => {
    const response = await subject.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      database: 'ok',
      migrations: { pending: [] },
    });
  });

  it('describes the installation for the about page, with the demo organisation once seeded', async () => {
    const before = await subject.app.inject({ method: 'GET', url: '/api/system/about' });
    expect(before.json()).toMatchObject({ demoOrganisation: false });

    await seedDemo(subject.database.db);
    const after = await subject.app.inject({ method: 'GET', url: '/api/system/about' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({
      name: 'Dawn',
      timeZone: 'Asia/Kolkata',
      demoOrganisation: true,
      readiness: { status: 'ready' },
    });
  });

  it('publishes an OpenAPI 3.1 document and a browsable reference', async () => {
    const document = await subject.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(document.statusCode).toBe(200);
    const openapi = document.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/system/about']),
    );

    const reference = await subject.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(reference.statusCode).toBe(200);
    expect(reference.headers['content-type']).toContain('text/html');
  });

  it('exposes request durations by route, the database pool and the process to Prometheus', async () => {
    await subject.app.inject({ method: 'GET', url: '/healthz' });
    const metrics = await startMetricsServer(metricsOf(subject.app), {
      host: '127.0.0.1',
      port: 0,
    });
    const response = await fetch(metrics.url);
    const body = await response.text();
    await metrics.close();
    expect(response.status).toBe(200);
    expect(body).toMatch(
      /dawn_http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} \d+/,
    );
    expect(body).toMatch(/dawn_db_pool_connections\{state="total"\} \d+/);
    // The process's own metrics, collected once per process and shown beside each app's.
    expect(body).toMatch(/dawn_process_cpu_user_seconds_total \d/);
    expect(body).toMatch(/dawn_nodejs_eventloop_lag_seconds \d/);
  });

  it('counts each answer once in its duration buckets, cumulative, with its sum', async () => {
    const series = 'method="GET",route="/healthz",status_code="200"';
    const read = async () => {
      const text = await metricsOf(subject.app).metrics();
      const value = (name: string, labels: string) => {
        const line = text.split('\n').find((each) => each.startsWith(`${name}{${labels}} `));
        return Number(line?.split(' ')[1] ?? 0);
      };
      const bounds = [
        '0.005',
        '0.01',
        '0.025',
        '0.05',
        '0.1',
        '0.25',
        '0.5',
        '1',
        '2.5',
        '5',
        '10',
      ];
      return {
        buckets: [...bounds, '+Inf'].map((bound) =>
          value('dawn_http_request_duration_seconds_bucket', `le="${bound}",${series}`),
        ),
        sum: value('dawn_http_request_duration_seconds_sum', series),
        count: value('dawn_http_request_duration_seconds_count', series),
      };
    };
    const before = await read();
    for (let request = 0; request < 3; request++) {
      expect((await subject.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    }
    const after = await read();
    expect(after.count - before.count).toBe(3);
    // No health check takes 10 s: all three are at or below the last bound, and in +Inf.
    expect(
      after.buckets
        .slice(-2)
        .map((bucket, index) => bucket - (before.buckets.slice(-2)[index] ?? 0)),
    ).toEqual([3, 3]);
    // Cumulative: each bucket holds the ones below it.
    for (let index = 1; index < after.buckets.length; index++) {
      expect(after.buckets[index]).toBeGreaterThanOrEqual(after.buckets[index - 1] ?? 0);
    }
    expect(after.sum).toBeGreaterThan(before.sum);
  });

  it('serves the web app with a strict content security policy, and routes unknown pages to it', async () => {
    const home = await subject.app.inject({
      method: 'GET',
      url: '/',
      headers: { accept: 'text/html' },
    });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Dawn test page');
    const csp = String(home.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(home.headers['x-content-type-options']).toBe('nosniff');

    const deepLink = await subject.app.inject({
      method: 'GET',
      url: '/cases/somewhere',
      headers: { accept: 'text/html' },
    });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toContain('Dawn test page');
  });

  it('answers an unknown API endpoint with a 404 error body that carries the request id', async () => {
    const response = await subject.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    const body = response.json<{ error: { code: string; requestId: string } }>();
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(response.headers['x-request-id']);
  });

  it('never writes a query string to the log, where a searched name could hide', async () => {
    await subject.app.inject({ method: 'GET', url: '/healthz?q=Fictional+Searched+Name' });
    await subject.app.inject({ method: 'GET', url: '/api/nothing?name=Fictional+Searched+Name' });
    expect(subject.logs()).toContain('/api/nothing');
    expect(subject.logs()).not.toContain('Fictional');
  });
});

describe(`readiness before migrations (${testDatabaseKind()})`, () => {
  it('reports not ready, naming the pending migration', async () => {
    const subject = await createTestApp({ migrate: false });
    try {
      const response = await subject.app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const readiness = response.json<{ status: string; migrations: { pending: string[] } }>();
      expect(readiness.status).toBe('not_ready');
      expect(readiness.migrations.pending).toContain('0001-foundation');
    } finally {
      await subject.close();
    }
  });
});
