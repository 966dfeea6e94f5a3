import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aStandInDeadline,
  aUser,
  anOrganisation,
  signedIn,
  type Client,
} from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

const at = (date: string, time = '11:00') => `${date}T${time}:00+05:30`;

interface Page {
  obligations: { id: string; rule: string; dueAt: string }[];
  nextCursor: string | null;
}

/**
 * The deadlines page pages the cross-case list by keyset: four cases whose accused were arrested
 * and remanded at the same minutes have deadlines due at the same instants under the same rules,
 * so pages of three cut through runs of equal keys, and the id must break the ties.
 */
describe(`the deadlines list, a page at a time (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: Client;
  let organisationId: string;
  let caseId = '';

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    officer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    for (const number of ['51', '52', '53', '54']) {
      const accused = await officer.post('/api/persons', {
        sex: 'male',
        ageBand: '35+',
        languages: [],
      });
      const created = await officer.post('/api/legal-cases', {
        fir: { policeStationId: stationId, number, year: 2025, registeredAt: at('2025-01-09') },
        forum: 'magistrate',
        offences: ['ITPA:3'],
        accused: [accused.json<{ id: string }>().id],
      });
      expect(created.statusCode, created.body).toBe(201);
      caseId = created.json<{ id: string }>().id;
      for (const event of [
        {
          type: 'accused.arrested',
          occurredAt: at('2025-01-10', '10:00'),
          data: { accused: 'A1' },
        },
        {
          type: 'accused.remanded',
          occurredAt: at('2025-01-10', '17:00'),
          data: { accused: 'A1', custody: 'judicial' },
        },
      ]) {
        const response = await officer.post(`/api/legal-cases/${caseId}/events`, event);
        expect(response.statusCode, response.body).toBe(201);
      }
    }
  });
  afterAll(() => subject.close());

  it('pages through deadlines due at the same instant without losing or repeating one', async () => {
    const all = (await officer.get('/api/obligations?fields=list&limit=500')).json<Page>();
    expect(all.nextCursor).toBeNull();
    // Every (due instant, rule) is shared by the four cases: ties everywhere.
    const keys = all.obligations.map((entry) => `${entry.dueAt} ${entry.rule}`);
    expect(all.obligations.length).toBeGreaterThanOrEqual(8);
    expect(new Set(keys).size).toBeLessThanOrEqual(all.obligations.length / 4);

    const paged: string[] = [];
    let after = '';
    for (let pages = 0; pages < 50; pages += 1) {
      const response = await officer.get(
        `/api/obligations?fields=list&limit=3${after ? `&after=${after}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<Page>();
      paged.push(...page.obligations.map((entry) => entry.id));
      if (!page.nextCursor) {
        // The last page says so itself: no cursor to an empty page.
        expect(page.obligations.length).toBeGreaterThan(0);
        break;
      }
      after = page.nextCursor;
    }
    expect(paged).toEqual(all.obligations.map((entry) => entry.id));
  });

  it('refuses a cursor it did not give, saying which field', async () => {
    const response = await officer.get('/api/obligations?after=not-a-cursor');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { issues: { path: string }[] } }>().error.issues).toEqual([
      expect.objectContaining({ path: 'query.after' }),
    ]);
  });

  it('shows 50 deadlines a page unless asked for more, and pages through instants to the microsecond', async () => {
    // Sixty more deadlines of one case, all due within the same millisecond: a cursor cut to
    // milliseconds (as the answer's dueAt is) would repeat them on the next page.
    for (let index = 0; index < 60; index += 1) {
      await subject.deps.db
        .insertInto('obligation')
        .values(
          aStandInDeadline({
            caseId,
            organisationId,
            caseCode: 'Test case',
            key: `test-page-${index}`,
            rule: 'IN.TEST.PAGE',
            startsAt: sql<Date>`'2030-01-01 00:00:00+00'::timestamptz`,
            dueAt: sql<Date>`'2031-01-01 00:00:00+00'::timestamptz + make_interval(secs => ${(100 + index * 10) / 1_000_000})`,
          }),
        )
        .execute();
    }
    const all = (await officer.get('/api/obligations?fields=list&limit=200')).json<Page>();
    expect(all.obligations.length).toBeGreaterThan(60);
    expect(all.obligations.length).toBeLessThan(200);
    expect(all.nextCursor).toBeNull();

    const first = (await officer.get('/api/obligations?fields=list')).json<Page>();
    expect(first.obligations).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await officer.get(`/api/obligations?fields=list&after=${first.nextCursor ?? ''}`)
    ).json<Page>();
    expect(second.nextCursor).toBeNull();
    expect([...first.obligations, ...second.obligations].map((entry) => entry.id)).toEqual(
      all.obligations.map((entry) => entry.id),
    );
    // Answered in milliseconds, as before.
    expect(second.obligations.at(-1)?.dueAt).toBe('2031-01-01T00:00:00.000Z');
  });
});
