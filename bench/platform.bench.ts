/**
 * Platform benchmark: requests per second of the readiness probe and the about endpoint, and rows
 * per second of `seed --scale`, on PGlite and (with DAWN_BENCH_DATABASE_URL) PostgreSQL, measured in
 * one run so their ratio means something on a shared, noisy machine.
 *
 *   npx tsx bench/platform.bench.ts            # PGlite only
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/platform.bench.ts
 *
 * Loops are bounded in count and time; the server listens on 127.0.0.1 only and stops itself.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { seedScale } from '../packages/server/src/features/seed/scale-seed.ts';
import { loadConfig } from '../packages/server/src/platform/config.ts';
import {
  migrateToLatest,
  openDatabase,
  type Database,
} from '../packages/server/src/platform/db/database.ts';
import { parseEnvironmentKeys } from '../packages/server/src/platform/vault/key-ring.ts';
import { Vault } from '../packages/server/src/platform/vault/vault.ts';

const MAX_REQUESTS = 2_000;
const MAX_SECONDS = 10;
const CONCURRENCY = 8;
const SEED_ROWS = 20_000;

async function hammer(url: string): Promise<number> {
  let sent = 0;
  const started = performance.now();
  const deadline = started + MAX_SECONDS * 1000;
  async function worker(): Promise<void> {
    while (sent < MAX_REQUESTS && performance.now() < deadline) {
      sent += 1;
      const response = await fetch(url);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return sent / ((performance.now() - started) / 1000);
}

async function measure(label: string, database: Database): Promise<void> {
  await migrateToLatest(database.db);
  const vault = await Vault.open(
    database.db,
    parseEnvironmentKeys(`bench:${randomBytes(32).toString('base64')}`),
  );
  const app = await buildApp({ config: loadConfig({}), database, vault, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const seedStarted = performance.now();
    await seedScale(database.db, SEED_ROWS);
    const seedRate = SEED_ROWS / ((performance.now() - seedStarted) / 1000);
    const ready = await hammer(`http://127.0.0.1:${port}/readyz`);
    const about = await hammer(`http://127.0.0.1:${port}/api/system/about`);
    console.log(
      `${label.padEnd(10)} readyz ${ready.toFixed(0).padStart(6)} req/s   about ${about
        .toFixed(0)
        .padStart(6)} req/s   seed ${seedRate.toFixed(0).padStart(7)} rows/s`,
    );
  } finally {
    await app.close();
    await database.close();
  }
}

await measure('pglite', await openDatabase({ kind: 'pglite-memory' }));

const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
if (adminUrl) {
  const name = `dawn_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await measure('postgres', await openDatabase({ kind: 'postgres', url: url.toString() }));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} else {
  console.log('postgres   not measured: set DAWN_BENCH_DATABASE_URL to compare');
}
