import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../src/platform/db/keyset.ts';
import { aStandInDeadline, aUser, anOrganisation, signedIn, type Client } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { testDatabaseKind } from './test-database.ts';

/**
 * Issue 11: a keyset list reads one row more than its page, so a page that ends the list exactly
 * has no cursor (Next would have shown an empty page), every row comes once across the pages, and
 * a cursor made by hand is refused with the field named. Four rows of each list are in scope.
 */
const ROWS = 4;

describe(`keyset lists end without a cursor on an exactly full page (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let worker: Client;
  let admin: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Full Page Trust');
    const db = subject.deps.db;
    const workerUser = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    const managerUser = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: true,
    });
    const at = '2026-03-01T04:00:00Z';
    for (let i = 0; i < ROWS; i += 1) {
      const person = await db
        .insertInto('person')
        .values({
          pseudonym: `Test-Full-${i}`,
          organisation_id: organisationId,
          sex: 'female',
          age_band: '18-24',
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const careCase = await db
        .insertInto('care_case')
        .values({
          code: `CC-FULL-${i}`,
          organisation_id: organisationId,
          person_id: person.id,
          // Two pairs opened at the same instant: page boundaries fall inside equal keys.
          opened_at: sql<Date>`${at}::timestamptz - make_interval(days => ${i % 2})`,
          phase: 'intake',
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('team_membership')
        .values({
          entity_type: 'care_case',
          entity_id: careCase.id,
          user_id: workerUser.id,
        })
        .execute();
      // One overdue task and three due later, two of them at the same instant.
      await db
        .insertInto('task')
        .values({
          case_id: careCase.id,
          kind: 'manual',
          title: `Test task ${i}`,
          assignee_id: workerUser.id,
          due_at: sql<Date>`now() + make_interval(days => ${i === 0 ? -3 : Math.min(i, 2)})`,
        } as never)
        .execute();
      await db
        .insertInto('legal_case')
        .values({ organisation_id: organisationId, forum: 'sessions' } as never)
        .execute();
      await db
        .insertInto('rescue_operation')
        .values({
          organisation_id: organisationId,
          occurred_at: sql<Date>`${at}::timestamptz`,
          district: 'Test District',
          legal_basis: 'ITPA:15',
        } as never)
        .execute();
      await db
        .insertInto('training_programme')
        .values({
          organisation_id: organisationId,
          title: `Test programme ${i}`,
          topic: 'Test topic',
          created_at: sql<Date>`${at}::timestamptz`,
        })
        .execute();
    }
    const legalCase = await db
      .selectFrom('legal_case')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < ROWS; i += 1) {
      await db
        .insertInto('obligation')
        .values(
          aStandInDeadline({
            caseId: legalCase.id,
            organisationId,
            caseCode: 'Legal case',
            key: `full-${i}`,
            rule: 'IN.TEST.FULL',
            startsAt: sql<Date>`now()`,
            dueAt: sql<Date>`now() + interval '20 days'`,
          }),
        )
        .execute();
    }
    manager = await signedIn(subject.app, managerUser);
    worker = await signedIn(subject.app, workerUser);
    const adminUser = await aUser(subject.deps, {
      roles: ['admin'],
      organisationId,
      twoFactor: true,
    });
    const endpoint = await db
      .insertInto('webhook_endpoint')
      .values({
        organisation_id: organisationId,
        url: 'https://hooks.example.test/dawn',
        event_types: ['case.opened'],
        secret_sealed: 'not-a-real-secret',
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < ROWS; i += 1) {
      await db
        .insertInto('webhook_delivery')
        .values({
          message_id: `msg_full_${i}`,
          endpoint_id: endpoint.id,
          organisation_id: organisationId,
          event_type: 'case.opened',
          payload: sql`'{}'::jsonb`,
          created_at: sql<Date>`${at}::timestamptz`,
        } as never)
        .execute();
    }
    admin = await signedIn(subject.app, adminUser);
  }, 240_000);
  afterAll(async () => {
    await subject.close();
  });

  const lists = [
    { name: 'care cases', path: '/api/care-cases', key: 'cases', as: () => manager },
    { name: 'persons', path: '/api/persons', key: 'persons', as: () => manager },
    { name: 'legal cases', path: '/api/legal-cases', key: 'legalCases', as: () => manager },
    {
      name: 'rescue operations',
      path: '/api/rescue-operations',
      key: 'rescueOperations',
      as: () => manager,
    },
    { name: 'deadlines', path: '/api/obligations', key: 'obligations', as: () => manager },
    {
      name: 'training programmes',
      path: '/api/trainings/programmes',
      key: 'programmes',
      as: () => manager,
    },
    { name: 'my cases', path: '/api/my-work/cases', key: 'cases', as: () => worker },
    { name: 'my tasks', path: '/api/my-work/tasks', key: 'tasks', as: () => worker },
    {
      name: 'webhook deliveries',
      path: '/api/webhooks/deliveries',
      key: 'deliveries',
      as: () => admin,
    },
  ] as const;

  const page = async (client: Client, path: string, key: string, limit: number, after?: string) => {
    const query = `limit=${limit}&count=none&fields=list${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const response = await client.get(`${path}?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Record<string, unknown>>();
    return {
      rows: body[key] as { id: string; overdue?: boolean; dueAt?: string }[],
      nextCursor: body.nextCursor as string | null,
    };
  };

  for (const list of lists) {
    it(`${list.name}: a page holding exactly the last rows has no next cursor`, async () => {
      const whole = await page(list.as(), list.path, list.key, ROWS);
      expect(whole.rows).toHaveLength(ROWS);
      expect(whole.nextCursor).toBeNull();
    });

    it(`${list.name}: pages of three give every row once, in order, and then stop`, async () => {
      const whole = await page(list.as(), list.path, list.key, 100);
      const first = await page(list.as(), list.path, list.key, 3);
      expect(first.rows).toHaveLength(3);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await page(list.as(), list.path, list.key, 3, first.nextCursor ?? '');
      expect(second.rows).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect([...first.rows, ...second.rows].map((row) => row.id)).toEqual(
        whole.rows.map((row) => row.id),
      );
    });

    it(`${list.name}: a cursor made by hand is refused, naming the field`, async () => {
      for (const forged of ['not-a-cursor', encodeCursor(['yesterday', 'x', 'y'])]) {
        const response = await list
          .as()
          .get(`${list.path}?limit=3&after=${encodeURIComponent(forged)}`);
        expect(response.statusCode).toBe(400);
        expect(
          response.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path,
        ).toBe('query.after');
      }
    });
  }

  it('a right-length cursor whose values are not instants or ids is refused, not a 500', async () => {
    for (const [path, values] of [
      ['/api/care-cases', ['yesterday', 'CC-1']],
      ['/api/persons', ['2026-03-01 04:00:00+00', 'not-an-id']],
      ['/api/my-work/tasks', ['soon', '00000000-0000-4000-8000-000000000001']],
    ] as const) {
      const client = path === '/api/my-work/tasks' ? worker : manager;
      const response = await client.get(`${path}?after=${encodeCursor(values)}`);
      expect(response.statusCode, path).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message).toBe(
        'after: is not a cursor this list gave',
      );
    }
  });

  it('the deadlines summary counts in the list’s scope; no legal-case access is not found', async () => {
    const summary = await manager.get('/api/obligations/summary');
    expect(summary.json()).toEqual({ overdue: 0, dueWithinWeek: 0, open: ROWS, metLate: 0 });
    expect((await worker.get('/api/obligations/summary')).statusCode).toBe(404);
  });

  it('my tasks come overdue first, then soonest, across pages', async () => {
    const first = await page(worker, '/api/my-work/tasks', 'tasks', 2);
    const second = await page(worker, '/api/my-work/tasks', 'tasks', 2, first.nextCursor ?? '');
    const tasks = [...first.rows, ...second.rows];
    expect(tasks.map((task) => task.overdue)).toEqual([true, false, false, false]);
    const due = tasks.map((task) => task.dueAt);
    expect(due).toEqual([...due].sort());
  });
});
