import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { Vault } from '../src/platform/vault/vault.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { testKeyRing } from './test-app.ts';

/**
 * Issue 11: a client that goes away must not leave its query running. The slow routes exist only
 * in this test: it adds them to the real app before it starts listening.
 */
let database: TestDatabase;
let app: App;
let base: string;
let watcher: pg.Client;
const lines: string[] = [];

const SLOW_QUERY = 'select pg_sleep(30) as slept';

beforeAll(async () => {
  database = await createTestDatabase();
  const vault = await Vault.open(database.db, testKeyRing());
  app = await buildApp({
    config: loadConfig({ DAWN_LOG_LEVEL: 'info' }),
    database,
    vault,
    logStream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    }),
  });
  app.get('/test/slow', async () => {
    await sql.raw(SLOW_QUERY).execute(database.db);
    return { finished: true };
  });
  app.get('/test/slow-in-transaction', async () => {
    await database.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await sql.raw(SLOW_QUERY).execute(trx);
    });
    return { finished: true };
  });
  app.get('/test/quick', async () => {
    const { rows } = await sql<{
      in_transaction: boolean;
    }>`select now() <> statement_timestamp() as in_transaction`.execute(database.db);
    return { inTransaction: rows[0]?.in_transaction };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  watcher = new pg.Client({ connectionString: database.url });
  await watcher.connect();
});

afterAll(async () => {
  await watcher.end();
  await app.close();
  await database.close();
});

async function slowQueriesRunning(): Promise<number> {
  const { rows } = await watcher.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and state = 'active' and query = $1`,
    [SLOW_QUERY],
  );
  return rows[0]?.n ?? 0;
}

/** Polls until `check` holds, for at most `limitMs`; returns whether it did. */
async function eventually(check: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function abandon(path: string): Promise<void> {
  const controller = new AbortController();
  const request = fetch(`${base}${path}`, { signal: controller.signal }).catch(
    (error: unknown) => error,
  );
  // The query is running on PostgreSQL, for 30 seconds if nothing stops it…
  expect(await eventually(async () => (await slowQueriesRunning()) === 1, 10_000)).toBe(true);
  // …when the client goes away.
  controller.abort();
  await request;
  // Gone within a couple of seconds, not 30.
  expect(await eventually(async () => (await slowQueriesRunning()) === 0, 3_000)).toBe(true);
}

async function poolIsHealthy(): Promise<void> {
  // As many requests at once as the pool has connections: every connection answers, none is
  // left inside a transaction.
  const answers = await Promise.all(
    Array.from({ length: 5 }, async () => {
      const response = await fetch(`${base}/test/quick`);
      return { status: response.status, body: (await response.json()) as unknown };
    }),
  );
  for (const answer of answers) {
    expect(answer).toEqual({ status: 200, body: { inTransaction: false } });
  }
}

describe('a request whose client goes away (PostgreSQL)', () => {
  it('has its query cancelled, and its connection goes back to the pool healthy', async () => {
    await abandon('/test/slow');
    await poolIsHealthy();
    expect(lines.join('')).toContain('request abandoned by the client');
    expect(lines.join('')).not.toContain('unhandled error');
  });

  it('has its transaction rolled back, and its connection goes back to the pool healthy', async () => {
    await abandon('/test/slow-in-transaction');
    await poolIsHealthy();
    expect(lines.join('')).not.toContain('unhandled error');
  });

  it('does not disturb a request whose client waits for the answer', async () => {
    const response = await fetch(`${base}/test/quick`);
    expect(response.status).toBe(200);
  });
});
