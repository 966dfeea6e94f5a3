import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { aUser, anOrganisation, Client, signedIn, TEST_PASSWORD } from '../../../test/fixtures.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

describe(`changing a password (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Password Trust');
  });
  afterAll(() => subject.close());

  it('someone with a stolen session guessing the current password is locked out after five, and each guess is audited', async () => {
    const user = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    const client = await signedIn(subject.app, user);
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      const response = await client.post('/api/auth/password', {
        currentPassword: `guess number ${attempt}`,
        newPassword: 'river lamp mango seventeen',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
    // Even the right password now waits, here and at the sign-in form.
    const right = await client.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'river lamp mango seventeen',
    });
    expect(right.statusCode).toBe(429);
    const signIn = await new Client(subject.app).post('/api/auth/sign-in', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(signIn.statusCode).toBe(429);

    const audited = await subject.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('entity_id', '=', user.id)
      .where('action', 'in', ['auth.password_change_failed', 'auth.locked_out'])
      .orderBy('id')
      .execute();
    expect(audited.filter((row) => row.action === 'auth.password_change_failed')).toHaveLength(6);
    // Locked out twice at the password form and once at the sign-in form, each on her account.
    expect(audited.filter((row) => row.action === 'auth.locked_out')).toHaveLength(3);
  });

  it('Priya cannot choose a password built on her name, the product or a pattern, and is told why', async () => {
    const priya = await aUser(subject.deps, {
      roles: ['social_worker'],
      organisationId,
      name: 'Priya Testname',
    });
    const client = await signedIn(subject.app, priya);
    const refused: Record<string, string> = {
      dawndawndawndawn: 'guessable',
      '123412341234': 'guessable',
      priyapriyapriya: 'your name',
      socialworker1234: 'your name',
      'Password1234!': 'guessable',
    };
    for (const [password, reason] of Object.entries(refused)) {
      const response = await client.post('/api/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: password,
      });
      expect(response.statusCode, password).toBe(400);
      const issue = response.json<{ error: { issues: { path: string; message: string }[] } }>()
        .error.issues[0];
      expect(issue?.path).toBe('newPassword');
      expect(issue?.message, password).toContain(reason === 'guessable' ? 'easy to guess' : reason);
    }
    const accepted = await client.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'river lamp mango seventeen',
    });
    expect(accepted.statusCode).toBe(200);
  });

  it('answers 429 once an address passes DAWN_SIGN_IN_RATE_LIMIT attempts a minute', async () => {
    const limited = await createTestApp({ env: { DAWN_SIGN_IN_RATE_LIMIT: '2' } });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/password',
          payload: { currentPassword: 'anything at all', newPassword: 'anything else' },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
