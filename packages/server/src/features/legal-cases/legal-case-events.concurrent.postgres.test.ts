import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/**
 * Issue 11: recording an event checks the caller's access, locks the case and reads its parties,
 * events and stored deadlines in one statement. That statement's snapshot is taken before it
 * waits for the lock, so when another transaction changes the case meanwhile, what it read is
 * out of date: it must notice (the locked row is a newer version than the one it read) and read
 * again. These stories hold the case's lock in a second connection, as another recording does,
 * change the case there, and let the recording go on only once it waits for that lock.
 */
describe('recording an event while another transaction holds the case (postgres)', () => {
  let subject: TestApp;
  let officerClient: Client;
  let organisationId: string;
  let stationId: string;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    const officer = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    officerClient = await signedIn(subject.app, officer);
  });
  afterAll(async () => {
    for (const client of clients) await client.end();
    await subject.close();
  });

  const connect = async () => {
    const client = new pg.Client({ connectionString: subject.database.url });
    await client.connect();
    clients.push(client);
    return client;
  };

  /** A case whose accused was remanded 50 days ago under a 60-day offence, through the API. */
  async function remandedCase(number: string): Promise<string> {
    const accused = await officerClient.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: [],
    });
    const created = await officerClient.post('/api/legal-cases', {
      fir: { policeStationId: stationId, number, year: 2026, registeredAt: daysAgo(51) },
      forum: 'magistrate',
      offences: ['ITPA:3'],
      accused: [accused.json<{ id: string }>().id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json<{ id: string }>().id;
    for (const event of [
      { type: 'accused.arrested', occurredAt: daysAgo(50.5), data: { accused: 'A1' } },
      {
        type: 'accused.produced_before_magistrate',
        occurredAt: daysAgo(50.2),
        data: { accused: 'A1' },
      },
      {
        type: 'accused.remanded',
        occurredAt: daysAgo(50),
        data: { accused: 'A1', custody: 'judicial' },
      },
    ]) {
      const response = await officerClient.post(`/api/legal-cases/${caseId}/events`, event);
      expect(response.statusCode, response.body).toBe(201);
    }
    return caseId;
  }

  /**
   * Holds the case's lock in another transaction, runs `change` in it, sends the hearing, commits
   * once the hearing's statement waits for the lock, and answers the hearing's response.
   */
  async function hearingWhileHeld(caseId: string, change: (holder: pg.Client) => Promise<void>) {
    const holder = await connect();
    const watcher = await connect();
    await holder.query('begin');
    await holder.query('select id from legal_case where id = $1 for update', [caseId]);
    await change(holder);
    const hearing = officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'court.hearing',
      occurredAt: daysAgo(0.1),
      data: { purpose: 'bail' },
    });
    // The recording's statement has started (its snapshot taken) and waits for the case: the only
    // lock anything here can wait for.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await watcher.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.n ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error('the recording never waited for the case');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await holder.query('commit');
    return hearing;
  }

  it('an event recorded while another transaction adds one is judged with both, and its deadlines agree', async () => {
    const caseId = await remandedCase('81');
    // The other transaction files the chargesheet (as a recording or an import would), which
    // meets the 60-day clock. The hearing must be evaluated with it.
    const hearing = await hearingWhileHeld(caseId, async (holder) => {
      await holder.query(
        `insert into legal_case_event (legal_case_id, type, occurred_at, data)
         values ($1, 'chargesheet.filed', $2, '{"accused": ["A1"]}')`,
        [caseId, daysAgo(0.2)],
      );
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    const events = (await officerClient.get(`/api/legal-cases/${caseId}/events`)).json<{
      events: { type: string }[];
    }>().events;
    expect(events.map((event) => event.type)).toEqual([
      'fir.registered',
      'accused.arrested',
      'accused.produced_before_magistrate',
      'accused.remanded',
      'chargesheet.filed',
      'court.hearing',
    ]);
    // The stored deadlines are the ones the whole timeline calls for, and marked current, so no
    // sweep would correct them: the chargesheet clock met, its alert resolved.
    const deadlines = (
      await officerClient.get(`/api/obligations?caseType=legal_case&caseId=${caseId}`)
    ).json<{ obligations: { rule: string; status: string }[] }>().obligations;
    expect(deadlines.find((row) => row.rule === 'IN.BNSS.187.chargesheet')?.status).toBe('met');
    const state = await subject.deps.db
      .selectFrom('legal_case')
      .select(['deadline_inputs_version', 'deadline_swept_version', 'last_event_at'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(String(state.deadline_swept_version)).toBe(String(state.deadline_inputs_version));
    const alerts = (await officerClient.get('/api/alerts')).json<{
      alerts: { caseId: string; rule: string; resolution?: string | null }[];
    }>().alerts;
    expect(
      alerts
        .filter((alert) => alert.caseId === caseId && alert.rule === 'IN.BNSS.187.chargesheet')
        .every((alert) => alert.resolution === 'met'),
    ).toBe(true);
  });
});
