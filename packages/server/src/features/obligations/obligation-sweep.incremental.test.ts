import { parseLegalEventData, type LegalEventType } from '@dawn/core';
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
import { obligationSources } from './obligation-sources.ts';
import { sweepObligations } from './obligation.sweep.ts';

const at = (date: string, time = '11:00') => `${date}T${time}:00+05:30`;
const CHARGESHEET = 'IN.BNSS.187.chargesheet';
const CWC_PRODUCTION = 'IN.JJ.31.cwc-production';

/**
 * Issue 11: the sweep evaluates again only the cases whose inputs changed — whoever wrote them —
 * or whose deadlines move with the clock by now; a quiet case is left alone. Each way a case's
 * deadlines can change without anyone recomputing them is tried here, and the sweep must see it.
 */
describe(`the sweep leaves unchanged cases alone and finds every change (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: TestUser;
  let colleague: TestUser;
  let client: Client;
  let caseId: string;
  let victimId: string;

  const sweep = (asOf: string) =>
    sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
      new Date(asOf),
    );
  const obligations = () =>
    subject.deps.db
      .selectFrom('obligation')
      .select(['rule', 'subject', 'status'])
      .where('case_id', '=', caseId)
      .orderBy('rule')
      .orderBy('subject')
      .execute();
  const statusOf = async (rule: string, party: string) =>
    (await obligations()).find((row) => row.rule === rule && row.subject === party)?.status;
  const inbox = async (user: TestUser) =>
    (await (await signedIn(subject.app, user)).get('/api/alerts')).json<{
      alerts: { kind: string; rule: string; resolution: string | null }[];
    }>().alerts;
  /** An event written straight to the table, as an import or another tool would write it. */
  const writeEvent = async (
    type: LegalEventType,
    occurredAt: string,
    data: Record<string, unknown>,
    supersedes: string | null = null,
  ) => {
    const row = await subject.deps.db
      .insertInto('legal_case_event')
      .values({
        legal_case_id: caseId,
        type,
        occurred_at: new Date(occurredAt),
        recorded_at: new Date(occurredAt),
        recorded_by: officer.id,
        data: JSON.stringify(parseLegalEventData(type, data)),
        supersedes_id: supersedes,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Quietpur Trust');
    const stationId = await anOrganisation(subject.deps, 'Test Stillganj PS', 'police_station');
    officer = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    colleague = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    client = await signedIn(subject.app, officer);
    // An adult by her band and without a birth date: no child's clock, until the vault says so.
    const victim = await client.post('/api/persons', {
      sex: 'female',
      ageBand: '25-34',
      languages: [],
    });
    expect(victim.statusCode, victim.body).toBe(201);
    victimId = victim.json<{ id: string }>().id;
    const accused = await client.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: [],
    });
    const created = await client.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '77',
        year: 2025,
        registeredAt: at('2025-01-09', '09:30'),
      },
      forum: 'magistrate',
      offences: ['ITPA:5'],
      victims: [victimId],
      accused: [accused.json<{ id: string }>().id],
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json<{ id: string }>().id;
    for (const event of [
      { type: 'victim.rescued', occurredAt: at('2025-01-09', '06:00'), data: { victim: 'V1' } },
      { type: 'accused.arrested', occurredAt: at('2025-01-10', '10:00'), data: { accused: 'A1' } },
      {
        type: 'accused.produced_before_magistrate',
        occurredAt: at('2025-01-10', '16:00'),
        data: { accused: 'A1' },
      },
      {
        type: 'accused.remanded',
        occurredAt: at('2025-01-10', '17:00'),
        data: { accused: 'A1', custody: 'judicial' },
      },
    ]) {
      const response = await client.post(`/api/legal-cases/${caseId}/events`, event);
      expect(response.statusCode, response.body).toBe(201);
    }
  }, 300_000);
  afterAll(() => subject.close());

  it('evaluates a case once, then not again while nothing changes', async () => {
    // Recorded through the API today, so stored as of today: asked about January, it is redone.
    const first = await sweep(at('2025-01-20'));
    expect(first).toMatchObject({ cases: 1, evaluated: 1 });
    expect(await statusOf(CHARGESHEET, 'A1')).toBe('open');
    expect(await sweep(at('2025-01-20'))).toMatchObject({ cases: 1, evaluated: 0, alerts: 0 });
    expect(await sweep(at('2025-01-21'))).toMatchObject({ cases: 1, evaluated: 0, alerts: 0 });
  });

  it('alerts on day 45 and turns the untouched case overdue on day 61, at the next sweeps', async () => {
    expect(await sweep(at('2025-02-23', '12:00'))).toMatchObject({ evaluated: 1 });
    expect(await inbox(officer)).toContainEqual(
      expect.objectContaining({ kind: 'deadline_due_soon', rule: CHARGESHEET }),
    );
    expect(await sweep(at('2025-02-24'))).toMatchObject({ evaluated: 0, alerts: 0 });

    const overdue = await sweep(at('2025-03-11', '09:00'));
    expect(overdue.evaluated).toBe(1);
    expect(await statusOf(CHARGESHEET, 'A1')).toBe('overdue');
    expect(await inbox(officer)).toContainEqual(
      expect.objectContaining({ kind: 'deadline_overdue', rule: CHARGESHEET }),
    );
  });

  it('gives someone who joins the team the case’s open alerts when they join', async () => {
    expect(await inbox(colleague)).toEqual([]);
    const added = await client.post(`/api/legal-cases/${caseId}/team`, { userId: colleague.id });
    expect(added.statusCode, added.body).toBeLessThan(300);
    const alerts = await inbox(colleague);
    expect(alerts).toContainEqual(
      expect.objectContaining({ kind: 'deadline_overdue', rule: CHARGESHEET }),
    );
    const emails = await subject.deps.db
      .selectFrom('outbox_email')
      .select('subject')
      .where('to_address', '=', colleague.email)
      .execute();
    expect(emails.map((email) => email.subject)).toContainEqual(
      expect.stringContaining('Overdue: File the chargesheet'),
    );
    // The next sweep has nothing to add for them.
    expect(await sweep(at('2025-03-11', '10:00'))).toMatchObject({ evaluated: 0, alerts: 0 });
    expect(await inbox(colleague)).toHaveLength(alerts.length);
  });

  it('re-evaluates a case whose event another writer recorded, then withdrew', async () => {
    const filed = await writeEvent('chargesheet.filed', at('2025-03-20'), { accused: [] });
    expect(await sweep(at('2025-03-21'))).toMatchObject({ evaluated: 1 });
    expect(await statusOf(CHARGESHEET, 'A1')).toBe('met_late');
    expect(await inbox(officer)).toContainEqual(
      expect.objectContaining({
        rule: CHARGESHEET,
        kind: 'deadline_overdue',
        resolution: 'met_late',
      }),
    );

    await writeEvent('event.voided', at('2025-03-22'), { reason: 'entered in error' }, filed);
    expect(await sweep(at('2025-03-23'))).toMatchObject({ evaluated: 1 });
    expect(await statusOf(CHARGESHEET, 'A1')).toBe('overdue');
  });

  it('picks up a birth date changed in the vault', async () => {
    expect(await statusOf(CWC_PRODUCTION, 'V1')).toBeUndefined();
    const identity = await client.request('PUT', `/api/persons/${victimId}/identity`, {
      legalName: 'Test Keya Stillwater',
      birthDate: '2010-03-15',
    });
    expect(identity.statusCode, identity.body).toBeLessThan(300);
    expect(await sweep(at('2025-03-24'))).toMatchObject({ evaluated: 1 });
    // Rescued at 14: the child had to be produced before the CWC within 24 hours.
    expect(await statusOf(CWC_PRODUCTION, 'V1')).toBe('overdue');
  });

  it('picks up offences, parties and a party’s age band changed by another writer', async () => {
    await subject.deps.db
      .updateTable('legal_case')
      .set({ offences: ['ITPA:5', 'BNS:64'] })
      .where('id', '=', caseId)
      .execute();
    expect(await sweep(at('2025-03-25'))).toMatchObject({ evaluated: 1 });
    expect(await statusOf('IN.BNSS.184.medical-exam', 'V1')).toBe('overdue');

    const second = await subject.deps.db
      .insertInto('person')
      .values({
        pseudonym: 'Test-Sweep-V2',
        organisation_id: officer.organisationId,
        sex: 'female',
        age_band: '25-34',
        languages: [],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await subject.deps.db
      .insertInto('legal_case_party')
      .values({ legal_case_id: caseId, ref: 'V2', role: 'victim', person_id: second.id })
      .execute();
    expect(await sweep(at('2025-03-26'))).toMatchObject({ evaluated: 1 });
    expect(await statusOf('IN.BNSS.184.medical-exam', 'V2')).toBe('overdue');
    await writeEvent('victim.rescued', at('2025-03-26', '12:00'), { victim: 'V2' });
    expect(await sweep(at('2025-03-26', '13:00'))).toMatchObject({ evaluated: 1 });
    expect(await statusOf(CWC_PRODUCTION, 'V2')).toBeUndefined();

    await subject.deps.db
      .updateTable('person')
      .set({ age_band: '15-17' })
      .where('id', '=', second.id)
      .execute();
    expect(await sweep(at('2025-03-26', '14:00'))).toMatchObject({ evaluated: 1 });
    expect(await statusOf(CWC_PRODUCTION, 'V2')).toBe('open');
    expect(await sweep(at('2025-03-26', '14:30'))).toMatchObject({ evaluated: 0 });
  });

  it('evaluates every case again under another rule pack', async () => {
    await sql`update deadline_sweep_pack set fingerprint = 'an older pack'`.execute(
      subject.deps.db,
    );
    expect(await sweep(at('2025-03-26', '15:00'))).toMatchObject({ cases: 1, evaluated: 1 });
    expect(await sweep(at('2025-03-26', '15:00'))).toMatchObject({ cases: 1, evaluated: 0 });
  });
});
