import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import tar from 'tar-stream';
import { inject } from 'vitest';
import { stopAuditChainer } from '../src/platform/audit/audit-chainer.ts';
import { migrateToLatest, openDatabase, type Database } from '../src/platform/db/database.ts';

/**
 * A fresh, empty database for one test file, on the kind this project runs (DAWN_TEST_DB):
 * an in-memory PGlite, or a new database on the PostgreSQL server of DAWN_TEST_DATABASE_URL,
 * dropped again by `close()`.
 *
 * A migrated database is made from the run's migrated template (global-setup.ts) rather than by
 * running every migration again; `fromTemplate: false` migrates it the long way (the test that
 * compares the two uses it).
 *
 * `close()` first stops the audit chainer a vault started on it, as the server does when it
 * stops: the chainer's minute timer would otherwise keep the closed database (a whole PGlite in
 * memory) alive for the rest of the worker, which runs every server test file of its project.
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

let pgliteTemplate: Promise<Blob> | undefined;

/** The migrated PGlite cluster's tarball, read once per worker (server tests share modules). */
function migratedPgliteImage(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const file = inject('dawnPgliteTemplateFile');
    if (file) return new Blob([fs.readFileSync(file)], { type: 'application/x-tar' });
    // Run without the global setup (another config): make the template in this worker.
    const database = await openDatabase({ kind: 'pglite-memory' });
    try {
      await migrateToLatest(database.db);
      if (!database.dumpDataDir) throw new Error('PGlite has no dumpDataDir');
      return await database.dumpDataDir();
    } finally {
      await database.close();
    }
  })();
  return pgliteTemplate;
}

/**
 * PGlite: makes `dataDir` (a `DAWN_DATA_DIR`, new and empty) start as the run's migrated template,
 * so the `dawn` processes a CLI story runs on it find every migration applied. Running the ~40
 * migrations on a new data directory was the larger part of each CLI story's `dawn seed --demo`
 * (about 4 of 10 CPU seconds); `dawn` migrating an empty directory is still told by the stories
 * that start from nothing (cli.test.ts, data-dir.pglite.test.ts). Without the global setup (the
 * tarball is not there) the directory is left empty and `dawn` migrates it as before.
 */
export async function startFromMigratedTemplate(dataDir: string): Promise<void> {
  const file = inject('dawnPgliteTemplateFile');
  if (!file || !fs.existsSync(file)) return;
  await extractTar(fs.readFileSync(file), path.join(dataDir, 'pglite'));
}

/**
 * Unpacks a tar archive of directories and plain files (what PGlite's `dumpDataDir` writes: the
 * cluster's files under `/`) into `into`, as PGlite's `loadDataDir` would, with the modes Dawn
 * gives its data directory.
 */
async function extractTar(archive: Buffer, into: string): Promise<void> {
  fs.mkdirSync(into, { recursive: true, mode: 0o700 });
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const target = path.join(into, path.normalize(`/${header.name}`));
    if (!target.startsWith(into + path.sep)) {
      next(new Error('tar entry outside the directory'));
      return;
    }
    if (header.type === 'directory') {
      fs.mkdirSync(target, { recursive: true, mode: 0o700 });
      stream.resume();
      stream.on('end', () => next());
      return;
    }
    if (header.type !== 'file') {
      next(new Error(`tar entry of type ${header.type ?? 'unknown'} is not supported`));
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    stream
      .pipe(fs.createWriteStream(target, { mode: 0o600 }))
      .on('finish', () => next())
      .on('error', next);
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve).on('error', reject);
    extract.end(archive);
  });
}

/**
 * Data several PostgreSQL test files start from, loaded once per run: `sql` runs on one connection of a
 * migrated database (temporary tables allowed) and should end with `analyze`. `name` (lowercase
 * letters and digits) names it among the run's templates.
 */
export interface SeededData {
  name: string;
  sql: string;
}

export async function createTestDatabase(
  options: { migrate?: boolean; fromTemplate?: boolean; seed?: SeededData } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const fromTemplate = migrate && (options.fromTemplate ?? true);
  const seed = options.seed;
  if (seed && !/^[a-z0-9]+$/.test(seed.name)) throw new Error(`bad seed name ${seed.name}`);
  if (seed && !migrate) throw new Error('seeded data needs a migrated database');
  if (testDatabaseKind() === 'pglite') {
    // (Its tests are the plan tests, PostgreSQL's: PGlite runs one statement a query.)
    if (seed) throw new Error('seeded data is for PostgreSQL tests');
    const database = fromTemplate
      ? await openDatabase({ kind: 'pglite-memory', image: await migratedPgliteImage() })
      : await openDatabase({ kind: 'pglite-memory' });
    // From the template this finds every migration applied, in one query.
    if (migrate) await migrateToLatest(database.db);
    const closeDatabase = database.close.bind(database);
    return Object.assign(database, {
      url: undefined,
      async close() {
        await stopAuditChainer(database.db);
        await closeDatabase();
      },
    });
  }
  const name = `dawn_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const migrated = fromTemplate ? inject('dawnPostgresTemplate') : undefined;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  // Seeded here only when there is no run's template to seed once (outside the global setup).
  const seeded = seed !== undefined && migrated !== undefined;
  try {
    const template = seed && migrated ? await seededTemplate(admin, migrated, seed) : migrated;
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  // Without a template (run outside the global setup) migrate here; on a template a no-op check.
  if (migrate) await migrateToLatest(database.db);
  if (seed && !seeded) await seedDatabase(url.toString(), seed);
  const closePool = database.close.bind(database);
  return Object.assign(database, {
    url: url.toString(),
    async close() {
      await stopAuditChainer(database.db);
      await closePool();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      try {
        // A pool's end() resolves once it has asked its connections to end, not when their
        // backends are gone; forcing the drop then would terminate a backend whose client is
        // still closing, and pg raises that 57P01 in this process as an uncaught error. Wait
        // (briefly, bounded) for the database's last backend to leave first.
        await waitForNoBackends(cleanup, name);
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  });
}

/**
 * The run's template of `seed`, `<migrated template>_<name>` (global-setup.ts drops it with the
 * run's), seeded by the first file that asks while the others wait on an advisory lock: the data
 * is loaded once a run, not once a file. It is seeded under another name and renamed when done,
 * so a half-seeded template is never used.
 */
async function seededTemplate(
  admin: pg.Client,
  migrated: string,
  seed: SeededData,
): Promise<string> {
  const template = `${migrated}_${seed.name}`;
  const exists = async () =>
    (await admin.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1;
  await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
  try {
    if (await exists()) return template;
    const loading = `${template}_loading`;
    await admin.query(`drop database if exists ${loading}`);
    await admin.query(`create database ${loading} template ${migrated}`);
    try {
      const url = new URL(adminUrl());
      url.pathname = `/${loading}`;
      await seedDatabase(url.toString(), seed);
      // No connection may stay open on a template while databases are made from it.
      await waitForNoBackends(admin, loading);
      await admin.query(`alter database ${loading} rename to ${template}`);
    } catch (error) {
      await admin.query(`drop database if exists ${loading} with (force)`);
      throw error;
    }
    return template;
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
  }
}

async function seedDatabase(url: string, seed: SeededData): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(seed.sql);
  } finally {
    await client.end();
  }
}

async function waitForNoBackends(client: pg.Client, database: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await client.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where datname = $1',
      [database],
    );
    if (Number(rows[0]?.n ?? 0) === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
