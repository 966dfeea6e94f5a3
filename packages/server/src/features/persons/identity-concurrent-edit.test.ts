import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { IDENTITY_CHANGED_MESSAGE, IDENTITY_RECORDED_MESSAGE } from './person.service.ts';

const REASON = { purpose: 'family_tracing', reason: 'Checking the spelling of the family name' };

/**
 * Two programme managers correct the same survivor's identity at once. The identity is replaced
 * whole, so the later save used to undo the earlier without anyone knowing; with the version the
 * reveal answered (If-Match), the later one is refused and asked to look again first.
 */
describe(`two people correcting one identity at once (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let tara: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Concurrent Trust');
    const manager = async () =>
      signedIn(
        subject.app,
        await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
      );
    [mira, tara] = [await manager(), await manager()];
  });
  afterAll(() => subject.close());

  const aPerson = async (identity?: Record<string, unknown>) => {
    const created = await mira.post('/api/persons', {
      sex: 'female',
      ageBand: '15-17',
      ...(identity ? { identity } : {}),
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string }>().id;
  };
  const reveal = async (client: Client, personId: string) => {
    const response = await client.post(`/api/persons/${personId}/identity/reveal`, REASON);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ identity: { legalName: string }; version: number }>();
  };
  const save = (client: Client, personId: string, legalName: string, headers = {}) =>
    client.send('PUT', `/api/persons/${personId}/identity`, { legalName }, headers);

  it('the later of two corrections made from the same reveal is refused, and the earlier stays', async () => {
    const personId = await aPerson({ legalName: 'Test Parul Imaginari' });
    const seenByMira = await reveal(mira, personId);
    const seenByTara = await reveal(tara, personId);
    expect(seenByMira.version).toBe(seenByTara.version);

    const first = await save(mira, personId, 'Test Parul Imaginary', {
      'if-match': `"${seenByMira.version}"`,
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await save(tara, personId, 'Test Paroul Imaginari', {
      'if-match': `"${seenByTara.version}"`,
    });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json()).toMatchObject({
      error: { code: 'CONFLICT', message: IDENTITY_CHANGED_MESSAGE },
    });

    // Mira's correction stands; Tara looks again and makes hers on top of it.
    const again = await reveal(tara, personId);
    expect(again.identity.legalName).toBe('Test Parul Imaginary');
    expect(again.version).toBe(seenByMira.version + 1);
    const third = await save(tara, personId, 'Test Parul Imaginary Das', {
      'if-match': `"${again.version}"`,
    });
    expect(third.statusCode, third.body).toBe(200);
    expect((await reveal(mira, personId)).identity.legalName).toBe('Test Parul Imaginary Das');
  });

  it('two first recordings of one identity: the second is refused (If-None-Match: *)', async () => {
    const personId = await aPerson();
    const first = await save(mira, personId, 'Test Keya Fictional', { 'if-none-match': '*' });
    expect(first.statusCode, first.body).toBe(200);
    const second = await save(tara, personId, 'Test Kea Fictional', { 'if-none-match': '*' });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json()).toMatchObject({ error: { message: IDENTITY_RECORDED_MESSAGE } });
    expect((await reveal(tara, personId)).identity.legalName).toBe('Test Keya Fictional');
  });

  it('a script that sends no precondition replaces the identity as before; a malformed one is a 400', async () => {
    const personId = await aPerson({ legalName: 'Test Tithi Fictional' });
    expect((await save(mira, personId, 'Test Tithi Fictional Roy')).statusCode).toBe(200);
    const malformed = await save(mira, personId, 'Test Tithi', { 'if-match': 'yesterday' });
    expect(malformed.statusCode, malformed.body).toBe(400);
    expect((await reveal(mira, personId)).identity.legalName).toBe('Test Tithi Fictional Roy');
  });
});
