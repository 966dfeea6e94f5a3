import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { openDatabase, type Database } from '../../platform/db/database.ts';
import { Vault } from '../../platform/vault/vault.ts';
import { aUser, anOrganisation, Client, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * Two server processes on one PostgreSQL database (two apps, two connection pools): each caches
 * who a cookie or token belongs to, and a change made through one is refused by the other as soon
 * as the database's notification of the commit reaches it (on loopback, well under a millisecond
 * to a few; a person's next click is later than that). The test waits for that notification
 * rather than for a time, then asserts the very next request.
 */
describe('the authentication cache across two servers on one PostgreSQL database', () => {
  let first: TestApp;
  let secondDatabase: Database;
  let second: App;
  let organisationId: string;

  beforeAll(async () => {
    first = await createTestApp();
    organisationId = await anOrganisation(first.deps, 'Test Twin Servers Trust');
    secondDatabase = await openDatabase({
      kind: 'postgres',
      url: first.database.url ?? '',
      poolSize: 2,
    });
    const vault = await Vault.open(secondDatabase.db, first.keyRing);
    second = await buildApp({ config: first.deps.config, database: secondDatabase, vault });
    await second.ready();
  });
  afterAll(async () => {
    await second.close();
    await secondDatabase.close();
    await first.close();
  });

  /** Runs a change through the first server and waits until the second has heard of it. */
  async function heardBySecond(change: () => Promise<unknown>): Promise<void> {
    const before = second.authCache.notificationsHeard;
    await change();
    await expect.poll(() => second.authCache.notificationsHeard).toBeGreaterThan(before);
  }

  /** The same browser, talking to the other server (behind one load balancer). */
  function onSecond(client: Client): Client {
    const twin = new Client(second);
    twin.cookie = client.cookie;
    twin.csrfToken = client.csrfToken;
    return twin;
  }

  const asToken = async (app: App, token: string) =>
    (
      await app.inject({
        method: 'GET',
        url: '/api/care-cases',
        headers: { authorization: `Bearer ${token}` },
      })
    ).statusCode;

  it('a session signed out on one server is refused by the other on its next request', async () => {
    const user = await aUser(first.deps, { roles: ['analyst'], organisationId });
    const laptop = await signedIn(first.app, user);
    const twin = onSecond(laptop);
    // Twice: the second answer comes from the cache.
    expect((await twin.get('/api/auth/session')).statusCode).toBe(200);
    expect((await twin.get('/api/auth/session')).statusCode).toBe(200);
    await heardBySecond(async () =>
      expect((await laptop.post('/api/auth/sign-out')).statusCode).toBe(200),
    );
    expect((await twin.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('a token revoked on one server, and a user disabled, are refused by the other', async () => {
    const user = await aUser(first.deps, { roles: ['social_worker'], organisationId });
    const client = await signedIn(first.app, user);
    const create = async () =>
      (
        await client.post('/api/tokens', { name: 'Test script', permissions: ['care_case:read'] })
      ).json<{ token: string; summary: { id: string } }>();
    const token = await create();
    expect(await asToken(second, token.token)).toBe(200);
    expect(await asToken(second, token.token)).toBe(200);
    await heardBySecond(async () =>
      expect((await client.request('DELETE', `/api/tokens/${token.summary.id}`)).statusCode).toBe(
        200,
      ),
    );
    expect(await asToken(second, token.token)).toBe(401);

    const another = await create();
    const twin = onSecond(client);
    expect(await asToken(second, another.token)).toBe(200);
    expect((await twin.get('/api/auth/session')).statusCode).toBe(200);
    await heardBySecond(() =>
      first.database.db
        .updateTable('app_user')
        .set({ status: 'disabled' })
        .where('id', '=', user.id)
        .execute(),
    );
    expect(await asToken(second, another.token)).toBe(401);
    expect((await twin.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('a role taken away on one server no longer opens the door on the other', async () => {
    const user = await aUser(first.deps, { roles: ['social_worker'], organisationId });
    const twin = onSecond(await signedIn(first.app, user));
    expect((await twin.get('/api/care-cases')).statusCode).toBe(200);
    expect((await twin.get('/api/care-cases')).statusCode).toBe(200);
    await heardBySecond(() =>
      first.database.db
        .updateTable('app_user')
        .set({ roles: ['trainer'] })
        .where('id', '=', user.id)
        .execute(),
    );
    // No longer allowed to see care cases: refused as Dawn refuses, with a 404.
    expect((await twin.get('/api/care-cases')).statusCode).toBe(404);
  });
});
