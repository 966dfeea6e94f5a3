import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * #15 finding 11: a similar-person search probes the identity indexes, so each one is audited
 * with how many it found (never what was asked), and one user cannot run them in a tight loop.
 */
describe(`similar-person searches are audited and rate-limited per user (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let asha: Client;
  let bina: Client;
  let ashaId: string;

  beforeAll(async () => {
    subject = await createTestApp({ env: { DAWN_SIMILAR_SEARCH_RATE_LIMIT: '3' } });
    const organisationId = await anOrganisation(subject.deps, 'Test Searchlight Trust');
    const ashaUser = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    ashaId = ashaUser.id;
    asha = await signedIn(subject.app, ashaUser);
    bina = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    const created = await asha.post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      languages: [],
      identity: { legalName: 'Mitali Testdevi Fictionbibi', phones: ['+91 70000 11111'] },
    });
    expect(created.statusCode).toBe(201);
  });
  afterAll(() => subject.close());

  it('audits each search with its result count, never the name or phone searched for', async () => {
    const found = await asha.post('/api/persons/similar', { legalName: 'Mitali Testdevi' });
    expect(found.statusCode).toBe(200);
    const matches = found.json<{ matches: unknown[] }>().matches.length;
    expect(matches).toBeGreaterThan(0);
    const entries = await subject.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'details', 'outcome'])
      .where('action', '=', 'identity.similar_searched')
      .execute();
    expect(entries).toEqual([
      { actor_user_id: ashaId, details: { results: matches }, outcome: 'success' },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Mitali|Testdevi|70000/);
  });

  it('answers 429 with a sentence once one user searches too often, while a colleague still can', async () => {
    // One search already ran above; the limit is 3 a minute.
    for (const phone of ['+91 70000 22222', '+91 70000 33333'])
      expect((await asha.post('/api/persons/similar', { phones: [phone] })).statusCode).toBe(200);
    const refused = await asha.post('/api/persons/similar', { phones: ['+91 70000 44444'] });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(refused.body).not.toContain('70000');
    expect(
      (await bina.post('/api/persons/similar', { phones: ['+91 70000 55555'] })).statusCode,
    ).toBe(200);
    const audited = await subject.database.db
      .selectFrom('audit_event')
      .select('actor_user_id')
      .where('action', '=', 'identity.similar_searched')
      .execute();
    // The refused search never reached the indexes, so it is not counted as one.
    expect(audited).toHaveLength(4);
  });
});
