import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aUser,
  anOrganisation,
  signedIn,
  type Client,
  type TestUser,
} from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { allItems } from '../care-cases/care-case.test-support.ts';

interface MyWork {
  tasks: { title: string; overdue: boolean; caseId: string }[];
}

/**
 * Issue 12 §5: "My work" said "No open tasks" while the case showed an overdue assessment, because
 * scheduled tasks were assigned to nobody (or to whoever recorded the last assessment). Tasks go
 * to the case's responsible worker — the social worker who joined its team first — and follow
 * the responsibility when the team changes. Overdue work comes first. Everyone here is invented.
 */
describe(`tasks go to the case's responsible worker (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let rina: Client;
  let mou: Client;
  let joya: Client;
  let manager: Client;
  let rinaUser: TestUser;
  let mouUser: TestUser;
  let joyaUser: TestUser;
  let caseId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const user = (roles: TestUser['roles']) =>
      aUser(subject.deps, {
        roles,
        organisationId,
        twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
      });
    rinaUser = await user(['social_worker']);
    mouUser = await user(['counsellor']);
    joyaUser = await user(['social_worker']);
    rina = await signedIn(subject.app, rinaUser);
    mou = await signedIn(subject.app, mouUser);
    joya = await signedIn(subject.app, joyaUser);
    manager = await signedIn(subject.app, await user(['program_manager']));
  });
  afterAll(() => subject.close());

  const myTasks = async (client: Client) =>
    (await client.get('/api/my-work')).json<MyWork>().tasks.map((task) => task.title);

  it('Rina opens a case long after the rescue: its overdue intake assessment is in her work', async () => {
    const opened = await rina.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: ['bn'] },
      openedAt: '2025-01-02T10:00:00+05:30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json<{ id: string }>().id;
    const work = (await rina.get('/api/my-work')).json<MyWork>();
    expect(work.tasks).toMatchObject([{ title: 'Intake outcome assessment', overdue: true }]);
  });

  it('Mou, a counsellor, records the intake assessment: the next one is Rina’s, not Mou’s', async () => {
    expect(
      (await rina.post(`/api/care-cases/${caseId}/team`, { userId: mouUser.id })).statusCode,
    ).toBe(200);
    const assessed = await mou.post(`/api/care-cases/${caseId}/assessments`, {
      assessedAt: '2025-01-20T10:00:00+05:30',
      items: allItems(3),
    });
    expect(assessed.statusCode, assessed.body).toBe(201);
    expect(await myTasks(rina)).toEqual(['Six-month outcome assessment']);
    expect(await myTasks(mou)).toEqual([]);
  });

  it('a task added without an assignee is Rina’s too, after the overdue one', async () => {
    const added = await mou.post(`/api/care-cases/${caseId}/tasks`, {
      title: 'Call the school about re-enrolment',
      dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    });
    expect(added.statusCode, added.body).toBe(201);
    const work = (await rina.get('/api/my-work')).json<MyWork>();
    expect(work.tasks).toMatchObject([
      { title: 'Six-month outcome assessment', overdue: true },
      { title: 'Call the school about re-enrolment', overdue: false },
    ]);
  });

  it('when Rina leaves the case, her open tasks go to Joya, the social worker who stays', async () => {
    expect(
      (await rina.post(`/api/care-cases/${caseId}/team`, { userId: joyaUser.id })).statusCode,
    ).toBe(200);
    const removed = await rina.request('DELETE', `/api/care-cases/${caseId}/team/${rinaUser.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await myTasks(joya)).toEqual([
      'Six-month outcome assessment',
      'Call the school about re-enrolment',
    ]);
    expect(await myTasks(rina)).toEqual([]);
  });

  it('a case a manager opened is hers until a social worker joins; then its tasks are his', async () => {
    const opened = await manager.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '18-24', languages: ['bn'] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const managerCase = opened.json<{ id: string }>().id;
    expect(await myTasks(manager)).toContain('Intake outcome assessment');
    await manager.post(`/api/care-cases/${managerCase}/team`, { userId: rinaUser.id });
    const work = (await rina.get('/api/my-work')).json<MyWork>();
    expect(work.tasks).toMatchObject([{ title: 'Intake outcome assessment', caseId: managerCase }]);
  });
});
