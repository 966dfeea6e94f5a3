import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { aUser, anOrganisation, Client, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

interface Entry {
  action: string;
  actorUserId: string | null;
  entityType: string | null;
  entityId: string | null;
  details: Record<string, unknown>;
}

describe(`an organisation's auditor sees who tried to sign in as its people (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let auditor: TestUser;
  let counsellor: TestUser;
  let elsewhere: TestUser;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Sunrise Trust');
    const other = await anOrganisation(subject.deps, 'Test Evening Trust');
    auditor = await aUser(subject.deps, { roles: ['auditor'], organisationId });
    counsellor = await aUser(subject.deps, { roles: ['counsellor'], organisationId });
    elsewhere = await aUser(subject.deps, { roles: ['counsellor'], organisationId: other });
  });
  afterAll(() => subject.close());

  it('reads each guess at a colleague’s password and the lock that followed, and nothing of other organisations’', async () => {
    const guesser = new Client(subject.app);
    for (let attempt = 1; attempt <= 7; attempt += 1)
      await guesser.post('/api/auth/sign-in', {
        email: counsellor.email,
        password: `guess number ${attempt}`,
      });
    await guesser.post('/api/auth/sign-in', { email: elsewhere.email, password: 'a guess' });
    await guesser.post('/api/auth/sign-in', {
      email: 'nobody@test.dawn.example',
      password: 'a guess',
    });

    const client = await signedIn(subject.app, auditor);
    const response = await client.get('/api/audit?action=auth.&limit=50');
    expect(response.statusCode).toBe(200);
    const entries = response.json<{ entries: Entry[] }>().entries;
    const failed = entries.filter((entry) => entry.action === 'auth.sign_in_failed');
    // Six wrong passwords (the sixth locked the account), each on the colleague's account, by
    // someone not signed in.
    expect(failed).toHaveLength(6);
    for (const entry of failed)
      expect(entry).toMatchObject({
        actorUserId: null,
        entityType: 'user',
        entityId: counsellor.id,
        details: { reason: 'wrong_password' },
      });
    // The seventh found it locked.
    expect(
      entries.filter((entry) => entry.action === 'auth.locked_out').map((entry) => entry.entityId),
    ).toEqual([counsellor.id]);
    // Not the other organisation's counsellor, nor an address no account has.
    expect(entries.some((entry) => entry.entityId === elsewhere.id)).toBe(false);
  });
});
