import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { postgresPoolOf } from './database.ts';

// Issue 11: Dawn's pools build pg's rows with one function a list of columns (pg-rows.ts). The
// rows must be exactly the rows pg builds its own way, which a bare pg client still does.
describe("pg's rows built by shape (postgres)", () => {
  let database: TestDatabase;
  let bare: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    bare = new pg.Client({ connectionString: database.url });
    await bare.connect();
  });
  afterAll(async () => {
    await bare.end();
    await database.close();
  });

  // Every kind of column the lists read, nulls, a name twice, and names that are not identifiers.
  const statement = `select n as id, 'Test Parul Trust'::text as name, n::int8 as big, n::int4 as small,
      (n % 2 = 0) as even, array['BNS:143(2)', null, 'x,"y"']::text[] as offences,
      '2026-12-06 10:00:00.123456+00'::timestamptz + n * interval '1 day' as at,
      '2026-12-06'::date::text as day, '{"a": [1, 2]}'::jsonb as extra,
      case when n = 2 then null else 'Test' end as maybe, n * 10 as id, 1 as "odd ""name""",
      2 as "constructor", 3 as "toString", 4 as "0", 5 as "hasOwnProperty"
    from generate_series(1, 3) as n`;

  const shapeOf = (row: object) => ({
    keys: Object.keys(row),
    prototype: Object.getPrototypeOf(row) as unknown,
  });

  it("answers the same rows as pg's own way, key for key, in the same order", async () => {
    const ours = await sql.raw<Record<string, unknown>>(statement).execute(database.db);
    const theirs = await bare.query<Record<string, unknown>>(statement);
    expect(ours.rows).toHaveLength(3);
    expect(ours.rows).toEqual(theirs.rows);
    ours.rows.forEach((row, index) => {
      expect(shapeOf(row)).toEqual(shapeOf(theirs.rows[index] as object));
    });
    // A name twice: its first place, its last value, as pg answers ("0", integer-like, is first).
    expect(Object.keys(ours.rows[0] ?? {}).slice(0, 2)).toEqual(['0', 'id']);
    expect(ours.rows[0]?.id).toBe(10);
    expect(ours.rows[0]?.at).toBeInstanceOf(Date);
    expect(ours.rows[1]?.maybe).toBeNull();
    expect(ours.rows[0]?.big).toBe(1);
  });

  it('gives every row an object of its own', async () => {
    const { rows } = await sql<{
      name: string;
    }>`select 'Test' as name from generate_series(1, 2)`.execute(database.db);
    expect(rows[0]).not.toBe(rows[1]);
    (rows[0] as { name: string }).name = 'changed';
    expect(rows[1]?.name).toBe('Test');
    const again = await sql<{ name: string }>`select 'Test' as name`.execute(database.db);
    expect(again.rows[0]?.name).toBe('Test');
  });

  it('leaves a column named __proto__ an own property, as pg does', async () => {
    const text = `select 1 as a, 'x' as "__proto__"`;
    const ours = await sql.raw<Record<string, unknown>>(text).execute(database.db);
    const theirs = await bare.query<Record<string, unknown>>(text);
    expect(Object.getPrototypeOf(ours.rows[0])).toBe(Object.getPrototypeOf(theirs.rows[0]));
    expect(Object.keys(ours.rows[0] ?? {})).toEqual(Object.keys(theirs.rows[0] ?? {}));
  });

  it("still answers arrays to a query that asks rowMode 'array' on Dawn's pool", async () => {
    const pool = postgresPoolOf(database.db);
    expect(pool).toBeDefined();
    const result = await pool?.query({ text: statement, rowMode: 'array' });
    const theirs = await bare.query({ text: statement, rowMode: 'array' });
    expect(result?.rows).toEqual(theirs.rows);
    expect(Array.isArray(result?.rows[0])).toBe(true);
  });
});
