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
import { RESCUE_DATA } from './care-case.test-support.ts';

interface ListBody {
  cases: {
    id: string;
    code: string;
    pseudonym: string;
    phase: string;
    overdueTasks: number;
    nextDueAt: string | null;
  }[];
  total?: number;
  nextCursor: string | null;
}

// A program manager's caseload: filters, search, corrections and "my work". All invented.
describe(`care case lists, corrections and my work (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let worker: Client;
  let workerUser: TestUser;
  let shelterId: string;
  const ids: Record<string, { id: string; code: string; pseudonym: string }> = {};

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Worklist Trust');
    shelterId = await anOrganisation(subject.deps, 'Test Worklist Shelter', 'shelter_home');
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes('program_manager'),
      }),
    );
    workerUser = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    worker = await signedIn(subject.app, workerUser);
    const open = async (name: string, ageBand: string, openedAt: string) => {
      const response = await manager.post('/api/care-cases', {
        person: { sex: 'female', ageBand, languages: [] },
        openedAt,
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json<{ id: string; code: string; person: { pseudonym: string } }>();
      ids[name] = { id: body.id, code: body.code, pseudonym: body.person.pseudonym };
    };
    // Opened long ago: its intake assessment task is overdue.
    await open('old', '15-17', '2024-01-10T10:00:00+05:30');
    await open('placed', '12-14', new Date(Date.now() - 2 * 86_400_000).toISOString());
    await open('adult', '18-24', new Date(Date.now() - 86_400_000).toISOString());
    const placedId = ids.placed?.id ?? '';
    await manager.post(`/api/care-cases/${placedId}/events`, {
      type: 'placement.started',
      occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      data: { organisationId: shelterId, placementKind: 'shelter_home' },
    });
    await manager.post(`/api/care-cases/${ids.adult?.id ?? ''}/team`, { userId: workerUser.id });
  });
  afterAll(() => subject.close());

  const list = async (query: string) =>
    (await manager.get(`/api/care-cases${query}`)).json<ListBody>();
  const codes = (body: ListBody) => body.cases.map((careCase) => careCase.code).sort();

  it('numbers cases per organisation and year', () => {
    expect(ids.old?.code).toBe('CC-2024-0001');
    expect(ids.placed?.code).toMatch(/^CC-\d{4}-000[12]$/);
  });

  it('filters by phase, shelter, age band, team member and overdue tasks', async () => {
    expect(codes(await list('?phase=shelter_care'))).toEqual([ids.placed?.code]);
    expect(codes(await list(`?shelterId=${shelterId}`))).toEqual([ids.placed?.code]);
    expect(codes(await list('?ageBand=18-24'))).toEqual([ids.adult?.code]);
    expect(codes(await list(`?teamMemberId=${workerUser.id}`))).toEqual([ids.adult?.code]);
    const overdue = await list('?overdue=true');
    expect(codes(overdue)).toEqual([ids.old?.code]);
    expect(overdue.cases[0]?.overdueTasks).toBe(1);
    expect((await list('?overdue=false')).total).toBe(2);
  });

  it('each row counts its overdue open tasks and shows its soonest open task’s due date', async () => {
    const oldCase = ids.old?.id ?? '';
    // One more open task due later and one done: neither is overdue, the done one is not next.
    await subject.deps.db
      .insertInto('task')
      .values([
        {
          case_id: oldCase,
          kind: 'manual',
          title: 'Test later task',
          due_at: new Date(Date.now() + 86_400_000),
        },
        {
          case_id: oldCase,
          kind: 'manual',
          title: 'Test done task',
          due_at: new Date('2020-01-01T00:00:00Z'),
          done_at: new Date(),
        },
      ])
      .execute();
    const open = await subject.deps.db
      .selectFrom('task')
      .select(['case_id', 'due_at'])
      .where('done_at', 'is', null)
      .execute();
    for (const careCase of (await list('?limit=100&count=none')).cases) {
      const dues = open
        .filter((task) => task.case_id === careCase.id)
        .map((task) => task.due_at.getTime());
      expect(careCase.overdueTasks, careCase.code).toBe(
        dues.filter((due) => due < Date.now()).length,
      );
      expect(careCase.nextDueAt, careCase.code).toBe(
        dues.length ? new Date(Math.min(...dues)).toISOString() : null,
      );
    }
    expect((await list('?overdue=true')).cases[0]?.overdueTasks).toBe(1);
  });

  it('pages newest first by cursor, every case once, and counts only when asked', async () => {
    const first = await list('?limit=2&count=none');
    expect(first.total).toBeUndefined();
    expect(first.cases.map((careCase) => careCase.code)).toEqual(
      (await list('?limit=2')).cases.map((careCase) => careCase.code),
    );
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?limit=2&count=none&after=${first.nextCursor ?? ''}`);
    expect(second.cases.map((careCase) => careCase.code)).toEqual([ids.old?.code]);
    expect(second.nextCursor).toBeNull();
    expect([...first.cases, ...second.cases].map((careCase) => careCase.id).sort()).toEqual(
      [ids.old?.id, ids.placed?.id, ids.adult?.id].sort(),
    );
    expect((await list('?limit=2')).total).toBe(3);
    const forged = await manager.get('/api/care-cases?after=not-a-cursor');
    expect(forged.statusCode).toBe(400);
  });

  it('searches by part of a pseudonym or of a case code', async () => {
    const pseudonym = ids.adult?.pseudonym ?? '';
    expect(codes(await list(`?search=${encodeURIComponent(pseudonym.slice(0, 5))}`))).toContain(
      ids.adult?.code,
    );
    expect(codes(await list('?search=2024-0001'))).toEqual([ids.old?.code]);
    expect((await list('?search=nobody-like-this')).total).toBe(0);
  });

  it('a correction supersedes an event: the timeline shows it apart, the phase follows the correction', async () => {
    const caseId = ids.old?.id ?? '';
    const first = await manager.post(`/api/care-cases/${caseId}/events`, {
      type: 'rescue.identified',
      occurredAt: '2024-01-09T23:00:00+05:30',
      data: RESCUE_DATA,
    });
    expect(first.statusCode, first.body).toBe(201);
    const firstId = first.json<{ id: string }>().id;
    const correction = await manager.post(`/api/care-cases/${caseId}/events`, {
      type: 'rescue.identified',
      occurredAt: '2024-01-09T22:00:00+05:30',
      data: { ...RESCUE_DATA, rescuedBy: 'police' },
      supersedes: firstId,
    });
    expect(correction.statusCode, correction.body).toBe(201);
    const again = await manager.post(`/api/care-cases/${caseId}/events`, {
      type: 'rescue.identified',
      occurredAt: '2024-01-09T21:00:00+05:30',
      data: RESCUE_DATA,
      supersedes: firstId,
    });
    expect(again.statusCode).toBe(400);
    const timeline = (await manager.get(`/api/care-cases/${caseId}/timeline`)).json<{
      groups: { events: { id: string; data: { rescuedBy: string } }[] }[];
      superseded: { id: string; supersededById: string }[];
    }>();
    expect(timeline.superseded).toEqual([
      expect.objectContaining({
        id: firstId,
        supersededById: correction.json<{ id: string }>().id,
      }),
    ]);
    expect(
      timeline.groups.flatMap((group) => group.events).map((each) => each.data.rescuedBy),
    ).toEqual(['police']);
    const header = (await manager.get(`/api/care-cases/${caseId}`)).json<{ rescuedAt: string }>();
    expect(header.rescuedAt).toBe(new Date('2024-01-09T22:00:00+05:30').toISOString());
  });

  it('my work: my open cases and my tasks, soonest first; completing one removes it', async () => {
    const adultId = ids.adult?.id ?? '';
    const added = await manager.post(`/api/care-cases/${adultId}/tasks`, {
      title: 'Call the school about re-enrolment',
      dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      assigneeId: workerUser.id,
    });
    expect(added.statusCode, added.body).toBe(201);
    const work = (await worker.get('/api/my-work')).json<{
      cases: { code: string }[];
      tasks: { id: string; title: string }[];
    }>();
    expect(work.cases.map((careCase) => careCase.code)).toEqual([ids.adult?.code]);
    // The intake assessment came with the case and follows its responsible social worker, who
    // joined the team after the manager opened it (issue 12 §5).
    expect(work.tasks.map((task) => task.title)).toEqual([
      'Call the school about re-enrolment',
      'Intake outcome assessment',
    ]);
    const taskId = work.tasks[0]?.id ?? '';
    expect((await worker.post(`/api/tasks/${taskId}/complete`)).statusCode).toBe(200);
    expect((await worker.post(`/api/tasks/${taskId}/complete`)).statusCode).toBe(409);
    const titles = async () =>
      (await worker.get('/api/my-work'))
        .json<{ tasks: { title: string }[] }>()
        .tasks.map((task) => task.title);
    expect(await titles()).toEqual(['Intake outcome assessment']);

    // Marked done by mistake: opened again, it is back in her work, due as before.
    const reopened = await worker.post(`/api/tasks/${taskId}/reopen`);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json<{ doneAt: string | null }>().doneAt).toBeNull();
    expect((await worker.post(`/api/tasks/${taskId}/reopen`)).statusCode).toBe(409);
    expect(await titles()).toEqual([
      'Call the school about re-enrolment',
      'Intake outcome assessment',
    ]);
  });

  it('a draft plan is edited; an approved one is not, but its goals progress', async () => {
    const caseId = ids.adult?.id ?? '';
    const plan = (
      await worker.post(`/api/care-cases/${caseId}/care-plans`, {
        summary: 'First draft',
        goals: [{ domain: 'physical_wellbeing', description: 'Health check-up' }],
      })
    ).json<{ id: string; goals: { id: string }[] }>();
    const edited = await worker.request('PUT', `/api/care-cases/${caseId}/care-plans/${plan.id}`, {
      summary: 'Second draft',
      goals: [
        { domain: 'physical_wellbeing', description: 'Health check-up', services: ['medical'] },
        {
          domain: 'legal_protection',
          description: 'Victim compensation claim',
          services: ['legal_aid'],
        },
      ],
    });
    expect(edited.json()).toMatchObject({ summary: 'Second draft', goals: [{}, {}] });
    expect(
      (await manager.post(`/api/care-cases/${caseId}/care-plans/${plan.id}/approve`)).statusCode,
    ).toBe(200);
    const refused = await worker.request('PUT', `/api/care-cases/${caseId}/care-plans/${plan.id}`, {
      summary: 'Too late',
      goals: [{ domain: 'safety', description: 'x' }],
    });
    expect(refused.statusCode).toBe(409);
    const goalId = edited.json<{ goals: { id: string }[] }>().goals[0]?.id ?? '';
    const progressed = await worker.post(
      `/api/care-cases/${caseId}/care-plans/${plan.id}/goals/${goalId}/status`,
      { status: 'achieved' },
    );
    expect(progressed.json()).toMatchObject({
      status: 'approved',
      goals: [{ status: 'achieved' }, {}],
    });
  });

  it('an approved plan with a review date asks for a review, and recording the review completes it', async () => {
    const caseId = ids.placed?.id ?? '';
    const plan = (
      await manager.post(`/api/care-cases/${caseId}/care-plans`, {
        summary: 'Plan with a review',
        reviewDueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        goals: [{ domain: 'safety', description: 'Safe placement' }],
      })
    ).json<{ id: string }>();
    await manager.post(`/api/care-cases/${caseId}/care-plans/${plan.id}/approve`);
    const titles = async () =>
      (await manager.get(`/api/care-cases/${caseId}/tasks`))
        .json<{ tasks: { title: string }[] }>()
        .tasks.map((task) => task.title);
    expect(await titles()).toContain('Review the care plan');
    const reviewed = await manager.post(`/api/care-cases/${caseId}/events`, {
      type: 'care_plan.reviewed',
      occurredAt: new Date().toISOString(),
      data: { carePlanId: plan.id, summary: 'On track' },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(201);
    expect(await titles()).not.toContain('Review the care plan');
  });
});
