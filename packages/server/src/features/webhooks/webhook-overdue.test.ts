import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, signedInAs, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { obligationSources } from '../obligations/obligation-sources.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';
import { receiver } from './webhook.test-support.ts';
import { sendDueWebhooks } from './webhook.sender.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Kolkata wall-clock time `days` from now, as the API takes it. */
function kolkata(days: number, time: string): string {
  const date = new Date(Date.now() + days * DAY).toLocaleDateString('en-CA', {
    timeZone: 'Asia/Kolkata',
  });
  return `${date}T${time}:00+05:30`;
}

// Issue 16: a state portal subscribes to missed statutory deadlines. The legal officer records a
// remand this week and no chargesheet; when the 60-day clock (BNSS s.187(3)) runs out the sweep
// tells the portal once, signed, and a later sweep tells it nothing new. All invented.
describe(`obligation.overdue reaches a webhook once per obligation (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let admin: Client;
  let officer: Client;
  let caseId: string;
  let secret: string;
  let stationId: string;
  const hooks = receiver();

  /**
   * A magistrate's case against one accused, its FIR registered the day before the accused was
   * arrested, produced and remanded `days` ago: the 60-day chargesheet clock runs from then.
   */
  async function aRemandedCase(number: string, days: number): Promise<string> {
    const accused = await officer.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: [],
    });
    const created = await officer.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number,
        year: 2026,
        registeredAt: kolkata(-days - 1, '09:30'),
      },
      forum: 'magistrate',
      offences: ['ITPA:3'],
      accused: [accused.json<{ id: string }>().id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    for (const event of [
      { type: 'accused.arrested', occurredAt: kolkata(-days, '10:00'), data: { accused: 'A1' } },
      {
        type: 'accused.produced_before_magistrate',
        occurredAt: kolkata(-days, '16:00'),
        data: { accused: 'A1' },
      },
      {
        type: 'accused.remanded',
        occurredAt: kolkata(-days, '17:00'),
        data: { accused: 'A1', custody: 'judicial' },
      },
    ]) {
      const response = await officer.post(`/api/legal-cases/${id}/events`, event);
      expect(response.statusCode, response.body).toBe(201);
    }
    return id;
  }

  beforeAll(async () => {
    subject = await createTestApp({ env: { DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' } });
    const url = await hooks.start();
    const organisationId = await anOrganisation(subject.deps, 'Test Overdue Trust');
    stationId = await anOrganisation(subject.deps, 'Test Fictionpur PS', 'police_station');
    admin = await signedInAs(subject, organisationId, ['admin']);
    officer = await signedInAs(subject, organisationId, ['legal_officer']);
    const registered = await admin.post('/api/webhooks/endpoints', {
      url,
      description: 'State portal',
      eventTypes: ['obligation.overdue'],
    });
    expect(registered.statusCode, registered.body).toBe(201);
    secret = registered.json<{ secret: string }>().secret;
    caseId = await aRemandedCase('77', 1);
  });
  afterAll(async () => {
    await hooks.stop();
    await subject.close();
  });

  const sweep = (days: number) =>
    sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
      new Date(Date.now() + days * DAY),
    );
  const send = () =>
    sendDueWebhooks(subject.deps.db, subject.deps.vault, {
      allowPrivateAddresses: true,
      now: new Date(Date.now() + 1000),
    });
  const bodies = () =>
    hooks.received.map(
      (entry) =>
        new Webhook(secret).verify(entry.body, {
          'webhook-id': String(entry.headers['webhook-id']),
          'webhook-timestamp': String(entry.headers['webhook-timestamp']),
          'webhook-signature': String(entry.headers['webhook-signature']),
        }) as { type: string; data: { rule: string; caseId: string } },
    );

  it('nothing is sent while the chargesheet clock runs', async () => {
    await sweep(30);
    await send();
    expect(bodies().filter((body) => body.data.rule === 'IN.BNSS.187.chargesheet')).toEqual([]);
  });

  it('the sweep after the deadline sends one signed delivery, and the next sweep nothing new', async () => {
    await sweep(62);
    await send();
    const chargesheet = bodies().filter((body) => body.data.rule === 'IN.BNSS.187.chargesheet');
    expect(chargesheet).toEqual([
      {
        type: 'obligation.overdue',
        timestamp: expect.any(String) as unknown,
        data: {
          obligationId: expect.any(String) as unknown,
          caseType: 'legal_case',
          caseId,
          caseCode: 'FIR 77/2026, Test Fictionpur PS',
          rule: 'IN.BNSS.187.chargesheet',
          dueAt: expect.any(String) as unknown,
        },
      },
    ]);
    // Ids, codes and the rule only: nothing about the accused or a survivor travels.
    expect(hooks.received.map((entry) => entry.body).join('')).not.toMatch(/35\+|male|A1/);
    const told = hooks.received.length;
    await sweep(63);
    await sweep(64);
    await send();
    expect(hooks.received).toHaveLength(told);
    // Each overdue obligation went out once, whatever the number of sweeps.
    const keys = bodies().map((body) => `${body.data.caseId}|${body.data.rule}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a remand recorded after its chargesheet clock ran out tells the portal and the officer with the answer, once', async () => {
    // Recording an event raises its case's alerts and records its overdue keys in one statement
    // (issue 11); the delivery and the alert must be the same as from two.
    const before = hooks.received.length;
    const lateCase = await aRemandedCase('78', 71);
    const hearing = await officer.post(`/api/legal-cases/${lateCase}/events`, {
      type: 'court.hearing',
      occurredAt: kolkata(-1, '11:00'),
      data: { purpose: 'bail' },
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    await send();
    const told = bodies()
      .slice(before)
      .filter((body) => body.data.caseId === lateCase);
    expect(told.map((body) => body.data.rule)).toContain('IN.BNSS.187.chargesheet');
    const rules = told.map((body) => body.data.rule);
    expect(new Set(rules).size).toBe(rules.length);
    const alerts = (await officer.get('/api/alerts')).json<{
      alerts: { kind: string; rule: string; caseId: string }[];
    }>().alerts;
    expect(
      alerts.filter(
        (alert) => alert.caseId === lateCase && alert.rule === 'IN.BNSS.187.chargesheet',
      ),
    ).toEqual([expect.objectContaining({ kind: 'deadline_overdue' })]);
  });
});
