import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/test-database.ts';

describe('a PostgreSQL connection closed by the server (postgres)', () => {
  it('does not bring Dawn down: the next query reconnects', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      await sql`select 1`.execute(database.db);
      const admin = new pg.Client({ connectionString: process.env.DAWN_TEST_DATABASE_URL });
      await admin.connect();
      const name = new URL(database.url ?? '').pathname.slice(1);
      const terminated = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      await admin.end();
      expect(terminated.rowCount).toBeGreaterThan(0);
      // Give the pool a moment to see the termination (the 'error' event on an idle client).
      await new Promise((resolve) => setTimeout(resolve, 200));
      const result = await sql<{ answer: number }>`select 42 as answer`.execute(database.db);
      expect(result.rows[0]?.answer).toBe(42);
    } finally {
      await database.close();
    }
  });
});
