import { randomUUID } from 'node:crypto';
import { ROLES } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/features/seed/demo-seed.ts';
import { CONCURRENT_CHANGE_MESSAGE } from '../src/platform/http-errors.ts';
import { aUser, signedIn, type Client } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { testDatabaseKind } from './test-database.ts';
import { changes, choices, sample, type IdFor, type JsonSchema } from './bad-input.test-support.ts';

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content?: { 'application/json'?: { schema: JsonSchema } } };
}

/** The session's own operations: signing out or changing factors would end the test's session. */
const leftOut = (method: string, template: string) =>
  template.startsWith('/api/auth/') && !(method === 'GET' && template === '/api/auth/session');

/** The table whose first id stands for a path's `{id}`, by the path's start. */
const RECORD_OF_PATH: [RegExp, string][] = [
  [/^\/api\/care-cases\//, 'care_case'],
  [/^\/api\/legal-cases\//, 'legal_case'],
  [/^\/api\/persons\//, 'person'],
  [/^\/api\/rescue-operations\//, 'rescue_operation'],
  [/^\/api\/documents\//, 'document'],
  [/^\/api\/editions\//, 'calendar_edition'],
  [/^\/api\/stories\//, 'story'],
  [/^\/api\/trainings\/programmes\//, 'training_programme'],
  [/^\/api\/trainings\/sessions\//, 'training_session'],
  [/^\/api\/trainings\/participants\//, 'training_participant'],
  [/^\/api\/obligations\//, 'obligation'],
  [/^\/api\/alerts\//, 'alert'],
  [/^\/api\/retrafficking\/matches\//, 'retrafficking_match'],
  [/^\/api\/webhooks\/endpoints\//, 'webhook_endpoint'],
  [/^\/api\/webhooks\/deliveries\//, 'webhook_delivery'],
  [/^\/api\/tokens\//, 'api_token'],
  [/^\/api\/imports\//, 'import_job'],
  [/^\/api\/users\//, 'app_user'],
  [/^\/api\/tasks\//, 'task'],
];

/** The table of a body's or a path's id, by the value's name. */
const RECORD_OF_NAME: [RegExp, string][] = [
  [/^planId$/, 'care_plan'],
  [/^goalId$/, 'care_plan_goal'],
  [/^consentId$/, 'consent'],
  [/^taskId$/, 'task'],
  [/person|victim|accused|rescued|arrested/i, 'person'],
  [/official|officer|prosecutor|advocate|trainer/i, 'official'],
  [/user|assignee|staff/i, 'app_user'],
  [/organisation|station|court|shelter|unit|institution/i, 'organisation'],
  [/legalCase/i, 'legal_case'],
  [/careCase|caseId/i, 'care_case'],
  [/document/i, 'document'],
  [/story/i, 'story'],
  [/session/i, 'training_session'],
  [/participant/i, 'training_participant'],
];

/**
 * Hardening: whatever a request brings, Dawn answers with a 4xx that names the problem, never a
 * 5xx. Every operation of Dawn's OpenAPI document is sent a request made from its own schema on
 * the demo organisation's records, then that request with one value changed at a time (an empty
 * or huge text, a date in year 9999 or 1, a number past PostgreSQL's integer, another script, an
 * id of no record or of another kind of record, a value left out), by a user holding every role.
 */
describe(`no request is answered with a server error (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let client: Client;
  /** A few ids of each table, handed out in turn: two persons named in one request differ. */
  const ids = new Map<string, string[]>();
  const handedOut = new Map<string, number>();
  let ownUserId = '';

  beforeAll(async () => {
    subject = await createTestApp();
    await seedDemo(subject.deps.db);
    const organisation = await subject.deps.db
      .selectFrom('organisation')
      .innerJoin('app_user', 'app_user.organisation_id', 'organisation.id')
      .select('organisation.id')
      .where('app_user.roles', '@>', sql<string[]>`array['program_manager']`)
      .executeTakeFirstOrThrow();
    const user = await aUser(subject.deps, {
      roles: [...ROLES],
      organisationId: organisation.id,
      twoFactor: true,
    });
    ownUserId = user.id;
    client = await signedIn(subject.app, user);
    const tables = new Set([...RECORD_OF_PATH, ...RECORD_OF_NAME].map(([, table]) => table));
    for (const table of tables) {
      const rows = await sql<{ id: string }>`select id::text from ${sql.table(table)}
        ${table === 'app_user' ? sql`where id <> ${ownUserId}` : sql``} order by id limit 5`.execute(
        subject.deps.db,
      );
      ids.set(table, rows.rows.length > 0 ? rows.rows.map((row) => row.id) : [randomUUID()]);
    }
  }, 120_000);
  afterAll(() => subject.close());

  const firstId = (table: string) => ids.get(table)?.[0] ?? randomUUID();
  const idFor: IdFor = (name) => {
    const table = RECORD_OF_NAME.find(([pattern]) => pattern.test(name))?.[1] ?? 'person';
    const pool = ids.get(table) ?? [randomUUID()];
    const turn = handedOut.get(table) ?? 0;
    handedOut.set(table, turn + 1);
    return pool[turn % pool.length] ?? randomUUID();
  };

  it('every operation, sent what its schema asks and then one value changed at a time', async () => {
    const document = (await client.get('/api/openapi.json')).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const failures: string[] = [];
    let sent = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [verb, operation] of Object.entries(item)) {
        const method = verb.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
        if (leftOut(method, template)) continue;
        const pick = choices();
        const pathTable = RECORD_OF_PATH.find(([pattern]) => pattern.test(template))?.[1];
        const pathValue = (name: string) => {
          if (name === 'id' && pathTable) return firstId(pathTable);
          const parameter = operation.parameters?.find(
            (each) => each.in === 'path' && each.name === name,
          );
          return String(parameter ? sample(parameter.schema, name, idFor, pick) : name);
        };
        const url = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          encodeURIComponent(pathValue(name)),
        );
        // A page's cursor is one the list gave: the first page has none.
        const query = Object.fromEntries(
          (operation.parameters ?? [])
            .filter(
              (parameter) =>
                parameter.in === 'query' && !['after', 'cursor'].includes(parameter.name),
            )
            .map((parameter) => [
              parameter.name,
              sample(parameter.schema, parameter.name, idFor, pick),
            ]),
        );
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        const body = bodySchema ? sample(bodySchema, 'body', idFor, pick) : undefined;
        const send = async (what: string, search: Record<string, unknown>, payload: unknown) => {
          const queryString = new URLSearchParams(
            Object.entries(search).flatMap(([key, value]) =>
              (Array.isArray(value) ? value : [value]).map((each) => [key, String(each)]),
            ),
          ).toString();
          const response = await client.request(
            method,
            queryString ? `${url}?${queryString}` : url,
            payload,
          );
          sent += 1;
          const answer = `${method} ${template} ${what}: ${response.statusCode} ${response.body.slice(0, 300)}`;
          if (response.statusCode >= 500) failures.push(answer);
          // One request at a time never races: a key it breaks is a check the use-case lacks.
          else if (response.body.includes(CONCURRENT_CHANGE_MESSAGE))
            failures.push(`a lone request answered as a race: ${answer}`);
          else if (response.statusCode >= 400) {
            // A refusal says what is wrong in a sentence, under a code a client can act on.
            const refusal = response.json<{ error?: { code?: unknown; message?: unknown } }>();
            if (
              typeof refusal.error?.code !== 'string' ||
              typeof refusal.error.message !== 'string' ||
              refusal.error.message.length === 0
            )
              failures.push(`not an error body: ${answer}`);
          }
        };
        await send('as its schema asks', query, body);
        for (const change of bodySchema ? changes(bodySchema, body, idFor) : [])
          await send(`${change.path} ${change.label}`, query, change.apply(body));
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in !== 'query') continue;
          // A parameter given twice (`?limit=10&limit=10`) arrives as a list of two.
          const given = query[parameter.name];
          if (given !== undefined && !Array.isArray(given))
            await send(
              `query ${parameter.name} given twice`,
              { ...query, [parameter.name]: [given, given] },
              body,
            );
          for (const change of changes(parameter.schema, query[parameter.name], idFor, 'query'))
            await send(
              `query ${parameter.name} ${change.label}`,
              { ...query, [parameter.name]: change.apply(query[parameter.name]) },
              body,
            );
        }
      }
    }
    expect(sent).toBeGreaterThan(1_000);
    expect(failures).toEqual([]);
  }, 600_000);
});
