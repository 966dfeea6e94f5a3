import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { allItems } from './care-case.test-support.ts';

/**
 * Role × care-case endpoint → outcome, written out by hand. The case was opened by someone outside
 * the matrix and is placed in another organisation's shelter, so no role reaches it through a
 * team or a placement: only organisation-wide grants see it. 'ok' is 200/201; 404 hides it.
 */
type Outcome = 'ok' | 404;
interface Fixture {
  caseId: string;
  planId: () => string;
  taskId: () => string;
  consentId: () => string;
  memberId: string;
}
interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: (fixture: Fixture) => string;
  body?: (fixture: Fixture) => unknown;
  allowed: Role[];
}

const READERS: Role[] = [
  'social_worker',
  'counsellor',
  'shelter_staff',
  'program_manager',
  'partner_official',
];
const MANAGER: Role[] = ['program_manager'];

const MATRIX: Row[] = [
  { name: 'list care cases', method: 'GET', url: () => '/api/care-cases', allowed: READERS },
  { name: 'my work', method: 'GET', url: () => '/api/my-work', allowed: READERS },
  { name: 'care settings', method: 'GET', url: () => '/api/care-settings', allowed: READERS },
  {
    name: 'set care settings',
    method: 'PUT',
    url: () => '/api/care-settings',
    body: () => ({}),
    allowed: MANAGER,
  },
  {
    name: 'open a case, creating the person',
    method: 'POST',
    url: () => '/api/care-cases',
    body: () => ({ person: { sex: 'female', ageBand: '12-14', languages: [] } }),
    allowed: ['social_worker', 'program_manager'],
  },
  {
    name: 'read a case',
    method: 'GET',
    url: (f) => `/api/care-cases/${f.caseId}`,
    allowed: MANAGER,
  },
  {
    name: 'read its timeline',
    method: 'GET',
    url: (f) => `/api/care-cases/${f.caseId}/timeline`,
    allowed: MANAGER,
  },
  {
    name: 'record an event',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/events`,
    body: () => ({
      type: 'note.case',
      occurredAt: new Date().toISOString(),
      data: { text: 'matrix note' },
    }),
    allowed: MANAGER,
  },
  {
    name: 'add a team member',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/team`,
    body: (f) => ({ userId: f.memberId }),
    allowed: MANAGER,
  },
  {
    name: 'list consents',
    method: 'GET',
    url: (f) => `/api/care-cases/${f.caseId}/consents`,
    allowed: MANAGER,
  },
  {
    name: 'record consent',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/consents`,
    body: () => ({
      purpose: 'photo',
      givenAt: new Date().toISOString(),
      givenBy: 'survivor',
      method: 'written',
      language: 'bn',
    }),
    allowed: MANAGER,
  },
  {
    name: 'withdraw consent',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/consents/${f.consentId()}/withdraw`,
    body: () => ({}),
    allowed: MANAGER,
  },
  {
    name: 'list care plans',
    method: 'GET',
    url: (f) => `/api/care-cases/${f.caseId}/care-plans`,
    allowed: MANAGER,
  },
  {
    name: 'draft a care plan',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/care-plans`,
    body: () => ({ summary: 'matrix plan', goals: [{ domain: 'safety', description: 'safe' }] }),
    allowed: MANAGER,
  },
  {
    name: 'edit a draft plan',
    method: 'PUT',
    url: (f) => `/api/care-cases/${f.caseId}/care-plans/${f.planId()}`,
    body: () => ({ summary: 'matrix plan 2', goals: [{ domain: 'safety', description: 'safe' }] }),
    allowed: MANAGER,
  },
  {
    name: 'approve a care plan',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/care-plans/${f.planId()}/approve`,
    allowed: MANAGER,
  },
  {
    name: 'list assessments',
    method: 'GET',
    url: (f) => `/api/care-cases/${f.caseId}/assessments`,
    allowed: MANAGER,
  },
  {
    name: 'record an assessment',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/assessments`,
    body: () => ({ assessedAt: new Date().toISOString(), items: allItems(2) }),
    allowed: MANAGER,
  },
  {
    name: 'list a case’s tasks',
    method: 'GET',
    url: (f) => `/api/care-cases/${f.caseId}/tasks`,
    allowed: MANAGER,
  },
  {
    name: 'add a task',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/tasks`,
    body: () => ({ title: 'matrix task', dueAt: new Date().toISOString() }),
    allowed: MANAGER,
  },
  {
    name: 'complete a task',
    method: 'POST',
    url: (f) => `/api/tasks/${f.taskId()}/complete`,
    allowed: MANAGER,
  },
  {
    name: 'remove a team member',
    method: 'DELETE',
    url: (f) => `/api/care-cases/${f.caseId}/team/${f.memberId}`,
    allowed: MANAGER,
  },
];

describe(`access matrix: care cases (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let author: Client;
  const clients = new Map<Role, Client>();
  let fixture: Fixture;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Care Trust');
    const shelterId = await anOrganisation(subject.deps, 'Test Matrix Shelter', 'shelter_home');
    for (const role of ROLES) {
      const user = await aUser(subject.deps, {
        roles: [role],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
      });
      clients.set(role, await signedIn(subject.app, user));
    }
    author = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    const member = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    const opened = await author.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: [] },
    });
    const caseId = opened.json<{ id: string }>().id;
    await author.post(`/api/care-cases/${caseId}/events`, {
      type: 'placement.started',
      occurredAt: new Date().toISOString(),
      data: { organisationId: shelterId, placementKind: 'shelter_home' },
    });
    // Fresh targets per call: a plan approved or a task completed once cannot be again.
    const freshPlan = async () =>
      (
        await author.post(`/api/care-cases/${caseId}/care-plans`, {
          summary: 'author plan',
          goals: [{ domain: 'safety', description: 'safe' }],
        })
      ).json<{ id: string }>().id;
    const freshTask = async () =>
      (
        await author.post(`/api/care-cases/${caseId}/tasks`, {
          title: 'author task',
          dueAt: new Date().toISOString(),
        })
      ).json<{ id: string }>().id;
    const freshConsent = async () =>
      (
        await author.post(`/api/care-cases/${caseId}/consents`, {
          purpose: 'services',
          givenAt: new Date().toISOString(),
          givenBy: 'survivor',
          method: 'written',
          language: 'bn',
        })
      ).json<{ id: string }>().id;
    const pool = { plans: [] as string[], tasks: [] as string[], consents: [] as string[] };
    for (let index = 0; index < ROLES.length + 1; index += 1) {
      pool.plans.push(await freshPlan(), await freshPlan());
      pool.tasks.push(await freshTask());
      pool.consents.push(await freshConsent());
    }
    const take = (list: string[]) => () => list.shift() ?? 'missing';
    fixture = {
      caseId,
      planId: take(pool.plans),
      taskId: take(pool.tasks),
      consentId: take(pool.consents),
      memberId: member.id,
    };
  });
  afterAll(() => subject.close());

  for (const row of MATRIX) {
    it(`${row.name}: ${row.allowed.join(', ')}; others 404; signed out 401`, async () => {
      const actual: Record<string, 'ok' | number> = {};
      for (const role of ROLES) {
        const client = clients.get(role);
        if (!client) throw new Error(`no client for ${role}`);
        const response = await client.request(
          row.method,
          row.url(fixture),
          row.body?.(fixture) ?? (row.method === 'POST' || row.method === 'PUT' ? {} : undefined),
        );
        actual[role] =
          response.statusCode === 200 || response.statusCode === 201 ? 'ok' : response.statusCode;
      }
      const expected = Object.fromEntries(
        ROLES.map((role): [Role, Outcome] => [role, row.allowed.includes(role) ? 'ok' : 404]),
      );
      expect(actual).toEqual(expected);
      const anonymous = await new Client(subject.app).request(
        row.method,
        row.url(fixture),
        row.body?.(fixture),
      );
      expect(anonymous.statusCode).toBe(401);
    });
  }
});
