import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../src/platform/db/database.ts';

/**
 * Once per test run, before any server test: the database every test starts from, migrated once
 * instead of once per test (migrating ~30 migrations, and on PGlite its initdb, was most of each
 * server test's time). test-database.ts makes each test's database from it:
 * - server-pglite: a tarball of a migrated in-memory PGlite (`dumpDataDir`), in a temporary file;
 *   each test's PGlite is created from it (`loadDataDir`).
 * - server-postgres: a database `dawn_tpl_<migrations hash>_<run>` on the test server; each test's
 *   database is `create database … template` it. The run's own name keeps concurrent runs (other
 *   worktrees, CI jobs) apart; it is dropped when the run ends.
 * test-database.test.ts checks that a database made this way has exactly the schema migrations
 * produce, on both databases.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** server-pglite: the file holding the migrated cluster's tarball. */
    dawnPgliteTemplateFile: string;
    /** server-postgres: the name of the migrated template database. */
    dawnPostgresTemplate: string;
  }
}

const migrationsDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/platform/db/migrations',
);

/** Names the migrations' content, so a template is never mistaken for another code's. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(migrationsDir).sort()) {
    hash
      .update(name)
      .update('\0')
      .update(fs.readFileSync(path.join(migrationsDir, name)));
  }
  return hash.digest('hex').slice(0, 12);
}

type Teardown = () => void | Promise<void>;

export default async function setup(project: TestProject): Promise<Teardown> {
  if (project.name === 'server-postgres') return setupPostgres(project);
  return setupPglite(project);
}

async function setupPglite(project: TestProject): Promise<Teardown> {
  const database = await openDatabase({ kind: 'pglite-memory' });
  let image: Blob;
  try {
    await migrateToLatest(database.db);
    if (!database.dumpDataDir) throw new Error('PGlite has no dumpDataDir');
    image = await database.dumpDataDir();
  } finally {
    await database.close();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-test-template-'));
  const file = path.join(dir, `migrated-${migrationsHash()}.tar`);
  fs.writeFileSync(file, new Uint8Array(await image.arrayBuffer()));
  project.provide('dawnPgliteTemplateFile', file);
  return () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

async function setupPostgres(project: TestProject): Promise<Teardown> {
  const adminUrl = process.env.DAWN_TEST_DATABASE_URL;
  // Without a server the postgres tests fail on their own, saying DAWN_TEST_DATABASE_URL is unset.
  if (!adminUrl) return () => undefined;
  const name = `dawn_tpl_${migrationsHash()}_${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  await admin((client) => client.query(`create database ${name}`));
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
    try {
      await migrateToLatest(database.db);
    } finally {
      // No connection may stay open on a template while databases are made from it.
      await database.close();
    }
  } catch (error) {
    await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    throw error;
  }
  project.provide('dawnPostgresTemplate', name);
  return async () => {
    await admin(async (client) => {
      // With the templates test files seeded from it (test-database.ts, `seed`).
      const { rows } = await client.query<{ datname: string }>(
        `select datname from pg_database where datname = $1 or starts_with(datname, $2)`,
        [name, `${name}_`],
      );
      for (const { datname } of rows)
        await client.query(`drop database if exists ${datname} with (force)`);
    });
  };
}
