import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { testDatabaseKind } from './test-database.ts';

/**
 * Issue 11: the legal-case and rescue-operation lists page by keyset (`after=<nextCursor>`), and
 * walking the pages gives every row once, in the list's order, as the numbered pages do.
 */
describe(`keyset paging of legal cases and rescue operations (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Keyset Trust');
    const db = subject.deps.db;
    // 13 legal cases: hearings shared by several cases, and 5 with none (last, newest first).
    // Every other case under BNS 143(4); POCSO 6 on three cases without a hearing, the list's last.
    for (let i = 0; i < 13; i += 1) {
      await db
        .insertInto('legal_case')
        .values({
          organisation_id: organisationId,
          forum: 'sessions',
          next_hearing_at: i < 8 ? new Date(Date.UTC(2031, 0, 1 + (i % 3), 5, 30)) : null,
          offences: [...(i % 2 === 0 ? ['BNS:143(4)'] : []), ...(i >= 10 ? ['POCSO:6'] : [])],
        } as never)
        .execute();
    }
    // 11 rescue operations on 3 days: ties broken by id.
    for (let i = 0; i < 11; i += 1) {
      await db
        .insertInto('rescue_operation')
        .values({
          organisation_id: organisationId,
          occurred_at: sql<Date>`${`2026-0${1 + (i % 3)}-10T04:00:00Z`}::timestamptz`,
          district: 'Test District',
          legal_basis: 'ITPA:15',
        } as never)
        .execute();
    }
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
  });
  afterAll(async () => {
    await subject.close();
  });

  async function walk(path: string, key: string, filter = ''): Promise<string[]> {
    const ids: string[] = [];
    let after = '';
    for (let page = 0; page < 10; page += 1) {
      const response = await manager.get(
        `${path}?limit=5&count=none${filter ? `&${filter}` : ''}${after}`,
      );
      expect(response.statusCode).toBe(200);
      const body = response.json<Record<string, unknown> & { nextCursor: string | null }>();
      expect(body.total).toBeUndefined();
      ids.push(...(body[key] as { id: string }[]).map((row) => row.id));
      if (!body.nextCursor) return ids;
      after = `&after=${encodeURIComponent(body.nextCursor)}`;
    }
    return ids;
  }

  it('walks every legal case once, in the order of the numbered list', async () => {
    const whole = await manager.get('/api/legal-cases?limit=100');
    const body = whole.json<{ legalCases: { id: string }[]; total: number }>();
    expect(body.total).toBe(13);
    expect(await walk('/api/legal-cases', 'legalCases')).toEqual(
      body.legalCases.map((row) => row.id),
    );
  });

  it('walks the cases of one offence once, in the list’s order, by keyset and by numbered pages', async () => {
    // The page is looked for in the first rows of the hearing order, else read through the
    // offence's own index and sorted (issue 11): a common offence (7 of 13 cases, its second page
    // past the first rows' page), a rare one sorting last, and one no case holds.
    const whole = (await manager.get('/api/legal-cases?limit=100')).json<{
      legalCases: { id: string; offences: { code: string }[] }[];
    }>().legalCases;
    for (const [offence, cases] of [
      ['BNS:143(4)', 7],
      ['POCSO:6', 3],
      ['ITPA:5', 0],
    ] as const) {
      const expected = whole
        .filter((row) => row.offences.some((held) => held.code === offence))
        .map((row) => row.id);
      expect(expected).toHaveLength(cases);
      const filter = `offence=${encodeURIComponent(offence)}`;
      expect(await walk(`/api/legal-cases`, 'legalCases', filter)).toEqual(expected);
      const numbered: string[] = [];
      for (let offset = 0; offset < 8; offset += 2) {
        const page = (
          await manager.get(`/api/legal-cases?${filter}&limit=2&offset=${offset}`)
        ).json<{ legalCases: { id: string }[]; total: number }>();
        expect(page.total).toBe(expected.length);
        numbered.push(...page.legalCases.map((row) => row.id));
      }
      expect(numbered).toEqual(expected);
    }
  });

  it('walks every rescue operation once, newest first', async () => {
    const whole = await manager.get('/api/rescue-operations?limit=100');
    const body = whole.json<{ rescueOperations: { id: string; occurredAt: string }[] }>();
    expect(body.rescueOperations).toHaveLength(11);
    const walked = await walk('/api/rescue-operations', 'rescueOperations');
    expect(walked).toEqual(body.rescueOperations.map((row) => row.id));
    const days = body.rescueOperations.map((row) => row.occurredAt.slice(0, 10));
    expect(days).toEqual([...days].sort().reverse());
  });

  it('says plainly when a cursor is not one the list gave', async () => {
    const response = await manager.get('/api/legal-cases?after=not-a-cursor');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toBe(
      'after: is not a cursor this list gave',
    );
  });
});
