import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/** The calendar feed's URL is a secret: it never reaches a log, and its owner can replace it. */
describe(`the calendar feed link (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: Client;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Feed Trust');
    officer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
  });
  afterAll(() => subject.close());

  const fetchFeed = (path: string) => subject.app.inject({ method: 'GET', url: path });

  it('is written to the request log with its token redacted', async () => {
    const path = (await officer.post('/api/hearings/feed')).json<{ path: string }>().path;
    const token = path.slice('/api/calendar/'.length, -'.ics'.length);
    expect((await fetchFeed(path)).statusCode).toBe(200);
    expect(subject.logs()).toContain('/api/calendar/[redacted]');
    expect(subject.logs()).not.toContain(token);
  });

  it('can be rotated: the new link works, the old one answers 404', async () => {
    const old = (await officer.post('/api/hearings/feed')).json<{ path: string }>().path;
    const rotated = await officer.post('/api/hearings/feed');
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json<{ path: string }>().path;
    expect(fresh).not.toBe(old);
    expect((await fetchFeed(fresh)).statusCode).toBe(200);
    expect((await fetchFeed(old)).statusCode).toBe(404);
  });

  it('tells its owner whether she has one and when a calendar last read it, never its address', async () => {
    const other = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    expect((await other.get('/api/hearings/feed')).json()).toEqual({ feed: null });
    const path = (await other.post('/api/hearings/feed')).json<{ path: string }>().path;
    const made = (await other.get('/api/hearings/feed')).json<{
      feed: { createdAt: string; lastUsedAt: string | null };
    }>();
    expect(made.feed.lastUsedAt).toBeNull();
    expect(Date.now() - Date.parse(made.feed.createdAt)).toBeLessThan(60_000);
    expect(JSON.stringify(made)).not.toContain(path.slice('/api/calendar/'.length, -4));
    expect((await fetchFeed(path)).statusCode).toBe(200);
    const read = (await other.get('/api/hearings/feed')).json<{
      feed: { lastUsedAt: string | null };
    }>();
    expect(read.feed.lastUsedAt).not.toBeNull();
    expect((await other.request('DELETE', '/api/hearings/feed')).statusCode).toBe(200);
    expect((await other.get('/api/hearings/feed')).json()).toEqual({ feed: null });
  });
});
