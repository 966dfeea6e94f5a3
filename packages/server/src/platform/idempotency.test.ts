import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { testDatabaseKind } from '../../test/test-database.ts';
import {
  AnswerMemory,
  EARLIER_ATTEMPT_MESSAGE,
  forgetOldIdempotencyKeys,
  KEY_REUSED_MESSAGE,
} from './idempotency.ts';

const HEARING = {
  type: 'court.hearing',
  occurredAt: '2025-06-02T05:30:00.000Z',
  data: { purpose: 'appearance', outcome: 'Arguments heard in part' },
};

/**
 * A legal officer on a mobile connection records a hearing; Dawn records it, and the answer is
 * lost on the way back. Her phone sends the same hearing again with the same Idempotency-Key: it
 * must be answered as the first was, and the hearing be on the timeline once.
 */
describe(`a change sent again after its answer was lost is made once (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: Client;
  /** A programme manager: the whole organisation's cases, and reveals. */
  let manager: Client;
  let stationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Resend Trust');
    stationId = await anOrganisation(subject.deps, 'Test Fictionpur PS', 'police_station');
    officer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
  });
  afterAll(() => subject.close());

  let firNumber = 100;
  async function aLegalCase(): Promise<string> {
    const accused = await officer.post('/api/persons', { sex: 'male', ageBand: '35+' });
    firNumber += 1;
    const created = await officer.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: String(firNumber),
        year: 2025,
        registeredAt: '2025-05-01T05:30:00.000Z',
      },
      forum: 'magistrate',
      offences: ['ITPA:3'],
      accused: [accused.json<{ id: string }>().id],
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string }>().id;
  }
  const record = (client: Client, caseId: string, key: string | undefined, event = HEARING) =>
    client.send(
      'POST',
      `/api/legal-cases/${caseId}/events`,
      event,
      key === undefined ? {} : { 'idempotency-key': key },
    );
  const hearingsOf = async (caseId: string) => {
    const timeline = await officer.get(`/api/legal-cases/${caseId}/events`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    return timeline
      .json<{ events: { type: string }[] }>()
      .events.filter((event) => event.type === 'court.hearing').length;
  };

  it('the resent hearing gets the first answer, and is on the timeline once', async () => {
    const caseId = await aLegalCase();
    const first = await record(officer, caseId, 'hearing-2025-06-02-a');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const resent = await record(officer, caseId, 'hearing-2025-06-02-a');
    expect(resent.statusCode, resent.body).toBe(201);
    expect(resent.headers['idempotent-replayed']).toBe('true');
    expect(resent.headers['content-type']).toMatch(/^application\/json/);
    expect(resent.json()).toEqual(first.json());
    expect(await hearingsOf(caseId)).toBe(1);

    // Without a key (a script that sends none), each request is a change of its own, as before.
    expect((await record(officer, caseId, undefined)).statusCode).toBe(201);
    expect((await record(officer, caseId, undefined)).statusCode).toBe(201);
    expect(await hearingsOf(caseId)).toBe(3);
  });

  it('a different change sent with a key already used is refused beside the key, and not made', async () => {
    const caseId = await aLegalCase();
    expect((await record(officer, caseId, 'hearing-key-reused')).statusCode).toBe(201);
    const other = await record(officer, caseId, 'hearing-key-reused', {
      ...HEARING,
      occurredAt: '2025-06-09T05:30:00.000Z',
    });
    expect(other.statusCode, other.body).toBe(400);
    expect(other.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'headers.idempotency-key', message: KEY_REUSED_MESSAGE }],
      },
    });
    expect(await hearingsOf(caseId)).toBe(1);
  });

  it('a change refused as it was sent lets its key go, to be sent again corrected', async () => {
    const caseId = await aLegalCase();
    const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const refused = await record(officer, caseId, 'hearing-corrected', {
      ...HEARING,
      occurredAt: future,
    });
    expect(refused.statusCode, refused.body).toBe(409);
    const corrected = await record(officer, caseId, 'hearing-corrected');
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(await hearingsOf(caseId)).toBe(1);
  });

  it('a resend this server has no answer for is told to reload, and nothing is made twice', async () => {
    const caseId = await aLegalCase();
    expect((await record(officer, caseId, 'hearing-unanswered')).statusCode).toBe(201);
    // As after a restart, or when another server answered the first attempt, or while the first
    // attempt is still being made.
    subject.app.idempotentAnswers.forget();
    const resent = await record(officer, caseId, 'hearing-unanswered');
    expect(resent.statusCode, resent.body).toBe(409);
    expect(resent.json()).toMatchObject({
      error: { code: 'CONFLICT', message: EARLIER_ATTEMPT_MESSAGE },
    });
    expect(await hearingsOf(caseId)).toBe(1);
    // The same key with another change is still refused beside the key, from the stored claim.
    const other = await record(officer, caseId, 'hearing-unanswered', {
      ...HEARING,
      occurredAt: '2025-06-16T05:30:00.000Z',
    });
    expect(other.statusCode, other.body).toBe(400);
    expect(await hearingsOf(caseId)).toBe(1);
  });

  it("keys are each user's own: her manager's same key is a change of his", async () => {
    const caseId = await aLegalCase();
    expect((await record(officer, caseId, 'hearing-shared-key')).statusCode).toBe(201);
    const hers = await record(manager, caseId, 'hearing-shared-key');
    expect(hers.statusCode, hers.body).toBe(201);
    expect(hers.headers['idempotent-replayed']).toBeUndefined();
    expect(await hearingsOf(caseId)).toBe(2);
  });

  it('keeps no name, and no answer, in the database: the fingerprint is a keyed hash', async () => {
    const created = await officer.send(
      'POST',
      '/api/persons',
      { sex: 'female', ageBand: '15-17', identity: { legalName: 'Test Tithi Fictional' } },
      { 'idempotency-key': 'person-tithi-0001' },
    );
    expect(created.statusCode, created.body).toBe(201);
    const personId = created.json<{ id: string }>().id;
    const kept = await subject.deps.db
      .selectFrom('idempotent_request')
      .selectAll()
      .where('key', '=', 'person-tithi-0001')
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(kept);
    for (const plain of ['Tithi', 'Fictional', personId, 'legalName'])
      expect(stored).not.toContain(plain);
    const resent = await officer.send(
      'POST',
      '/api/persons',
      { sex: 'female', ageBand: '15-17', identity: { legalName: 'Test Tithi Fictional' } },
      { 'idempotency-key': 'person-tithi-0001' },
    );
    expect(resent.json<{ id: string }>().id).toBe(personId);
  });

  it('a person is created once: her claim is made by the creating statement itself', async () => {
    const body = {
      sex: 'female',
      ageBand: '15-17',
      identity: { legalName: 'Test Hema Fictional' },
    };
    const create = (key: string, payload: Record<string, unknown> = body) =>
      manager.send('POST', '/api/persons', payload, { 'idempotency-key': key });
    const countPersons = async () =>
      Number(
        (
          await subject.deps.db
            .selectFrom('person')
            .select(sql<string>`count(*)`.as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    const before = await countPersons();
    // Sent twice at once (a double tap on a slow connection): one person, and the other attempt
    // answered as the first or told to reload.
    const [first, second] = await Promise.all([
      create('person-hema-0001'),
      create('person-hema-0001'),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toContain(201);
    for (const response of [first, second]) expect([201, 409]).toContain(response.statusCode);
    expect(await countPersons()).toBe(before + 1);

    // After a restart the answer is gone, the claim is not: told to reload, not created again.
    subject.app.idempotentAnswers.forget();
    const resent = await create('person-hema-0001');
    expect(resent.statusCode, resent.body).toBe(409);
    expect(resent.json()).toMatchObject({ error: { message: EARLIER_ATTEMPT_MESSAGE } });
    const other = await create('person-hema-0001', { ...body, ageBand: '18-24' });
    expect(other.statusCode, other.body).toBe(400);
    expect(other.json()).toMatchObject({ error: { issues: [{ message: KEY_REUSED_MESSAGE }] } });
    expect(await countPersons()).toBe(before + 1);
  });

  it('a route whose key is claimed before its use-case runs: a legal case opened once', async () => {
    const accused = await officer.post('/api/persons', { sex: 'male', ageBand: '35+' });
    const fir = (number: string, policeStationId = stationId) => ({
      fir: { policeStationId, number, year: 2025, registeredAt: '2025-05-01T05:30:00.000Z' },
      forum: 'magistrate',
      offences: ['ITPA:3'],
      accused: [accused.json<{ id: string }>().id],
    });
    const open = (key: string, body: Record<string, unknown>) =>
      officer.send('POST', '/api/legal-cases', body, { 'idempotency-key': key });
    const casesOf = async (number: string) =>
      (
        await subject.deps.db
          .selectFrom('legal_case')
          .select('id')
          .where('fir_number', '=', number)
          .execute()
      ).length;

    // Refused as sent (no such police station): nothing made, the key let go.
    const refused = await open('legal-case-fir-900', fir('900', accused.json<{ id: string }>().id));
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const first = await open('legal-case-fir-900', fir('900'));
    expect(first.statusCode, first.body).toBe(201);
    const resent = await open('legal-case-fir-900', fir('900'));
    expect(resent.statusCode, resent.body).toBe(201);
    expect(resent.headers['idempotent-replayed']).toBe('true');
    expect(resent.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect(await casesOf('900')).toBe(1);

    subject.app.idempotentAnswers.forget();
    const unanswered = await open('legal-case-fir-900', fir('900'));
    expect(unanswered.statusCode, unanswered.body).toBe(409);
    expect(unanswered.json()).toMatchObject({ error: { message: EARLIER_ATTEMPT_MESSAGE } });
    const other = await open('legal-case-fir-900', fir('901'));
    expect(other.statusCode, other.body).toBe(400);
    expect(await casesOf('900')).toBe(1);
    expect(await casesOf('901')).toBe(0);
  });

  it('a reveal is made, and audited, each time it is asked, key or not', async () => {
    const created = await manager.post('/api/persons', {
      sex: 'female',
      ageBand: '15-17',
      identity: { legalName: 'Test Keya Fictional' },
    });
    const personId = created.json<{ id: string }>().id;
    const reveal = () =>
      manager.send(
        'POST',
        `/api/persons/${personId}/identity/reveal`,
        { purpose: 'family_tracing', reason: 'Checking the spelling of the family name' },
        { 'idempotency-key': 'reveal-keya-0001' },
      );
    for (const response of [await reveal(), await reveal()]) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
    }
    const reveals = await subject.deps.db
      .selectFrom('audit_event')
      .select(sql<string>`count(*)`.as('count'))
      .where('entity_id', '=', personId)
      .where('action', '=', 'identity.revealed')
      .executeTakeFirstOrThrow();
    expect(Number(reveals.count)).toBe(2);
    const keys = await subject.deps.db
      .selectFrom('idempotent_request')
      .select('key')
      .where('key', '=', 'reveal-keya-0001')
      .execute();
    expect(keys).toEqual([]);
  });

  it('an API token sent again is made once, and its secret is not kept to be shown again', async () => {
    const createToken = (name: string) =>
      officer.send(
        'POST',
        '/api/tokens',
        { name, permissions: ['person:read'] },
        { 'idempotency-key': 'token-script-0001' },
      );
    // Refused as sent (no name): the key is let go, and the corrected request makes the token.
    expect((await createToken('')).statusCode).toBe(400);
    const first = await createToken('Test nightly export');
    expect(first.statusCode, first.body).toBe(201);
    const resent = await createToken('Test nightly export');
    expect(resent.statusCode, resent.body).toBe(409);
    expect(resent.json()).toMatchObject({ error: { message: EARLIER_ATTEMPT_MESSAGE } });
    expect(resent.body).not.toContain(first.json<{ token: string }>().token);
    const listed = await officer.get('/api/tokens');
    expect(listed.statusCode, listed.body).toBe(200);
    const named = listed
      .json<{ tokens: { name: string }[] }>()
      .tokens.filter((token) => token.name === 'Test nightly export');
    expect(named).toHaveLength(1);
  });

  it('a key that is not a key is refused beside it', async () => {
    const caseId = await aLegalCase();
    const response = await record(officer, caseId, 'short');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe(
      'headers.idempotency-key',
    );
    expect(await hearingsOf(caseId)).toBe(0);
  });

  it('a day later the key is forgotten, and free again', async () => {
    const caseId = await aLegalCase();
    expect((await record(officer, caseId, 'hearing-a-day-ago')).statusCode).toBe(201);
    await subject.deps.db
      .updateTable('idempotent_request')
      .set({ created_at: new Date(Date.now() - 25 * 3_600_000) })
      .where('key', '=', 'hearing-a-day-ago')
      .execute();
    expect(await forgetOldIdempotencyKeys(subject.deps.db)).toBeGreaterThanOrEqual(1);
    const left = await subject.deps.db
      .selectFrom('idempotent_request')
      .select('key')
      .where('key', '=', 'hearing-a-day-ago')
      .execute();
    expect(left).toEqual([]);
    // A day on, this server gives no answer either (the memory's own test below).
    subject.app.idempotentAnswers.forget();
    const later = await record(officer, caseId, 'hearing-a-day-ago');
    expect(later.statusCode, later.body).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await hearingsOf(caseId)).toBe(2);
  });
});

describe('the answers kept for resends', () => {
  const answer = (body: string) => ({
    fingerprint: 'f',
    status: 201,
    contentType: 'application/json; charset=utf-8',
    body,
    at: Date.now(),
  });

  it('keeps the newest within its count and size, and no answer too large to keep', () => {
    const memory = new AnswerMemory(3, 10, 6);
    memory.keep('a', answer('1234'));
    memory.keep('b', answer('1234'));
    // Over ten characters in all: the oldest goes.
    memory.keep('c', answer('1234'));
    expect(memory.find('a', Date.now())).toBeUndefined();
    expect(memory.find('b', Date.now())?.body).toBe('1234');
    expect(memory.find('c', Date.now())?.body).toBe('1234');
    // Larger than one answer may be: not kept, nothing dropped for it.
    memory.keep('d', answer('1234567'));
    expect(memory.find('d', Date.now())).toBeUndefined();
    expect(memory.find('b', Date.now())).toBeDefined();
    // Over three answers: the oldest goes.
    memory.keep('e', answer('1'));
    memory.keep('f', answer('1'));
    expect(memory.find('b', Date.now())).toBeUndefined();
    expect(memory.find('f', Date.now())).toBeDefined();
  });

  it('an answer a day old is no longer given', () => {
    const memory = new AnswerMemory();
    memory.keep('a', { ...answer('{}'), at: Date.now() - 25 * 3_600_000 });
    expect(memory.find('a', Date.now())).toBeUndefined();
  });
});
