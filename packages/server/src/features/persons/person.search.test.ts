import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * Issue 11: the persons list searched by part of a pseudonym compares with the pseudonym stored
 * lowered (0037d), not `ilike` row by row. A worker and a programme manager find the same persons,
 * in the same order, as `pseudonym ilike '%…%'` finds, whatever the case they type, page by page
 * (keyset and numbered), and never another organisation's person.
 */
describe(`the persons list searched by pseudonym (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;
  let manager: Client;
  let organisationId: string;

  const PSEUDONYMS = [
    'Meera-7KQ2X',
    'MEERA-AB12C',
    'meera-xy9zz',
    'Ámala-01',
    'ámala-02',
    'ÁMALA-03',
    ...Array.from({ length: 10 }, (_, index) => `Bina-K${index}Q`),
  ];

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Searched Names Trust');
    const workerUser = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    worker = await signedIn(subject.app, workerUser);
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    // The worker records each person (so is on their team); then each gets its test pseudonym
    // and an instant shared by two persons at a time, so pages break ties by id.
    for (const [index, pseudonym] of PSEUDONYMS.entries()) {
      const created = await worker.post('/api/persons', {
        sex: 'female',
        ageBand: '25-34',
        languages: [],
      });
      expect(created.statusCode, created.body).toBe(201);
      await subject.deps.db
        .updateTable('person')
        .set({
          pseudonym,
          created_at: sql<Date>`${`2026-03-${String(10 + Math.floor(index / 2)).padStart(2, '0')}T04:00:00Z`}::timestamptz`,
        })
        .where('id', '=', created.json<{ id: string }>().id)
        .execute();
    }
    // Another organisation's Meera: found by no one here.
    const elsewhere = await anOrganisation(subject.deps, 'Test Elsewhere Trust');
    const outsider = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId: elsewhere }),
    );
    const theirs = await outsider.post('/api/persons', {
      sex: 'female',
      ageBand: '25-34',
      languages: [],
    });
    await subject.deps.db
      .updateTable('person')
      .set({ pseudonym: 'Meera-ELSE1' })
      .where('id', '=', theirs.json<{ id: string }>().id)
      .execute();
  });
  afterAll(() => subject.close());

  /** What `pseudonym ilike` finds in the organisation, newest first: the list's answer before. */
  async function expectedFor(search: string): Promise<string[]> {
    const rows = await subject.deps.db
      .selectFrom('person')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('pseudonym', 'ilike', `%${search}%`)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => row.id);
  }

  async function walked(client: Client, search: string): Promise<string[]> {
    const ids: string[] = [];
    let after = '';
    for (let page = 0; page < 20; page += 1) {
      const response = await client.get(
        `/api/persons?search=${encodeURIComponent(search)}&limit=2&count=estimate${after}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<{
        persons: { id: string }[];
        totalEstimate?: number;
        nextCursor: string | null;
      }>();
      expect(body.totalEstimate).toBeTypeOf('number');
      ids.push(...body.persons.map((person) => person.id));
      if (!body.nextCursor) return ids;
      after = `&after=${encodeURIComponent(body.nextCursor)}`;
    }
    return ids;
  }

  async function numbered(client: Client, search: string): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; offset < PSEUDONYMS.length; offset += 3) {
      const response = await client.get(
        `/api/persons?search=${encodeURIComponent(search)}&limit=3&offset=${offset}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<{ persons: { id: string }[]; total: number }>();
      expect(body.total).toBe((await expectedFor(search)).length);
      ids.push(...body.persons.map((person) => person.id));
    }
    return ids;
  }

  it('finds a pseudonym whatever the case typed, as ilike did, and nothing of another organisation', async () => {
    for (const [search, found] of [
      ['meera', 3],
      ['MEERA', 3],
      ['Meera-7kq2x', 1],
      ['bina-k', 10],
      ['a', PSEUDONYMS.length],
      ['nobody-here', 0],
    ] as const) {
      const expected = await expectedFor(search);
      expect(expected, search).toHaveLength(found);
      for (const client of [worker, manager]) {
        expect(await walked(client, search), search).toEqual(expected);
        expect(await numbered(client, search), search).toEqual(expected);
      }
    }
  });

  it('folds letters beyond ASCII as ilike does', async () => {
    for (const search of ['ámala', 'ÁMALA', 'Ámala-0']) {
      const expected = await expectedFor(search);
      expect(expected.length, search).toBeGreaterThan(0);
      for (const client of [worker, manager])
        expect(await walked(client, search), search).toEqual(expected);
    }
  });
});
