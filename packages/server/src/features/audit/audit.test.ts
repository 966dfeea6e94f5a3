import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

describe('an auditor filters the audit trail by action', () => {
  let subject: TestApp;
  let auditor: TestUser;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Audit Office');
    auditor = await aUser(subject.deps, { roles: ['auditor'], organisationId });
    const worker = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    await signedIn(subject.app, worker);
  });
  afterAll(() => subject.close());

  it('an action name with underscores finds its entries (they are not wildcards)', async () => {
    const client = await signedIn(subject.app, auditor);
    const response = await client.get('/api/audit?action=auth.signed_in');
    expect(response.statusCode).toBe(200);
    const { entries } = response.json<{ entries: { action: string }[] }>();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(new Set(entries.map((entry) => entry.action))).toEqual(new Set(['auth.signed_in']));
  });

  it('a prefix finds every action under it, and % or _ typed by the user match only themselves', async () => {
    const client = await signedIn(subject.app, auditor);
    const prefix = client.get('/api/audit?action=auth.');
    const actions = (await prefix)
      .json<{ entries: { action: string }[] }>()
      .entries.map((entry) => entry.action);
    expect(actions).toContain('auth.signed_in');
    expect(
      (await client.get('/api/audit?action=auth.signed%25')).json<{ entries: unknown[] }>().entries,
    ).toEqual([]);
    expect(
      (await client.get('/api/audit?action=auth_signed')).json<{ entries: unknown[] }>().entries,
    ).toEqual([]);
  });

  it('answers are never kept by a browser or proxy', async () => {
    const client = await signedIn(subject.app, auditor);
    expect((await client.get('/api/audit')).headers['cache-control']).toBe('no-store');
    expect((await client.get('/api/auth/session')).headers['cache-control']).toBe('no-store');
  });
});
