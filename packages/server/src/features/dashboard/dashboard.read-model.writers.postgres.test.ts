import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import {
  deadlines,
  firTo,
  legalCounts,
  plain,
  type DashboardFilter,
} from './dashboard.repository.ts';

/**
 * Issue 11, recording an event: two officers recording events on the same day for cases of the
 * same organisation, police station and court must not wait for each other. The dashboard's daily
 * counts were one row per day and place, updated by every writer's triggers, so the second
 * writer waited until the first committed (8–9 of 10 pool connections did in the HTTP bench).
 *
 * The first writer here holds its transaction open; the second, allowed to wait for a lock at
 * most 5 s (`lock_timeout`), must commit while the first is still open. Before migration 0031a it
 * failed with "canceling statement due to lock timeout".
 */
const FIR_AT = '2025-03-03T10:00:00+05:30';
const CHARGESHEET_AT = '2025-04-20T10:00:00+05:30';
const HEARING_AT = '2025-06-02T11:00:00+05:30';
const DUE_AT = '2025-05-02T10:00:00+05:30';

describe('writers of the dashboard read model at the same moment (postgres)', () => {
  let database: TestDatabase;
  const clients: pg.Client[] = [];
  let organisationId = '';
  let stationId = '';
  let courtId = '';

  const connect = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  };

  /** A legal case at the shared place, with its FIR, recorded and committed. */
  const aCase = async (client: pg.Client, number: string) => {
    const id = randomUUID();
    await client.query(
      `insert into legal_case (id, organisation_id, fir_police_station_id, court_id, fir_number, fir_year)
       values ($1, $2, $3, $4, $5, 2025)`,
      [id, organisationId, stationId, courtId, number],
    );
    await client.query(
      `insert into legal_case_event (id, legal_case_id, type, occurred_at, data)
       values ($1, $2, 'fir.registered', $3, '{}')`,
      [randomUUID(), id, FIR_AT],
    );
    return id;
  };

  /**
   * What recording a chargesheet and a hearing writes on `caseId` (the events, and the deadline
   * met, as the app's recording does in its transaction), all counted on the same days and place.
   */
  const record = async (client: pg.Client, caseId: string) => {
    await client.query(
      `insert into legal_case_event (id, legal_case_id, type, occurred_at, data) values
         ($1, $3, 'chargesheet.filed', $4, '{}'),
         ($2, $3, 'court.hearing', $5, '{"adjourned": false, "purpose": "evidence"}')`,
      [randomUUID(), randomUUID(), caseId, CHARGESHEET_AT, HEARING_AT],
    );
    await client.query(
      `insert into obligation (case_type, case_id, organisation_id, case_code, obligation_key, rule,
          title, citation, starts_at, due_at, status, consequence, confidence, unconfirmed,
          responsible_role, explanation, computed_at)
       values ('legal_case', $1, $2, 'Legal case', 'IN.BNSS.193.chargesheet:A1',
          'IN.BNSS.193.chargesheet', 'A deadline', 'Test Act s.1', $3, $4, 'met', 'directory',
          'S', false, 'investigating_officer', '{}'::jsonb, now())`,
      [caseId, organisationId, FIR_AT, DUE_AT],
    );
  };

  const year: () => DashboardFilter = () => ({
    from: new Date('2025-01-01T00:00:00+05:30'),
    to: new Date('2025-12-31T23:59:59.999+05:30'),
    organisationId,
    sharedWith: undefined,
    district: undefined,
    policeStationId: undefined,
    courtId: undefined,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await connect();
    const place = async (name: string, kind: string) => {
      const result = await setup.query<{ id: string }>(
        `insert into organisation (name, kind, district, state, country)
         values ($1, $2, 'Test Writers District', 'West Bengal', 'IN') returning id`,
        [name, kind],
      );
      return result.rows[0]?.id ?? '';
    };
    organisationId = await place('Test Writers Trust', 'ngo');
    stationId = await place('Test Writers police station', 'police_station');
    courtId = await place('Test Writers court', 'court');
  });
  afterAll(async () => {
    for (const client of clients) await client.end();
    await database.close();
  });

  it('a second officer records on the same day and place while the first has not committed', async () => {
    const [first, second] = [await connect(), await connect()];
    const cases = [await aCase(first, 'W-1'), await aCase(first, 'W-2'), await aCase(first, 'W-3')];
    // Counted rows for these days and this place exist already, committed.
    await record(first, cases[0] ?? '');

    await first.query('begin');
    await record(first, cases[1] ?? '');
    await second.query('begin');
    await second.query(`set local lock_timeout = '5s'`);
    await record(second, cases[2] ?? '');
    await second.query('commit');
    await first.query('commit');

    const db = database.db;
    const filter = year();
    expect(await legalCounts(db, filter)).toMatchObject({ hearings_held: 3 });
    expect(await legalCounts(db, filter)).toEqual(await plain.legalCounts(db, filter));
    expect(await firTo(db, filter, 'chargesheet.filed')).toMatchObject({ cases: 3, median: 48 });
    expect(await firTo(db, filter, 'chargesheet.filed')).toEqual(
      await plain.firTo(db, filter, 'chargesheet.filed'),
    );
    expect(await deadlines(db, filter, 'court')).toEqual([
      {
        rule: 'IN.BNSS.193.chargesheet',
        place: 'Test Writers court',
        year: 2025,
        on_time: 3,
        late: 0,
      },
    ]);
    expect(await deadlines(db, filter, 'court')).toEqual(
      await plain.deadlines(db, filter, 'court'),
    );
  });
});
