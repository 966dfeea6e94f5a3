import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * Role × endpoint for legal cases, rescue operations, hearings, compensation and reports. Written
 * by hand. The callers are in the case's organisation but on no team and with nothing shared to
 * them, so team and shared scopes reach lists (200, empty) but not the records (404).
 */
type Outcome = 'ok' | 404;
interface Fixture {
  caseId: string;
  operationId: string;
}
interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string | ((fixture: Fixture) => string);
  body?: () => unknown;
  expected: Record<Role, Outcome>;
}

const only = (roles: Role[]): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((role) => [role, roles.includes(role) ? 'ok' : 404])) as Record<
    Role,
    Outcome
  >;

const MATRIX: Row[] = [
  {
    name: 'list legal cases',
    method: 'GET',
    url: '/api/legal-cases',
    expected: only(['legal_officer', 'program_manager', 'partner_official']),
  },
  {
    name: 'open a legal case',
    method: 'POST',
    url: '/api/legal-cases',
    body: () => ({ offences: ['ITPA:5'] }),
    expected: only(['legal_officer', 'program_manager']),
  },
  {
    name: 'read a legal case',
    method: 'GET',
    url: (fixture) => `/api/legal-cases/${fixture.caseId}`,
    expected: only(['program_manager']),
  },
  {
    name: 'change a legal case',
    method: 'PATCH',
    url: (fixture) => `/api/legal-cases/${fixture.caseId}`,
    body: () => ({ forum: 'sessions' }),
    expected: only(['program_manager']),
  },
  {
    name: 'read the timeline',
    method: 'GET',
    url: (fixture) => `/api/legal-cases/${fixture.caseId}/events`,
    expected: only(['program_manager']),
  },
  {
    name: 'record an event',
    method: 'POST',
    url: (fixture) => `/api/legal-cases/${fixture.caseId}/events`,
    body: () => ({
      type: 'victim.informed_of_progress',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    }),
    expected: only(['program_manager']),
  },
  {
    name: 'read obligations',
    method: 'GET',
    url: (fixture) => `/api/legal-cases/${fixture.caseId}/obligations`,
    expected: only(['program_manager']),
  },
  {
    name: 'list testimony preparations',
    method: 'GET',
    url: (fixture) => `/api/legal-cases/${fixture.caseId}/testimony-preparations`,
    expected: only(['program_manager']),
  },
  {
    name: 'hearings calendar',
    method: 'GET',
    url: '/api/hearings?month=2025-05',
    expected: only(['legal_officer', 'program_manager', 'partner_official']),
  },
  {
    name: 'create a calendar feed',
    method: 'POST',
    url: '/api/hearings/feed',
    expected: only(['legal_officer', 'program_manager', 'partner_official']),
  },
  {
    name: 'compensation claims',
    method: 'GET',
    url: '/api/compensation/claims?order=waiting',
    expected: only(['legal_officer', 'program_manager', 'partner_official']),
  },
  {
    name: 'chosen-few report',
    method: 'GET',
    url: '/api/reports/chosen-few?from=2025-01-01&to=2025-12-31',
    expected: only(['program_manager', 'analyst']),
  },
  {
    name: 'list rescue operations',
    method: 'GET',
    url: '/api/rescue-operations',
    expected: only(['social_worker', 'legal_officer', 'program_manager', 'partner_official']),
  },
  {
    name: 'record a rescue operation',
    method: 'POST',
    url: '/api/rescue-operations',
    body: () => ({
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      district: 'Test District',
      legalBasis: 'ITPA:15',
    }),
    expected: only(['social_worker', 'legal_officer', 'program_manager']),
  },
  {
    name: 'read a rescue operation',
    method: 'GET',
    url: (fixture) => `/api/rescue-operations/${fixture.operationId}`,
    // The organisation's case staff see its rescues (issue 12 §4); the recorder is not a reader here.
    expected: only(['social_worker', 'program_manager']),
  },
  {
    // Needs the operation (team or organisation) and care_case:write: the organisation's social
    // workers and its manager.
    name: 'open care cases from a rescue operation',
    method: 'POST',
    url: (fixture) => `/api/rescue-operations/${fixture.operationId}/care-cases`,
    body: () => ({}),
    expected: only(['social_worker', 'program_manager']),
  },
];

describe(`access matrix: legal cases, rescue operations, hearings, reports (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const clients = new Map<Role, Client>();
  let fixture: Fixture;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Trust');
    const owner = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    const legalCase = await owner.post('/api/legal-cases', { offences: ['ITPA:5'] });
    const operation = await owner.post('/api/rescue-operations', {
      occurredAt: '2025-01-10T02:00:00+05:30',
      district: 'Test District',
      legalBasis: 'ITPA:15',
    });
    fixture = {
      caseId: legalCase.json<{ id: string }>().id,
      operationId: operation.json<{ id: string }>().id,
    };
    for (const role of ROLES) {
      const user = await aUser(subject.deps, {
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
          row.body?.() ?? (row.method === 'GET' ? undefined : {}),
        );
        actual[role] =
          response.statusCode === 200 || response.statusCode === 201 ? 'ok' : response.statusCode;
      }
      expect(actual).toEqual(row.expected);
      const anonymous = await new Client(subject.app).request(row.method, url, row.body?.());
      expect(anonymous.statusCode).toBe(401);
    });
  }

  it('an unknown calendar feed token is a 404, not a 401', async () => {
    const response = await subject.app.inject({
      method: 'GET',
      url: `/api/calendar/${'A'.repeat(43)}.ics`,
    });
    expect(response.statusCode).toBe(404);
  });
});
