import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { aUser, anOrganisation, Client, signedIn, TEST_PASSWORD } from '../../../test/fixtures.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { currentCode } from './totp.ts';

async function auditActions(subject: TestApp): Promise<string[]> {
  const rows = await subject.database.db
    .selectFrom('audit_event')
    .select('action')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.action);
}

describe(`signing in (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Sunrise Trust');
  });
  afterAll(() => subject.close());

  it('Priya signs in: an HttpOnly, SameSite=Strict cookie, and the session knows her', async () => {
    const priya = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    const client = new Client(subject.app);
    const response = await client.post('/api/auth/sign-in', {
      email: priya.email.toUpperCase(),
      password: priya.password,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      stage: 'active',
      user: { id: priya.id, roles: ['social_worker'] },
    });
    const cookie = response.cookies.find((item) => item.name === 'dawn_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    const session = await client.get('/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(await auditActions(subject)).toContain('auth.signed_in');
  });

  it('a wrong password gets one message that does not say whether the account exists', async () => {
    const priya = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    const client = new Client(subject.app);
    const wrong = await client.post('/api/auth/sign-in', {
      email: priya.email,
      password: 'not the password at all',
    });
    const unknown = await client.post('/api/auth/sign-in', {
      email: 'nobody@test.dawn.example',
      password: 'not the password at all',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json<{ error: { message: string } }>().error.message).toBe(
      unknown.json<{ error: { message: string } }>().error.message,
    );
    expect(await auditActions(subject)).toContain('auth.sign_in_failed');
  });

  it('guessing is locked after five failures, and then even the right password waits', async () => {
    const target = await aUser(subject.deps, { roles: ['counsellor'], organisationId });
    const client = new Client(subject.app);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await client.post('/api/auth/sign-in', {
        email: target.email,
        password: `guess number ${attempt}`,
      });
      expect(response.statusCode).toBe(401);
    }
    const sixth = await client.post('/api/auth/sign-in', {
      email: target.email,
      password: 'guess number 6',
    });
    expect(sixth.statusCode).toBe(429);
    const error = sixth.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/Try again in 1 minute/);
    const right = await client.post('/api/auth/sign-in', {
      email: target.email,
      password: TEST_PASSWORD,
    });
    expect(right.statusCode).toBe(429);
    expect(await auditActions(subject)).toContain('auth.locked_out');
  });

  it('writes with the session cookie need the CSRF token', async () => {
    const user = await aUser(subject.deps, { roles: ['analyst'], organisationId });
    const client = await signedIn(subject.app, user);
    const token = client.csrfToken;
    client.csrfToken = undefined;
    const forged = await client.post('/api/auth/sign-out');
    expect(forged.statusCode).toBe(403);
    expect((await client.get('/api/auth/session')).statusCode).toBe(200);
    client.csrfToken = token;
    expect((await client.post('/api/auth/sign-out')).statusCode).toBe(200);
    expect((await client.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('a new user must change the one-time password first, to one that is not common', async () => {
    const user = await aUser(subject.deps, {
      roles: ['social_worker'],
      organisationId,
      mustChangePassword: true,
    });
    const client = new Client(subject.app);
    const response = await client.post('/api/auth/sign-in', {
      email: user.email,
      password: user.password,
    });
    expect(response.json()).toMatchObject({ stage: 'password_change_required' });
    // Not active yet: no permissions.
    expect((await client.get('/api/organisations')).statusCode).toBe(401);

    const short = await client.post('/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { issues: [{ path: 'newPassword' }] } });
    const common = await client.post('/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'qwertyuiop123',
    });
    expect(common.statusCode).toBe(400);
    expect(common.json<{ error: { message: string } }>().error.message).toContain('commonly used');

    const good = await client.post('/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'river lamp mango seventeen',
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ stage: 'active' });
    expect((await client.get('/api/organisations')).statusCode).toBe(200);
  });

  it('a programme manager enrols two-factor sign-in before anything else, and the session id changes', async () => {
    const manager = await aUser(subject.deps, { roles: ['program_manager'], organisationId });
    const client = new Client(subject.app);
    const first = await client.post('/api/auth/sign-in', {
      email: manager.email,
      password: manager.password,
    });
    expect(first.json()).toMatchObject({ stage: 'two_factor_enrolment_required' });
    const cookieBefore = client.cookie;
    expect((await client.get('/api/users')).statusCode).toBe(401);

    const enrolment = await client.post('/api/auth/two-factor/enrolment');
    expect(enrolment.statusCode).toBe(200);
    const { secret, qrCodeDataUrl } = enrolment.json<{ secret: string; qrCodeDataUrl: string }>();
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    const wrong = await client.post('/api/auth/two-factor/enrolment/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    const confirmed = await client.post('/api/auth/two-factor/enrolment/confirm', {
      code: currentCode(secret, Date.now()),
    });
    expect(confirmed.statusCode).toBe(200);
    const { recoveryCodes, stage } = confirmed.json<{ recoveryCodes: string[]; stage: string }>();
    expect(stage).toBe('active');
    expect(recoveryCodes).toHaveLength(10);
    expect(client.cookie).not.toBe(cookieBefore);
    expect((await client.get('/api/users')).statusCode).toBe(200);

    // The old cookie is dead.
    const stale = new Client(subject.app);
    stale.cookie = cookieBefore;
    expect((await stale.get('/api/auth/session')).statusCode).toBe(401);

    // Next time: a code is asked; a recovery code works once.
    const again = new Client(subject.app);
    const second = await again.post('/api/auth/sign-in', {
      email: manager.email,
      password: manager.password,
    });
    expect(second.json()).toMatchObject({ stage: 'two_factor_required' });
    const recovery = recoveryCodes[0] ?? '';
    expect((await again.post('/api/auth/two-factor/verify', { code: recovery })).statusCode).toBe(
      200,
    );
    const third = new Client(subject.app);
    await third.post('/api/auth/sign-in', { email: manager.email, password: manager.password });
    expect((await third.post('/api/auth/two-factor/verify', { code: recovery })).statusCode).toBe(
      400,
    );
  });

  it('an idle session ends after the idle timeout', async () => {
    const user = await aUser(subject.deps, { roles: ['analyst'], organisationId });
    const client = await signedIn(subject.app, user);
    await subject.database.db
      .updateTable('session')
      .set({ last_seen_at: sql<Date>`now() - interval '31 minutes'` })
      .where('user_id', '=', user.id)
      .execute();
    expect((await client.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('signing out everywhere ends the sessions on every device', async () => {
    const user = await aUser(subject.deps, { roles: ['analyst'], organisationId });
    const laptop = await signedIn(subject.app, user);
    const phone = await signedIn(subject.app, user);
    expect((await laptop.post('/api/auth/sign-out-everywhere')).statusCode).toBe(200);
    expect((await phone.get('/api/auth/session')).statusCode).toBe(401);
    expect(await auditActions(subject)).toContain('auth.signed_out_everywhere');
  });

  it('a revoked API token and a disabled user are refused on their very next request', async () => {
    const user = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    const client = await signedIn(subject.app, user);
    const asToken = async (token: string) =>
      (
        await subject.app.inject({
          method: 'GET',
          url: '/api/care-cases',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode;
    const create = async () =>
      (
        await client.post('/api/tokens', { name: 'Test script', permissions: ['care_case:read'] })
      ).json<{ token: string; summary: { id: string } }>();
    const first = await create();
    expect(await asToken(first.token)).toBe(200);
    expect((await client.request('DELETE', `/api/tokens/${first.summary.id}`)).statusCode).toBe(
      200,
    );
    expect(await asToken(first.token)).toBe(401);

    const second = await create();
    expect(await asToken(second.token)).toBe(200);
    expect((await client.get('/api/auth/session')).statusCode).toBe(200);
    await subject.database.db
      .updateTable('app_user')
      .set({ status: 'disabled' })
      .where('id', '=', user.id)
      .execute();
    expect(await asToken(second.token)).toBe(401);
    expect((await client.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('no log line holds a password, an e-mail address or a session cookie', async () => {
    const user = await aUser(subject.deps, { roles: ['analyst'], organisationId });
    const client = await signedIn(subject.app, user);
    await client.post('/api/auth/sign-in', {
      email: user.email,
      password: 'a wrong password here',
    });
    const logs = subject.logs();
    expect(logs).toContain('/api/auth/sign-in');
    expect(logs).not.toContain(TEST_PASSWORD);
    expect(logs).not.toContain('a wrong password here');
    expect(logs).not.toContain(user.email);
    expect(logs).not.toContain(client.cookie?.split('=')[1] ?? 'no-cookie');
  });
});

describe(`the per-address limit on sign-in attempts (${testDatabaseKind()})`, () => {
  it('answers 429 once an address passes DAWN_SIGN_IN_RATE_LIMIT attempts in a minute', async () => {
    const subject = await createTestApp({ env: { DAWN_SIGN_IN_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const response = await subject.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email: `someone${attempt}@test.dawn.example`, password: 'whatever it is' },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await subject.close();
    }
  });
});
