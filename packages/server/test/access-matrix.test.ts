import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn, type TestUser } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { testDatabaseKind } from './test-database.ts';

/**
 * Role × endpoint → what a caller gets. Written out by hand (not derived from the grants table)
 * so that a change to the grants that changes who may do what fails here until it is meant.
 * 'ok' is 200/201; 404 is "not for you" (never 403, which would confirm the thing exists).
 */
type Outcome = 'ok' | 404;
interface Row {
  name: string;
  method: 'GET' | 'POST';
  url: string | ((subject: Fixture) => string);
  body?: (subject: Fixture) => unknown;
  expected: Record<Role, Outcome>;
}
interface Fixture {
  organisationId: string;
  otherUserId: string;
}

const only = (roles: Role[]): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((role) => [role, roles.includes(role) ? 'ok' : 404])) as Record<
    Role,
    Outcome
  >;

const MATRIX: Row[] = [
  {
    name: 'check a spreadsheet import (dry run)',
    method: 'POST',
    url: '/api/imports/dry-run',
    body: () => ({
      fileBase64: Buffer.from('ID,Name,Sex\nA-1,Test Kabadala,female\n').toString('base64'),
    }),
    expected: only(['program_manager']),
  },
  {
    name: 'list users',
    method: 'GET',
    url: '/api/users',
    expected: only(['admin', 'program_manager', 'auditor']),
  },
  {
    name: 'create a user',
    method: 'POST',
    url: '/api/users',
    body: (fixture) => ({
      email: `matrix.${Math.random().toString(36).slice(2)}@test.dawn.example`,
      displayName: 'Matrix Person',
      roles: ['analyst'],
      organisationId: fixture.organisationId,
    }),
    expected: only(['admin']),
  },
  {
    name: 'reset a password',
    method: 'POST',
    url: (fixture) => `/api/users/${fixture.otherUserId}/reset-password`,
    expected: only(['admin']),
  },
  { name: 'search the audit trail', method: 'GET', url: '/api/audit', expected: only(['auditor']) },
  {
    name: 'list organisations',
    method: 'GET',
    url: '/api/organisations',
    expected: only([...ROLES]),
  },
  { name: 'list own API tokens', method: 'GET', url: '/api/tokens', expected: only([...ROLES]) },
  {
    name: 'export the HTCDS file',
    method: 'POST',
    url: '/api/exports',
    body: () => ({ dataset: 'htcds' }),
    expected: only(['program_manager', 'analyst']),
  },
  {
    name: 'list webhook endpoints',
    method: 'GET',
    url: '/api/webhooks/endpoints',
    expected: only(['admin']),
  },
];

describe(`access matrix: users, audit, organisations, tokens (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const clients = new Map<Role, Client>();
  let fixture: Fixture;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Trust');
    const other = await aUser(subject.deps, { roles: ['analyst'], organisationId });
    fixture = { organisationId, otherUserId: other.id };
    for (const role of ROLES) {
      const user: TestUser = await aUser(subject.deps, {
        roles: [role],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
      });
      clients.set(role, await signedIn(subject.app, user));
    }
  });
  afterAll(() => subject.close());

  for (const row of MATRIX) {
    it(`${row.name}: ${ROLES.map((role) => `${role} ${row.expected[role]}`).join(', ')}; signed out 401`, async () => {
      const url = typeof row.url === 'string' ? row.url : row.url(fixture);
      const actual: Record<string, 'ok' | number> = {};
      for (const role of ROLES) {
        const client = clients.get(role);
        if (!client) throw new Error(`no client for ${role}`);
        const response = await client.request(
          row.method,
          url,
          row.body?.(fixture) ?? (row.method === 'POST' ? {} : undefined),
        );
        actual[role] =
          response.statusCode === 200 || response.statusCode === 201 ? 'ok' : response.statusCode;
      }
      expect(actual).toEqual(row.expected);
      const anonymous = await new Client(subject.app).request(row.method, url, row.body?.(fixture));
      expect(anonymous.statusCode).toBe(401);
    });
  }

  it('audits every denial, naming the permission and never a person', async () => {
    const denials = await subject.database.db
      .selectFrom('audit_event')
      .select(['details', 'outcome'])
      .where('action', '=', 'access.denied')
      .execute();
    expect(denials.length).toBeGreaterThan(10);
    for (const denial of denials) {
      expect(denial.outcome).toBe('denied');
      expect(Object.keys(denial.details)).toEqual(['permission']);
    }
  });
});
