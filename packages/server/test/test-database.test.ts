import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrationState, openDatabase } from '../src/platform/db/database.ts';
import type { DatabaseSchema } from '../src/platform/db/schema.ts';
import {
  createTestDatabase,
  startFromMigratedTemplate,
  testDatabaseKind,
} from './test-database.ts';

/**
 * Every server test's database is made from the run's migrated template (global-setup.ts). It
 * must be exactly what running the migrations makes, or the suite would test another schema.
 */
async function schemaOf(db: Kysely<DatabaseSchema>): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '
           || coalesce(column_default, '-') || ' ' || is_nullable as line
      from information_schema.columns where table_schema = 'public'
    union all
    select 'index ' || indexdef from pg_indexes where schemaname = 'public'
    union all
    select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' '
           || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = 'public'::regnamespace
    union all
    select 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
           || md5(pg_get_functiondef(p.oid))
      from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prokind in ('f', 'p')
    union all
    select 'trigger ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
    union all
    select 'view ' || viewname || ' ' || md5(definition) from pg_views where schemaname = 'public'
    union all
    select 'sequence ' || sequencename || ' ' || coalesce(last_value::text, '-')
      from pg_sequences where schemaname = 'public'
    union all
    select 'extension ' || extname || ' ' || extversion from pg_extension
    union all
    select 'migration ' || name from kysely_migration
    order by 1`.execute(db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db);
  const counts: string[] = [];
  for (const { name } of tables.rows) {
    const { rows: count } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(name)}`.execute(db);
    counts.push(`rows ${name} ${count[0]?.n ?? 0}`);
  }
  return [...rows.map((row) => row.line), ...counts];
}

describe(`the tests' migrated template (${testDatabaseKind()})`, () => {
  it('makes a database with exactly the schema and rows the migrations make', async () => {
    const fromTemplate = await createTestDatabase();
    const migrated = await createTestDatabase({ fromTemplate: false });
    try {
      const expected = await schemaOf(migrated.db);
      expect(expected.some((line) => line.startsWith('index '))).toBe(true);
      expect(expected.some((line) => line.startsWith('trigger '))).toBe(true);
      expect(await schemaOf(fromTemplate.db)).toEqual(expected);
    } finally {
      await fromTemplate.close();
      await migrated.close();
    }
  });

  it.runIf(testDatabaseKind() === 'pglite')(
    'starts the data directory of a CLI story as the template, every migration applied',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-template-dir-'));
      try {
        await startFromMigratedTemplate(dataDir);
        const opened = await openDatabase({ kind: 'pglite', dataDir });
        try {
          const state = await migrationState(opened.db);
          expect(state.pending).toEqual([]);
          expect(state.applied.length).toBeGreaterThan(30);
        } finally {
          await opened.close();
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('gives every test a database of its own', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      await sql`create table only_in_first (id int)`.execute(first.db);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables
         where table_name = 'only_in_first'`.execute(second.db);
      expect(rows[0]?.n).toBe(0);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'closes without terminating a connection that a pool is still closing',
    async () => {
      // A pool's end() resolves once it has asked its connections to end, before their backends
      // have read the goodbye. The database's close must not force such a backend out: pg raised
      // that as an uncaught 57P01 ("terminating connection due to administrator command") that
      // failed a run whose tests all passed. A backend slow to read the goodbye is made here by
      // stopping its process for a moment (PostgreSQL runs on this machine in the test setup).
      const database = await createTestDatabase();
      const errors: unknown[] = [];
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      pool.on('error', (error) => errors.push(error));
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      const pid = rows[0]?.pid ?? 0;
      client.release();
      process.kill(pid, 'SIGSTOP');
      const resumed = new Promise((resolve) =>
        setTimeout(() => resolve(process.kill(pid, 'SIGCONT')), 400),
      );
      await pool.end();
      await database.close();
      await resumed;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(errors).toEqual([]);
    },
  );

  it.runIf(testDatabaseKind() === 'postgres')(
    'makes databases with seeded data from one seeding a run, each a copy of its own',
    async () => {
      // The seeding's backend is remembered: copies of one seeding hold the same pid.
      const seed = {
        name: 'probe',
        sql: 'create table seeded_probe as select pg_backend_pid() as pid; analyze seeded_probe;',
      };
      const first = await createTestDatabase({ seed });
      const second = await createTestDatabase({ seed });
      try {
        const pids = async (db: Kysely<DatabaseSchema>) =>
          (await sql<{ pid: number }>`select pid from seeded_probe`.execute(db)).rows;
        const seeded = await pids(first.db);
        expect(seeded).toHaveLength(1);
        expect(await pids(second.db)).toEqual(seeded);
        // What one file changes, the other does not see.
        await sql`insert into seeded_probe values (0)`.execute(first.db);
        expect(await pids(first.db)).toHaveLength(2);
        expect(await pids(second.db)).toEqual(seeded);
      } finally {
        await first.close();
        await second.close();
      }
    },
  );
});
