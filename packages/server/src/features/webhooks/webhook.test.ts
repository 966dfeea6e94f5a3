import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { RESCUE_DATA } from '../care-cases/care-case.test-support.ts';
import { checkEndpointUrl, isPublicAddress } from './webhook-url.ts';
import { receiver } from './webhook.test-support.ts';
import { sendDueWebhooks } from './webhook.sender.ts';

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('webhook endpoint URLs refuse server-side request forgery', () => {
  it('accepts public https and refuses other schemes, credentials, loopback and private networks', async () => {
    await expect(checkEndpointUrl('https://203.0.113.10/hook', false)).resolves.toBeInstanceOf(URL);
    for (const [url, sentence] of [
      ['ftp://203.0.113.10/hook', 'must start with https://'],
      ['https://user:pass@203.0.113.10/', 'must not contain a user name or password'],
      ['http://127.0.0.1:8080/', 'private or local network'],
      ['http://[::1]/', 'private or local network'],
      ['http://169.254.169.254/latest/meta-data', 'private or local network'],
      ['http://10.1.2.3/', 'private or local network'],
      ['http://192.168.1.5/', 'private or local network'],
      ['not a url', 'is not a web address'],
    ] as const) {
      await expect(checkEndpointUrl(url, false), url).rejects.toThrow(sentence);
    }
    // The installation setting lets an on-premises receiver (or this test) in.
    await expect(checkEndpointUrl('http://127.0.0.1:8080/', true)).resolves.toBeInstanceOf(URL);
    expect(isPublicAddress('::ffff:127.0.0.1')).toBe(false);
  });
});

// Issue 16: an NGO's admin connects its donor-reporting system; a social worker records a rescue;
// the receiver is told, signed, and nothing is lost to a 500 or a restart. All invented.
describe(`signed webhooks from the outbox (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let admin: Client;
  let worker: Client;
  let caseId: string;
  let secret: string;
  const hooks = receiver();
  let url: string;

  beforeAll(async () => {
    subject = await createTestApp({ env: { DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' } });
    url = await hooks.start();
    const organisationId = await anOrganisation(subject.deps, 'Test Webhook Trust');
    const user = async (roles: Parameters<typeof aUser>[1]['roles']) =>
      signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles,
          organisationId,
          twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
        }),
      );
    admin = await user(['admin']);
    worker = await user(['social_worker']);
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', originState: 'West Bengal', languages: ['bn'] },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await hooks.stop();
    await subject.close();
  });

  const send = (now = new Date(), signal?: AbortSignal) =>
    sendDueWebhooks(subject.deps.db, subject.deps.vault, {
      allowPrivateAddresses: true,
      now,
      ...(signal ? { signal } : {}),
    });
  const recordEvent = async (occurredAt: string) => {
    const response = await worker.post(`/api/care-cases/${caseId}/events`, {
      type: 'note.case',
      occurredAt,
      data: { text: 'Home visit done.' },
    });
    expect(response.statusCode, response.body).toBe(201);
  };

  it('the admin registers an endpoint and is shown its signing secret once', async () => {
    const response = await admin.post('/api/webhooks/endpoints', {
      url,
      description: 'Donor reporting',
      eventTypes: ['care_case.event_recorded', 'consent.withdrawn'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ secret: string; url: string }>();
    expect(body.secret).toMatch(/^whsec_/);
    secret = body.secret;
    const listed = await admin.get('/api/webhooks/endpoints');
    expect(listed.body).not.toContain(secret);
    expect(listed.json<{ endpoints: unknown[] }>().endpoints).toHaveLength(1);
    // A social worker cannot see or add endpoints.
    expect((await worker.get('/api/webhooks/endpoints')).statusCode).toBe(404);
    expect(
      (await worker.post('/api/webhooks/endpoints', { url, eventTypes: ['story.withdrawn'] }))
        .statusCode,
    ).toBe(404);
  });

  it('a rescue recorded is delivered signed per Standard Webhooks, retried after a 500', async () => {
    await worker.post(`/api/care-cases/${caseId}/events`, {
      type: 'rescue.identified',
      occurredAt: '2025-03-03T23:30:00+05:30',
      data: RESCUE_DATA,
    });
    hooks.statuses.push(500);
    expect(await send()).toMatchObject({ delivered: 0, retried: 1 });
    // Not due again until the backoff has passed.
    expect(await send()).toMatchObject({ delivered: 0, retried: 0 });
    expect(await send(later(31))).toMatchObject({ delivered: 1 });
    expect(hooks.received).toHaveLength(2);
    const [first, second] = hooks.received;
    expect(first?.headers['webhook-id']).toBe(second?.headers['webhook-id']);
    const payload = new Webhook(secret).verify(second?.body ?? '', {
      'webhook-id': String(second?.headers['webhook-id']),
      'webhook-timestamp': String(second?.headers['webhook-timestamp']),
      'webhook-signature': String(second?.headers['webhook-signature']),
    });
    expect(payload).toMatchObject({
      type: 'care_case.event_recorded',
      data: { careCaseId: caseId, eventType: 'rescue.identified' },
    });
    // Ids and codes only: nothing of the rescue's details travels.
    expect(second?.body).not.toMatch(/Kolkata|West Bengal|pseudonym/);
    // A body altered on the way fails verification.
    expect(() =>
      new Webhook(secret).verify((second?.body ?? '').replace('rescue', 'rescuX'), {
        'webhook-id': String(second?.headers['webhook-id']),
        'webhook-timestamp': String(second?.headers['webhook-timestamp']),
        'webhook-signature': String(second?.headers['webhook-signature']),
      }),
    ).toThrow();
  });

  it('the delivery log shows both attempts, and redelivery sends it again with the same id', async () => {
    const log = await admin.get('/api/webhooks/deliveries');
    expect(log.statusCode, log.body).toBe(200);
    const [delivery] = log.json<{
      deliveries: { id: string; messageId: string; status: string; attempts: number }[];
    }>().deliveries;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    const again = await admin.post(`/api/webhooks/deliveries/${delivery?.id ?? ''}/redeliver`);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<{ messageId: string; status: string }>()).toMatchObject({
      messageId: delivery?.messageId,
      status: 'pending',
    });
    expect(await send()).toMatchObject({ delivered: 1 });
    expect(hooks.received.at(-1)?.headers['webhook-id']).toBe(delivery?.messageId);
    expect(
      (await worker.post(`/api/webhooks/deliveries/${delivery?.id ?? ''}/redeliver`)).statusCode,
    ).toBe(404);
  });

  it('loses no delivery when the sender is killed mid-way: the next start delivers every one', async () => {
    const before = hooks.received.length;
    await recordEvent('2025-03-05T10:00:00+05:30');
    await recordEvent('2025-03-06T10:00:00+05:30');
    await recordEvent('2025-03-07T10:00:00+05:30');
    hooks.statuses.push('hang');
    const killed = new AbortController();
    const running = send(new Date(), killed.signal);
    // Kill the sender while its first request is in flight.
    for (let waited = 0; hooks.received.length === before && waited < 200; waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));
    killed.abort();
    await running;
    // Its claims lapse after a minute; the next sender picks every delivery up.
    expect(await send(later(61))).toMatchObject({ delivered: 3 });
    const log = await admin.get('/api/webhooks/deliveries?limit=3');
    expect(
      log.json<{ deliveries: { status: string }[] }>().deliveries.map((entry) => entry.status),
    ).toEqual(['delivered', 'delivered', 'delivered']);
    const ids = new Set(hooks.received.slice(before).map((entry) => entry.headers['webhook-id']));
    expect(ids.size).toBe(3);
  });
});
