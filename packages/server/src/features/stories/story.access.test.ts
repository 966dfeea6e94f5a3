import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  aCaseWithIdentity,
  consentBody,
  READ_BACK,
  signedInAs,
  storyBody,
} from './story.test-support.ts';

/**
 * Role × story endpoint → outcome. The case and its stories were made by a social worker outside
 * the matrix, so only organisation-wide grants reach them. Partners never see a story.
 */
interface Fixture {
  caseId: string;
  storyId: string;
  draftId: () => string;
  agreedId: () => string;
  consentId: () => string;
}
interface Row {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: (fixture: Fixture) => string;
  body?: () => unknown;
  allowed: Role[];
}

const EDITORS: Role[] = ['program_manager', 'communications'];
const MANAGER: Role[] = ['program_manager'];

const MATRIX: Row[] = [
  {
    name: 'list stories',
    method: 'GET',
    url: () => '/api/stories',
    allowed: ['social_worker', ...EDITORS],
  },
  {
    name: 'draft a story',
    method: 'POST',
    url: (f) => `/api/care-cases/${f.caseId}/stories`,
    body: () => storyBody(),
    allowed: EDITORS,
  },
  {
    name: 'read a story',
    method: 'GET',
    url: (f) => `/api/stories/${f.storyId}`,
    allowed: EDITORS,
  },
  {
    name: 'save texts',
    method: 'PUT',
    url: (f) => `/api/stories/${f.storyId}`,
    body: () => ({ texts: storyBody().texts }),
    allowed: EDITORS,
  },
  {
    name: 'take the image off a story',
    method: 'DELETE',
    url: (f) => `/api/stories/${f.storyId}/image`,
    allowed: EDITORS,
  },
  {
    name: 'version history',
    method: 'GET',
    url: (f) => `/api/stories/${f.storyId}/versions/bn`,
    allowed: EDITORS,
  },
  {
    name: 'run the guard',
    method: 'GET',
    url: (f) => `/api/stories/${f.storyId}/guard`,
    allowed: EDITORS,
  },
  {
    name: 'record a read-back',
    method: 'POST',
    url: (f) => `/api/stories/${f.draftId()}/read-backs`,
    body: () => READ_BACK,
    allowed: EDITORS,
  },
  {
    name: 'approve',
    method: 'POST',
    url: (f) => `/api/stories/${f.agreedId()}/approve`,
    allowed: MANAGER,
  },
  {
    name: 'record story consent',
    method: 'POST',
    url: (f) => `/api/stories/${f.storyId}/consents`,
    body: () => consentBody('website'),
    allowed: MANAGER,
  },
  {
    name: 'withdraw story consent',
    method: 'POST',
    url: (f) => `/api/stories/${f.storyId}/consents/${f.consentId()}/withdraw`,
    body: () => ({ reason: 'survivor_request' }),
    allowed: MANAGER,
  },
];

describe(`access matrix: stories (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const clients = new Map<Role, Client>();
  let fixture: Fixture;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Story Matrix Trust');
    for (const role of ROLES) clients.set(role, await signedInAs(subject, organisationId, [role]));
    const author = await signedInAs(subject, organisationId, ['social_worker']);
    const caseId = await aCaseWithIdentity(author);
    const newStory = async () =>
      (await author.post(`/api/care-cases/${caseId}/stories`, storyBody())).json<{ id: string }>()
        .id;
    const storyId = await newStory();
    const drafts: string[] = [];
    const agreed: string[] = [];
    const consents: string[] = [];
    for (let index = 0; index < ROLES.length + 1; index += 1) {
      drafts.push(await newStory());
      const toAgree = await newStory();
      await author.post(`/api/stories/${toAgree}/read-backs`, READ_BACK);
      agreed.push(toAgree);
      const consented = await author.post(
        `/api/stories/${storyId}/consents`,
        consentBody('calendar_print'),
      );
      consents.push(consented.json<{ consents: { id: string }[] }>().consents[0]?.id ?? 'missing');
    }
    const take = (list: string[]) => () => list.shift() ?? 'missing';
    fixture = {
      caseId,
      storyId,
      draftId: take(drafts),
      agreedId: take(agreed),
      consentId: take(consents),
    };
    // A shared machine under load can take longer than the default minute to set up.
  }, 300_000);
  afterAll(() => subject.close());

  for (const row of MATRIX) {
    it(`${row.name}: ${row.allowed.join(', ')}; others 404; signed out 401`, async () => {
      const actual: Record<string, 'ok' | number> = {};
      for (const role of ROLES) {
        const client = clients.get(role);
        if (!client) throw new Error(`no client for ${role}`);
        const response = await client.request(row.method, row.url(fixture), row.body?.() ?? {});
        actual[role] =
          response.statusCode === 200 || response.statusCode === 201 ? 'ok' : response.statusCode;
      }
      const expected = Object.fromEntries(
        ROLES.map((role) => [role, row.allowed.includes(role) ? 'ok' : 404]),
      );
      expect(actual).toEqual(expected);
      const anonymous = await new Client(subject.app).request(
        row.method,
        row.url(fixture),
        row.body?.(),
      );
      expect(anonymous.statusCode).toBe(401);
    });
  }
});
