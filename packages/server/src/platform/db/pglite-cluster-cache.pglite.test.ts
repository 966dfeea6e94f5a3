import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.ts';
import { clusterImageFile } from './pglite-cluster-cache.ts';

/**
 * A first start on a new data directory makes its cluster from the cached initialised cluster
 * when there is one (no initdb), and keeps one when there is not.
 */
const TIMEOUT = 300_000;
let scratch: string;
let cacheBefore: string | undefined;

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-cluster-cache-'));
  cacheBefore = process.env.DAWN_CACHE_DIR;
  process.env.DAWN_CACHE_DIR = path.join(scratch, 'cache');
});

afterEach(() => {
  if (cacheBefore === undefined) delete process.env.DAWN_CACHE_DIR;
  else process.env.DAWN_CACHE_DIR = cacheBefore;
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function systemIdentifier(database: Database): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    select system_identifier::text as id from pg_control_system()`.execute(database.db);
  return rows[0]?.id ?? '';
}

async function cacheWritten(): Promise<string> {
  const file = clusterImageFile() ?? '';
  for (let waited = 0; waited < TIMEOUT && !fs.existsSync(file); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return file;
}

describe('the cached initialised PGlite cluster', () => {
  it(
    'is kept by the first start, and a second new data directory is made from it, with its data its own',
    async () => {
      const first = await openDatabase({ kind: 'pglite', dataDir: path.join(scratch, 'one') });
      const firstId = await systemIdentifier(first);
      await sql`create table only_in_one (id int)`.execute(first.db);
      await first.close();
      expect(fs.existsSync(await cacheWritten())).toBe(true);

      const second = await openDatabase({ kind: 'pglite', dataDir: path.join(scratch, 'two') });
      try {
        // The same initialised cluster (initdb would have drawn a new identifier)…
        expect(await systemIdentifier(second)).toBe(firstId);
        // …but not the first directory's data, which was never in the cache.
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from information_schema.tables
           where table_name = 'only_in_one'`.execute(second.db);
        expect(rows[0]?.n).toBe(0);
      } finally {
        await second.close();
      }
      // And it reopens as an ordinary data directory.
      const again = await openDatabase({ kind: 'pglite', dataDir: path.join(scratch, 'two') });
      expect(await systemIdentifier(again)).toBe(firstId);
      await again.close();
    },
    TIMEOUT,
  );

  it(
    'when damaged, is set aside and the cluster made by initdb',
    async () => {
      const file = clusterImageFile() ?? '';
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'not a tarball at all');
      const database = await openDatabase({ kind: 'pglite', dataDir: path.join(scratch, 'three') });
      try {
        const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
        expect(rows).toEqual([{ one: 1 }]);
      } finally {
        await database.close();
      }
      // The damaged file is replaced by a good one.
      await cacheWritten();
      expect(fs.readFileSync(file).subarray(0, 20).toString()).not.toBe('not a tarball at all');
    },
    TIMEOUT,
  );
});
