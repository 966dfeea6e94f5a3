import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aUser,
  anOrganisation,
  signedIn,
  type Client,
  type TestUser,
} from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { obligationSources } from '../obligations/obligation-sources.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

type Alert = { kind: string; rule: string; caseId: string };

/**
 * Issue 11: recording an event stores the case's obligations and raises their alerts in the
 * event's own transaction, and skips the alert statements when nothing could have changed them.
 * These stories pin what a legal officer sees when that skip must not happen, and that an event
 * refused leaves no deadline behind.
 */
describe(`recording an event keeps deadlines and alerts with the timeline (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: TestUser;
  let officerClient: Client;
  let stationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    officer = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    officerClient = await signedIn(subject.app, officer);
  });
  afterAll(() => subject.close());

  const remandEvents = (remandedDaysAgo: number) => [
    {
      type: 'accused.arrested',
      occurredAt: daysAgo(remandedDaysAgo + 0.5),
      data: { accused: 'A1' },
    },
    {
      type: 'accused.produced_before_magistrate',
      occurredAt: daysAgo(remandedDaysAgo + 0.2),
      data: { accused: 'A1' },
    },
    {
      type: 'accused.remanded',
      occurredAt: daysAgo(remandedDaysAgo),
      data: { accused: 'A1', custody: 'judicial' },
    },
  ];

  /**
   * A case whose accused was remanded `remandedDaysAgo` days ago under a 60-day offence, the
   * events recorded through the API, or written straight to the table as an import would.
   */
  async function remandedCase(
    number: string,
    remandedDaysAgo: number,
    how: 'api' | 'imported' = 'api',
  ): Promise<string> {
    const accused = await officerClient.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: [],
    });
    const created = await officerClient.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number,
        year: 2026,
        registeredAt: daysAgo(remandedDaysAgo + 1),
      },
      forum: 'magistrate',
      offences: ['ITPA:3'],
      accused: [accused.json<{ id: string }>().id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json<{ id: string }>().id;
    if (how === 'imported') {
      await subject.deps.db
        .insertInto('legal_case_event')
        .values(
          remandEvents(remandedDaysAgo).map((event) => ({
            legal_case_id: caseId,
            type: event.type,
            occurred_at: new Date(event.occurredAt),
            data: JSON.stringify(event.data),
          })),
        )
        .execute();
      return caseId;
    }
    for (const event of remandEvents(remandedDaysAgo)) {
      const response = await officerClient.post(`/api/legal-cases/${caseId}/events`, event);
      expect(response.statusCode, response.body).toBe(201);
    }
    return caseId;
  }

  const chargesheetAlertsOf = async (caseId: string) =>
    (await officerClient.get('/api/alerts'))
      .json<{ alerts: Alert[] }>()
      .alerts.filter(
        (alert) => alert.caseId === caseId && alert.rule === 'IN.BNSS.187.chargesheet',
      );

  it('a hearing that moves no deadline still raises the alert whose day came since the last sweep', async () => {
    // Remanded 50 days ago: the 60-day chargesheet clock alerted on day 45, five days ago. The
    // last sweep looked at the case on day 40, when nothing was due yet; its deadlines as of
    // today are the same rows, so only the clock tells that an alert is now due.
    const caseId = await remandedCase('71', 50, 'imported');
    await sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
      new Date(daysAgo(10)),
    );
    expect(await chargesheetAlertsOf(caseId)).toEqual([]);

    const hearing = await officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'court.hearing',
      occurredAt: daysAgo(0.1),
      data: { purpose: 'bail' },
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    // With the answer, not at the next sweep: the alert is in the inbox, and so is its e-mail.
    expect(await chargesheetAlertsOf(caseId)).toEqual([
      expect.objectContaining({ kind: 'deadline_due_soon' }),
    ]);
    const emails = await subject.deps.db
      .selectFrom('outbox_email')
      .select('subject')
      .where('to_address', '=', officer.email)
      .execute();
    expect(emails.filter((email) => email.subject.includes('FIR 71/2026'))).toHaveLength(1);

    // Another hearing a moment later changes nothing: no second alert, no second e-mail.
    const again = await officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'court.hearing',
      occurredAt: daysAgo(0.05),
      data: { purpose: 'bail' },
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(await chargesheetAlertsOf(caseId)).toHaveLength(1);
    const after = await subject.deps.db
      .selectFrom('outbox_email')
      .select('subject')
      .where('to_address', '=', officer.email)
      .execute();
    expect(after.filter((email) => email.subject.includes('FIR 71/2026'))).toHaveLength(1);
  });

  it('a hearing that rewrites one stored deadline still raises the alert of another it leaves as stored', async () => {
    // As above, but the hearing also rewrites the case's other deadlines (their stored hashes no
    // longer match, as after a rule pack's change) and leaves the chargesheet clock's row as it
    // is: the alert is raised in the statement that writes them, from the rows it writes and the
    // stored rows it does not, so the stored one must not be missed.
    const caseId = await remandedCase('77', 50, 'imported');
    await sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
      new Date(daysAgo(10)),
    );
    const rewritten = await subject.deps.db
      .updateTable('obligation')
      .set({ content_hash: null })
      .where('case_id', '=', caseId)
      .where('rule', '<>', 'IN.BNSS.187.chargesheet')
      .executeTakeFirst();
    expect(Number(rewritten.numUpdatedRows)).toBeGreaterThan(0);
    expect(await chargesheetAlertsOf(caseId)).toEqual([]);

    const hearing = await officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'court.hearing',
      occurredAt: daysAgo(0.1),
      data: { purpose: 'bail' },
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    expect(await chargesheetAlertsOf(caseId)).toEqual([
      expect.objectContaining({ kind: 'deadline_due_soon' }),
    ]);
    const stored = await subject.deps.db
      .selectFrom('obligation')
      .select('content_hash')
      .where('case_id', '=', caseId)
      .execute();
    expect(stored.every((row) => row.content_hash !== null)).toBe(true);
  });

  it('the chargesheet filed turns the clock met and resolves its alert in the same answer', async () => {
    const caseId = await remandedCase('72', 50);
    expect(await chargesheetAlertsOf(caseId)).toEqual([
      expect.objectContaining({ kind: 'deadline_due_soon' }),
    ]);
    const filed = await officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'chargesheet.filed',
      occurredAt: daysAgo(0.1),
      data: { accused: ['A1'] },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const deadlines = (
      await officerClient.get(`/api/obligations?caseType=legal_case&caseId=${caseId}`)
    ).json<{ obligations: { rule: string; status: string }[] }>().obligations;
    expect(deadlines.find((row) => row.rule === 'IN.BNSS.187.chargesheet')?.status).toBe('met');
    const alerts = (await officerClient.get('/api/alerts')).json<{
      alerts: (Alert & { resolution?: string | null })[];
    }>().alerts;
    expect(
      alerts.find((alert) => alert.caseId === caseId && alert.rule === 'IN.BNSS.187.chargesheet'),
    ).toMatchObject({ resolution: 'met' });
  });

  it('an event is stored with its audit entry, and the deadlines stored with it are marked current for the sweep', async () => {
    const caseId = await remandedCase('74', 5);
    const occurredAt = daysAgo(0.1);
    const hearing = await officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'court.hearing',
      occurredAt,
      data: { purpose: 'bail' },
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    const eventId = hearing.json<{ id: string }>().id;
    const entries = await subject.deps.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'legal_case.event_recorded')
      .where('entity_id', '=', caseId)
      .execute();
    expect(entries).toHaveLength(4);
    expect(entries).toContainEqual({
      actor_user_id: officer.id,
      details: { eventId, type: 'court.hearing', officials: 0 },
    });
    // The obligations were computed from the inputs as they stand after the event: the sweep's
    // marker says so, and a sweep now evaluates nothing of this case.
    const state = await subject.deps.db
      .selectFrom('legal_case')
      .select(['deadline_inputs_version', 'deadline_swept_version', 'last_event_at'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(String(state.deadline_swept_version)).toBe(String(state.deadline_inputs_version));
    // The columns the lists read, from the timeline with the event in it.
    expect(new Date(state.last_event_at as Date).toISOString()).toBe(occurredAt);
  });

  it('events written after a recording in the same transaction still mark the case for the sweep', async () => {
    // The recording statement bumps its case's inputs version itself and tells the event insert's
    // trigger so for its one event (migration 0035b); any other event, even in the same
    // transaction (an import after a recorded event), must still move the version.
    const caseId = await remandedCase('76', 5);
    const versionOf = async (db: typeof subject.deps.db) =>
      Number(
        (
          await db
            .selectFrom('legal_case')
            .select('deadline_inputs_version')
            .where('id', '=', caseId)
            .executeTakeFirstOrThrow()
        ).deadline_inputs_version,
      );
    const before = await versionOf(subject.deps.db);
    const [recorded] = (await officerClient.get(`/api/legal-cases/${caseId}/events`)).json<{
      events: { id: string }[];
    }>().events;
    await subject.deps.db.transaction().execute(async (trx) => {
      // As the recording statement leaves the transaction: its event named.
      await sql`select set_config('dawn.inputs_bumped_by_event', ${recorded?.id ?? ''}, true)`.execute(
        trx,
      );
      await trx
        .insertInto('legal_case_event')
        .values({
          legal_case_id: caseId,
          type: 'court.hearing',
          occurred_at: new Date(daysAgo(0.2)),
          data: JSON.stringify({ purpose: 'bail' }),
        })
        .execute();
      expect(await versionOf(trx)).toBe(before + 1);
    });
    const state = await subject.deps.db
      .selectFrom('legal_case')
      .select(['deadline_inputs_version', 'deadline_swept_version'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(Number(state.deadline_inputs_version)).toBe(before + 1);
    expect(String(state.deadline_swept_version)).not.toBe(String(state.deadline_inputs_version));
  });

  it('an arrest corrected to its true time moves the deadlines that start from it, in the same answer', async () => {
    const caseId = await remandedCase('75', 5);
    const startsOf = async () =>
      (
        await subject.deps.db
          .selectFrom('obligation')
          .select(['rule', 'subject', 'starts_at'])
          .where('case_id', '=', caseId)
          .execute()
      ).map((row) => ({ ...row, starts_at: new Date(row.starts_at).toISOString() }));
    const events = (await officerClient.get(`/api/legal-cases/${caseId}/events`)).json<{
      events: { id: string; type: string; occurredAt: string }[];
    }>().events;
    const arrest = events.find((event) => event.type === 'accused.arrested');
    const wrong = new Date(arrest?.occurredAt ?? '').toISOString();
    const before = await startsOf();
    // The clocks that run from the arrest start at the time first recorded.
    expect(before.some((row) => row.starts_at === wrong)).toBe(true);

    const truly = new Date(Date.parse(wrong) - 2 * 3_600_000).toISOString();
    const corrected = await officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'accused.arrested',
      occurredAt: truly,
      supersedes: arrest?.id,
      data: { accused: 'A1' },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const after = await startsOf();
    // The rows of the mistaken time are gone, the same clocks start at the true one.
    expect(after.some((row) => row.starts_at === wrong)).toBe(false);
    expect(after.filter((row) => row.starts_at === truly).map((row) => row.rule)).toEqual(
      before.filter((row) => row.starts_at === wrong).map((row) => row.rule),
    );
    expect(after).toHaveLength(before.length);
  });

  it('an event refused by the sequence rules leaves the stored deadlines as they were', async () => {
    const caseId = await remandedCase('73', 5);
    const before = await subject.deps.db
      .selectFrom('obligation')
      .select(['obligation_key', 'status', 'content_hash'])
      .where('case_id', '=', caseId)
      .orderBy('obligation_key')
      .execute();
    expect(before.length).toBeGreaterThan(0);
    // Bail for an accused the case does not have: refused, nothing written.
    const refused = await officerClient.post(`/api/legal-cases/${caseId}/events`, {
      type: 'accused.bailed',
      occurredAt: daysAgo(0.1),
      data: { accused: 'A9', kind: 'regular' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const after = await subject.deps.db
      .selectFrom('obligation')
      .select(['obligation_key', 'status', 'content_hash'])
      .where('case_id', '=', caseId)
      .orderBy('obligation_key')
      .execute();
    expect(after).toEqual(before);
  });
});
