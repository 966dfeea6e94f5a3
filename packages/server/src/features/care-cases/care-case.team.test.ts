import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * Issue 12 §2: Rina, a social worker, is alone on a case. Removing herself would leave the case
 * with nobody to work it, which nobody in her role could undo: refused (409 LAST_TEAM_MEMBER) and
 * nothing changes. Once Joya is on the team, Rina may leave, and then no longer sees the case.
 */
describe(`the last member of a care case team (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let rina: Client;
  let rinaId: string;
  let joyaId: string;
  let caseId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const rinaUser = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    rinaId = rinaUser.id;
    rina = await signedIn(subject.app, rinaUser);
    joyaId = (await aUser(subject.deps, { roles: ['social_worker'], organisationId })).id;
    const opened = await rina.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: ['bn'] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  const team = async () =>
    (await rina.get(`/api/care-cases/${caseId}/team`))
      .json<{ members: { userId: string }[] }>()
      .members.map((member) => member.userId);

  it('removing the only member is refused with LAST_TEAM_MEMBER and the team is unchanged', async () => {
    const response = await rina.request('DELETE', `/api/care-cases/${caseId}/team/${rinaId}`);
    expect(response.statusCode).toBe(409);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('LAST_TEAM_MEMBER');
    expect(await team()).toEqual([rinaId]);
    expect((await rina.get(`/api/care-cases/${caseId}`)).statusCode).toBe(200);
  });

  it('with Joya on the team, Rina may leave it, and then the case is no longer hers to see', async () => {
    const added = await rina.post(`/api/care-cases/${caseId}/team`, { userId: joyaId });
    expect(added.statusCode, added.body).toBe(200);
    const removed = await rina.request('DELETE', `/api/care-cases/${caseId}/team/${rinaId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await rina.get(`/api/care-cases/${caseId}`)).statusCode).toBe(404);
  });
});
