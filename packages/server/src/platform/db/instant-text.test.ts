import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { isoInstant } from './instant-text.ts';

// Issue 11: lists answer instants from PostgreSQL's text without a Date in between; the answer
// must be exactly what the driver's Date gave through toISOString().
describe(`instants read as text (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.close());

  const instants = [
    '2026-12-05 04:00:00+00',
    '2026-12-05 04:00:00.5+00',
    '2026-12-05 04:00:00.123456+00',
    '2026-12-05 04:00:00.999999+00',
    '2026-12-05 04:00:00.0009+00',
    '2024-02-29 23:59:59.12+05:30',
    '1969-12-31 23:59:59.9995+00',
    '1970-01-01 00:00:00+00',
    '12026-01-01 00:00:00.75+00',
  ];

  async function bothWays(zone: string) {
    return database.db.transaction().execute(async (trx) => {
      await sql`select set_config('TimeZone', ${zone}, true)`.execute(trx);
      const { rows } = await sql<{ at: Date; text: string }>`
        select instant as at, instant::text as text
        from unnest(${instants}::timestamptz[]) as instant`.execute(trx);
      return rows;
    });
  }

  for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns']) {
    it(`gives what the driver's Date gives, in a session in ${zone}`, async () => {
      const rows = await bothWays(zone);
      expect(rows).toHaveLength(instants.length);
      for (const row of rows) expect(isoInstant(row.text)).toBe(new Date(row.at).toISOString());
    });
  }

  // PGlite's own driver misreads these (years before 100, eras, offsets with seconds), so they
  // are compared with the instant itself.
  it('reads years before 100, an era and an offset with seconds', async () => {
    const rows = await database.db.transaction().execute(async (trx) => {
      await sql`select set_config('TimeZone', 'Asia/Kolkata', true)`.execute(trx);
      return (
        await sql<{ text: string }>`
          select instant::text as text
          from unnest(${[
            '0044-03-15 12:00:00.25+00',
            '0044-03-15 12:00:00+00 BC',
            '1850-06-01 00:00:00.001+00',
          ]}::timestamptz[]) as instant`.execute(trx)
      ).rows;
    });
    expect(rows.map((row) => row.text)).toEqual([
      '0044-03-15 17:53:28.25+05:53:28',
      '0044-03-15 17:53:28+05:53:28 BC',
      '1850-06-01 05:53:28.001+05:53:28',
    ]);
    expect(rows.map((row) => isoInstant(row.text))).toEqual([
      '0044-03-15T12:00:00.250Z',
      '-000043-03-15T12:00:00.000Z',
      '1850-06-01T00:00:00.001Z',
    ]);
  });

  it('refuses text that is not an instant', () => {
    expect(() => isoInstant('yesterday')).toThrow(/not an instant/);
  });
});
