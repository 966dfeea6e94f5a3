import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { aUser, anOrganisation, signedIn, type Client } from '../../test/fixtures.ts';
import { testDatabaseKind } from '../../test/test-database.ts';

/** PostgreSQL refuses U+0000 in text: such a request must be a 400 naming the field, not a 500. */
describe(`a NUL character anywhere in a request (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let client: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test NUL Trust');
    const worker = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    client = await signedIn(subject.app, worker);
  });
  afterAll(() => subject.close());

  const issuePath = (response: { body: string }) =>
    (JSON.parse(response.body) as { error: { issues: { path: string }[] } }).error.issues[0]?.path;

  it('in a search: 400 on query.search', async () => {
    for (const url of ['/api/persons?search=ab%00cd', '/api/officials?search=ab%00cd']) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(issuePath(response), url).toBe('query.search');
    }
  });

  it('in a path parameter: 400 on params.id', async () => {
    const response = await client.get('/api/persons/ab%00cd');
    expect(response.statusCode).toBe(400);
    expect(issuePath(response)).toBe('params.id');
  });

  it('in a JSON body, nested in an array: 400 naming the element', async () => {
    const response = await client.post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      originState: 'West\u0000Bengal',
      languages: ['bn', 'h\u0000i'],
    });
    expect(response.statusCode).toBe(400);
    expect(issuePath(response)).toBe('body.originState');
  });

  it('a body nested 100,000 levels deep: 400 on body, not a 500 (the walk overflowed the stack)', async () => {
    for (const payload of [
      `{"sex":"female","ageBand":"unknown","languages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      `{"sex":"female","ageBand":"unknown","identity":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
    ]) {
      const response = await client.send('POST', '/api/persons', payload, {
        'content-type': 'application/json',
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({
        error: {
          code: 'VALIDATION_FAILED',
          issues: [
            { path: 'body', message: `nests deeper than 32 levels; no request of Dawn's does` },
          ],
        },
      });
    }
  });

  it('a garbled link (an escape that is not UTF-8) or a path part longer than any id: 400 in Dawn’s shape', async () => {
    // Before, Fastify's router answered these itself: `{"error":"Bad Request","code":"FST_…"}`.
    for (const [url, message] of [
      [
        '/api/persons/%E0%A4',
        'The address is not valid (a %-escape that is not text); check the link.',
      ],
      [
        `/api/persons/${'a'.repeat(500)}`,
        'A part of the address is longer than any id; check the link.',
      ],
    ]) {
      const response = await client.get(url ?? '');
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ error: { code: 'VALIDATION_FAILED', message } });
    }
  });

  it('before sign-in too: 400, and nothing stored', async () => {
    const response = await subject.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'someone@test.dawn.example', password: 'a\u0000b long enough' },
    });
    expect(response.statusCode).toBe(400);
    expect(issuePath(response)).toBe('body.password');
  });
});
