import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../src/platform/db/database.ts';

/**
 * A fresh, empty database for one test file, on the kind this project runs (DAWN_TEST_DB):
 * an in-memory PGlite, or a new database on the PostgreSQL server of DAWN_TEST_DATABASE_URL,
 * dropped again by `close()`.
 */
export type TestDatabaseKind = 'pglite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.DAWN_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export interface TestDatabase extends Database {
  /** postgres only: the URL of this test's own database. */
  readonly url: string | undefined;
}

function adminUrl(): string {
  const url = process.env.DAWN_TEST_DATABASE_URL;
  if (!url) throw new Error('DAWN_TEST_DATABASE_URL is not set; the postgres project needs it');
  return url;
}

export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (testDatabaseKind() === 'pglite') {
    const database = await openDatabase({ kind: 'pglite-memory' });
    if (migrate) await migrateToLatest(database.db);
    return Object.assign(database, { url: undefined });
  }
  const name = `dawn_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  if (migrate) await migrateToLatest(database.db);
  const closePool = database.close.bind(database);
  return Object.assign(database, {
    url: url.toString(),
    async close() {
      await closePool();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  });
}
