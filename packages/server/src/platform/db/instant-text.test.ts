import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { toIndiaIso } from '../../features/legal-cases/legal-case.repository.ts';
import { indiaInstant, isoInstant } from './instant-text.ts';

// One database for both stories below (they only read instants it writes).
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(() => database.close());

// Issue 11: lists answer instants from PostgreSQL's text without a Date in between; the answer
// must be exactly what the driver's Date gave through toISOString().
describe(`instants read as text (${testDatabaseKind()})`, () => {
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

// Issue 11: the legal-case list answers its instants in India time from PostgreSQL's text; they
// must be exactly what a case's page writes of the driver's Date (toIndiaIso).
describe(`instants read as text, in India time (${testDatabaseKind()})`, () => {
  const instants = [
    '2026-12-05 04:00:00+00',
    '2026-12-05 18:29:59.999999+00',
    '2026-12-05 18:30:00+00',
    '2026-12-31 18:30:00.5+00',
    '2026-12-31 18:29:00.0009+00',
    '2024-02-28 18:45:00.123456+00',
    '2024-02-29 18:30:00+00',
    '2023-02-28 19:00:00.1+00',
    '2000-02-28 23:59:59.999+00',
    '2100-02-28 20:00:00+00',
    '2026-04-30 20:15:00.25+00',
    '2026-06-30 18:30:00+00',
    '2026-01-31 18:30:00.07+00',
    '1969-12-31 23:59:59.9995+00',
  ];

  for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns']) {
    it(`gives what a case's page gives of the driver's Date, in a session in ${zone}`, async () => {
      const rows = await database.db.transaction().execute(async (trx) => {
        await sql`select set_config('TimeZone', ${zone}, true)`.execute(trx);
        return (
          await sql<{ at: Date; text: string }>`
            select instant as at, instant::text as text
            from unnest(${instants}::timestamptz[]) as instant`.execute(trx)
        ).rows;
      });
      expect(rows).toHaveLength(instants.length);
      for (const row of rows) expect(indiaInstant(row.text)).toBe(toIndiaIso(row.at));
    });
  }

  // PGlite's own driver misreads years past 9999 with an offset: compared with the instant itself.
  it('writes years past 9999 as the Date does', () => {
    expect(indiaInstant('9999-12-31 18:30:00+00')).toBe(
      toIndiaIso(new Date(Date.UTC(9999, 11, 31, 18, 30))),
    );
    expect(indiaInstant('12026-01-01 00:00:00.75+00')).toBe('+012026-01-01T05:30:00.750+05:30');
    expect(indiaInstant('10000-01-01 00:00:00+05:30')).toBe('+010000-01-01T00:00:00.000+05:30');
  });

  it('crosses days, months, leap days and years as the Date does, for any instant', () => {
    // PostgreSQL's text in a UTC session, to the millisecond, for instants spread over ten centuries.
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const from = Date.UTC(1500, 0, 1);
    const to = Date.UTC(9999, 11, 31);
    for (let index = 0; index < 20_000; index += 1) {
      const instant = new Date(from + Math.floor(random() * (to - from)));
      // Near midnight in India half the time, where the carry crosses a day.
      if (index % 2 === 0) instant.setUTCHours(18, 15 + Math.floor(random() * 30));
      const iso = instant.toISOString();
      const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}+00`;
      expect(indiaInstant(text)).toBe(toIndiaIso(instant));
    }
  });
});
