import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
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

/**
 * Issue 6, in the product: the legal officer records a remand and no chargesheet; the sweep finds
 * the 60-day clock (BNSS s.187(3)) missed, lists it as overdue and alerts her — and no one
 * outside the case team sees it.
 */
describe(`a legal case's missed chargesheet clock (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: TestUser;
  let officerClient: Client;
  let caseId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    officer = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    officerClient = await signedIn(subject.app, officer);
    const accused = await officerClient.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: [],
    });
    const created = await officerClient.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '41',
        year: 2025,
        registeredAt: at('2025-01-09', '09:30'),
      },
      forum: 'magistrate',
      offences: ['ITPA:3'],
      accused: [accused.json<{ id: string }>().id],
    });
    expect(created.statusCode).toBe(201);
    caseId = created.json<{ id: string }>().id;
    for (const event of [
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
      const response = await officerClient.post(`/api/legal-cases/${caseId}/events`, event);
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  afterAll(() => subject.close());

  it('is overdue on day 61, listed with its explanation and alerted to the legal officer', async () => {
    const result = await sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
      new Date(at('2025-03-11', '09:00')),
    );
    expect(result.cases).toBe(1);
    const overdue = (await officerClient.get('/api/obligations?status=overdue')).json<{
      obligations: {
        rule: string;
        caseId: string;
        caseCode: string;
        subject: string;
        explanation: { citation: string };
      }[];
    }>().obligations;
    const chargesheet = overdue.find((entry) => entry.rule === 'IN.BNSS.187.chargesheet');
    expect(chargesheet).toMatchObject({
      caseId,
      caseCode: 'FIR 41/2025, Test Fictionganj PS',
      subject: 'A1',
    });
    expect(chargesheet?.explanation.citation).toMatch(/187/);
    const alerts = (await officerClient.get('/api/alerts')).json<{
      alerts: { kind: string; rule: string }[];
    }>().alerts;
    expect(alerts).toContainEqual(
      expect.objectContaining({ kind: 'deadline_overdue', rule: 'IN.BNSS.187.chargesheet' }),
    );
    const outbox = await subject.deps.db
      .selectFrom('outbox_email')
      .select(['to_address', 'subject'])
      .execute();
    const subjects = outbox
      .filter((entry) => entry.to_address === officer.email)
      .map((entry) => entry.subject);
    expect(subjects.some((subject) => subject.includes('Overdue: File the chargesheet'))).toBe(
      true,
    );
  });

  it('the officer’s private calendar feed carries the overdue deadline, read by a standard ICS parser', async () => {
    const feed = await officerClient.post('/api/hearings/feed');
    expect(feed.statusCode).toBe(200);
    const response = await subject.app.inject({
      method: 'GET',
      url: feed.json<{ path: string }>().path,
    });
    expect(response.statusCode).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(response.body) as unknown[]);
    const entries = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    // The 60-day clock is due by the end of 10 March 2025 (BNSS s.187(3), start day counted): an
    // all-day entry on that day. It is overdue as of any real "now".
    const chargesheet = entries.find((entry) => entry.summary.includes('File the chargesheet'));
    expect(chargesheet?.summary).toMatch(/^OVERDUE: .*\(A1\) — FIR 41\/2025, Test Fictionganj PS$/);
    expect(chargesheet?.startDate.isDate).toBe(true);
    expect(chargesheet?.startDate.toString()).toBe('2025-03-10');
  });

  it('another legal officer of the organisation, not on the team, sees nothing of it', async () => {
    const other = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['legal_officer'],
        organisationId: officer.organisationId,
      }),
    );
    expect(
      (await other.get('/api/obligations')).json<{ obligations: unknown[] }>().obligations,
    ).toEqual([]);
    const theirs = await other.get(`/api/obligations?caseType=legal_case&caseId=${caseId}`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toEqual({ obligations: [], nextCursor: null });
  });

  it("another organisation's user gets the same answer for this case as for an id that does not exist", async () => {
    const elsewhere = await anOrganisation(subject.deps, 'Test Other Shore Trust');
    const outsider = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId: elsewhere }),
    );
    const answer = async (id: string) => {
      const response = await outsider.get(`/api/obligations?caseType=legal_case&caseId=${id}`);
      return { status: response.statusCode, body: response.json<unknown>() };
    };
    expect(await answer(caseId)).toEqual(await answer(randomUUID()));
  });

  it('the deadlines page lists rows without explanations, and gets one when a row is opened', async () => {
    const full = await officerClient.get('/api/obligations?status=open,overdue');
    const brief = await officerClient.get('/api/obligations?status=open,overdue&fields=list');
    expect(brief.statusCode).toBe(200);
    const rows = brief.json<{
      obligations: { id: string; rule: string; explanation?: unknown }[];
    }>().obligations;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.explanation === undefined)).toBe(true);
    expect(brief.body.length).toBeLessThan(full.body.length / 2);
    const chargesheet = rows.find((row) => row.rule === 'IN.BNSS.187.chargesheet');
    const opened = await officerClient.get(`/api/obligations/${chargesheet?.id ?? ''}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({
      rule: 'IN.BNSS.187.chargesheet',
      explanation: { citation: expect.stringMatching(/187/) as unknown },
    });

    // Someone not on the case team gets the same answer as for a deadline that does not exist.
    const other = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['legal_officer'],
        organisationId: officer.organisationId,
      }),
    );
    const theirs = await other.get(`/api/obligations/${chargesheet?.id ?? ''}`);
    const nobody = await other.get(`/api/obligations/${randomUUID()}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json<{ error: { code: string } }>().error.code).toBe(
      nobody.json<{ error: { code: string } }>().error.code,
    );
  });
});
