import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { metricsOf, startMetricsServer } from '../../platform/metrics.ts';

/** What an anonymous visitor can learn about an installation: its health, not its insides. */
describe(`metrics and installation details (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Exposure Trust');
  });
  afterAll(() => subject.close());

  it('/metrics is not on the public port; it is on its own port when configured', async () => {
    const publicMetrics = await subject.app.inject({ method: 'GET', url: '/metrics' });
    expect(publicMetrics.statusCode).toBe(404);
    expect(publicMetrics.body).not.toContain('dawn_http_request_duration_seconds');
    const metrics = await startMetricsServer(metricsOf(subject.app), {
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const response = await fetch(metrics.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('dawn_http_request_duration_seconds');
    } finally {
      await metrics.close();
    }
  });

  it('the about page shows versions and counts to an admin only', async () => {
    const anonymous = (await subject.app.inject({ method: 'GET', url: '/api/system/about' })).json<
      Record<string, unknown>
    >();
    expect(anonymous).toMatchObject({ name: 'Dawn', readiness: { status: 'ready' } });
    expect(anonymous.details).toBeUndefined();
    expect(JSON.stringify(anonymous)).not.toContain(process.versions.node);

    const worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    expect((await worker.get('/api/system/about')).json<{ details?: unknown }>().details).toBe(
      undefined,
    );

    const admin = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['admin'], organisationId, twoFactor: true }),
    );
    const full = (await admin.get('/api/system/about')).json<{
      details?: { nodeVersion: string; counts: { users: number } };
    }>();
    expect(full.details?.nodeVersion).toBe(process.versions.node);
    expect(full.details?.counts.users).toBeGreaterThanOrEqual(2);
  });
});
