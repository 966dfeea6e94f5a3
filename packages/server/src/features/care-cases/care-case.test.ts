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
import { allItems, RESCUE_DATA } from './care-case.test-support.ts';

interface CaseBody {
  id: string;
  code: string;
  phase: string;
  person: { id: string; pseudonym: string; ageBand: string };
  placement: { organisationName: string } | null;
  nextTasks: { id: string; title: string; dueAt: string }[];
  activeConsents: { purpose: string }[];
  team: { userId: string }[];
}
interface TimelineBody {
  groups: { phase: string; events: { id: string; type: string }[] }[];
  superseded: { id: string }[];
}

// Issue 4's story: a social worker opens a case for a 15-year-old rescued on the night of
// 3 March 2025 and takes her through to closure as restored. Everyone here is invented.
describe(`care case story: rescue to restoration (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;
  let manager: Client;
  let counsellor: Client;
  let shelterStaff: Client;
  let otherShelterStaff: Client;
  let colleague: Client;
  let counsellorUser: TestUser;
  let shelterId: string;
  let careCase: CaseBody;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    shelterId = await anOrganisation(subject.deps, 'Test Ushakiran Shelter Home', 'shelter_home');
    const otherShelter = await anOrganisation(subject.deps, 'Test Other Shelter', 'shelter_home');
    const user = (roles: TestUser['roles'], organisation = organisationId) =>
      aUser(subject.deps, {
        roles,
        organisationId: organisation,
        twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
      });
    worker = await signedIn(subject.app, await user(['social_worker']));
    manager = await signedIn(subject.app, await user(['program_manager']));
    counsellorUser = await user(['counsellor']);
    counsellor = await signedIn(subject.app, counsellorUser);
    shelterStaff = await signedIn(subject.app, await user(['shelter_staff'], shelterId));
    otherShelterStaff = await signedIn(subject.app, await user(['shelter_staff'], otherShelter));
    colleague = await signedIn(subject.app, await user(['social_worker']));
  });
  afterAll(() => subject.close());

  const event = async (client: Client, type: string, occurredAt: string, data: unknown = {}) => {
    const response = await client.post(`/api/care-cases/${careCase.id}/events`, {
      type,
      occurredAt,
      data,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; phaseAfter: string }>();
  };
  const header = async (client: Client = worker) =>
    (await client.get(`/api/care-cases/${careCase.id}`)).json<CaseBody>();

  it('a social worker opens a case for a 15-year-old, creating her person in the same step', async () => {
    const response = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', originState: 'West Bengal', languages: ['bn'] },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    expect(response.statusCode, response.body).toBe(201);
    careCase = response.json<CaseBody>();
    expect(careCase.code).toBe('CC-2025-0001');
    expect(careCase.phase).toBe('intake');
    expect(careCase.person.ageBand).toBe('15-17');
    expect(careCase.nextTasks).toMatchObject([
      {
        title: 'Intake outcome assessment',
        dueAt: new Date('2025-04-03T09:00:00+05:30').toISOString(),
      },
    ]);
  });

  it('records the rescue that night, CWC production, and a placement in a shelter', async () => {
    await event(worker, 'rescue.identified', '2025-03-03T23:30:00+05:30', RESCUE_DATA);
    const produced = await event(
      worker,
      'victim.produced_before_cwc',
      '2025-03-04T11:00:00+05:30',
      {
        statementRecorded: true,
      },
    );
    expect(produced.phaseAfter).toBe('interim_care');
    await event(worker, 'order.passed', '2025-03-04T12:00:00+05:30', {
      authority: 'cwc',
      orderKind: 'interim_placement',
      placementOrganisationId: shelterId,
    });
    await event(worker, 'placement.started', '2025-03-04T15:00:00+05:30', {
      organisationId: shelterId,
      placementKind: 'shelter_home',
    });
    const now = await header();
    expect(now.phase).toBe('shelter_care');
    expect(now.placement?.organisationName).toBe('Test Ushakiran Shelter Home');
  });

  it('the shelter where she is placed sees her case and her person; another shelter and a colleague do not', async () => {
    expect((await shelterStaff.get(`/api/care-cases/${careCase.id}`)).statusCode).toBe(200);
    expect((await shelterStaff.get(`/api/persons/${careCase.person.id}`)).statusCode).toBe(200);
    expect((await shelterStaff.get('/api/care-cases')).json()).toMatchObject({ total: 1 });
    expect((await otherShelterStaff.get(`/api/care-cases/${careCase.id}`)).statusCode).toBe(404);
    expect((await otherShelterStaff.get(`/api/persons/${careCase.person.id}`)).statusCode).toBe(
      404,
    );
    expect((await colleague.get(`/api/care-cases/${careCase.id}`)).statusCode).toBe(404);
    expect((await colleague.get('/api/care-cases')).json()).toMatchObject({ total: 0 });
  });

  it('records consent; the case header shows it at a glance', async () => {
    const response = await worker.post(`/api/care-cases/${careCase.id}/consents`, {
      purpose: 'services',
      givenAt: '2025-03-05T10:00:00+05:30',
      givenBy: 'cwc',
      method: 'cwc_order',
      language: 'bn',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect((await header()).activeConsents).toMatchObject([{ purpose: 'services' }]);
  });

  it('a counsellor on the team writes a counselling note only counsellors and managers read', async () => {
    const added = await worker.post(`/api/care-cases/${careCase.id}/team`, {
      userId: counsellorUser.id,
    });
    expect(added.statusCode, added.body).toBe(200);
    await event(counsellor, 'note.counselling', '2025-03-06T16:00:00+05:30', {
      text: 'First session; settling in.',
    });
    const denied = await worker.post(`/api/care-cases/${careCase.id}/events`, {
      type: 'note.counselling',
      occurredAt: '2025-03-06T17:00:00+05:30',
      data: { text: 'not allowed' },
    });
    expect(denied.statusCode).toBe(404);
    const typesSeenBy = async (client: Client) =>
      (await client.get(`/api/care-cases/${careCase.id}/timeline`))
        .json<TimelineBody>()
        .groups.flatMap((group) => group.events.map((each) => each.type));
    expect(await typesSeenBy(counsellor)).toContain('note.counselling');
    expect(await typesSeenBy(manager)).toContain('note.counselling');
    expect(await typesSeenBy(worker)).not.toContain('note.counselling');
    expect(await typesSeenBy(shelterStaff)).not.toContain('note.counselling');
  });

  it('shelter staff record daily care, but not the case’s legal facts', async () => {
    await event(shelterStaff, 'service.delivered', '2025-03-07T10:00:00+05:30', {
      service: 'medical',
      domain: 'physical_wellbeing',
    });
    const refused = await shelterStaff.post(`/api/care-cases/${careCase.id}/events`, {
      type: 'case.closed',
      occurredAt: '2025-03-07T11:00:00+05:30',
      data: { reason: 'restored' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('a care plan with goals per domain, approved by the program manager only', async () => {
    const created = await worker.post(`/api/care-cases/${careCase.id}/care-plans`, {
      summary: 'Safety and schooling first; family tracing with the home district.',
      reviewDueAt: '2025-09-04T10:00:00+05:30',
      goals: [
        {
          domain: 'safety',
          description: 'Safe placement; no contact from the accused',
          targetDate: '2025-06-30',
        },
        {
          domain: 'economic_empowerment_education',
          description: 'Re-enrol in class 9',
          services: ['education'],
        },
        {
          domain: 'social_support',
          description: 'Trace and assess family',
          services: ['family_tracing', 'home_investigation_report'],
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json<{
      id: string;
      status: string;
      goals: { targetDate: string | null }[];
    }>();
    expect(plan.status).toBe('draft');
    expect(plan.goals[0]?.targetDate).toBe('2025-06-30');
    expect(
      (await worker.post(`/api/care-cases/${careCase.id}/care-plans/${plan.id}/approve`))
        .statusCode,
    ).toBe(404);
    const approved = await manager.post(
      `/api/care-cases/${careCase.id}/care-plans/${plan.id}/approve`,
    );
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved' });
    const timeline = (
      await worker.get(`/api/care-cases/${careCase.id}/timeline?types=care_plan.created`)
    ).json<TimelineBody>();
    expect(timeline.groups.flatMap((group) => group.events)).toHaveLength(1);
  });

  it('two assessments six months apart meeting the organisation’s rule: restored', async () => {
    const first = await counsellor.post(`/api/care-cases/${careCase.id}/assessments`, {
      assessedAt: '2025-03-10T10:00:00+05:30',
      items: allItems(3, { coping_skills_rating: 4 }),
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      kind: 'intake',
      domains: { safety: 3, mental_wellbeing: 3.33 },
    });
    let assessments = (await worker.get(`/api/care-cases/${careCase.id}/assessments`)).json<{
      verdict: { restored: boolean; rule: string; ruleIsDefault: boolean };
    }>();
    expect(assessments.verdict).toMatchObject({ restored: false, ruleIsDefault: true });
    expect((await header()).nextTasks.map((task) => task.title)).toContain(
      'Six-month outcome assessment',
    );

    const second = await counsellor.post(`/api/care-cases/${careCase.id}/assessments`, {
      assessedAt: '2025-09-12T10:00:00+05:30',
      items: allItems(4, { household_income_rating: 3 }),
    });
    expect(second.statusCode, second.body).toBe(201);
    assessments = (await worker.get(`/api/care-cases/${careCase.id}/assessments`)).json();
    expect(assessments.verdict.restored).toBe(true);
    expect(assessments.verdict.rule).toContain('Every domain scores at least 3');
    expect((await header()).nextTasks.map((task) => task.title)).toContain(
      'Annual outcome assessment',
    );
  });

  it('she goes home to her family, a follow-up visit, and the case closes as restored', async () => {
    expect(
      (
        await event(worker, 'placement.ended', '2025-10-01T10:00:00+05:30', {
          reason: 'restored_to_family',
        })
      ).phaseAfter,
    ).toBe('reintegration');
    expect((await shelterStaff.get(`/api/care-cases/${careCase.id}`)).statusCode).toBe(404);
    expect(
      (
        await event(worker, 'follow_up.visit', '2025-11-01T10:00:00+05:30', {
          mode: 'home_visit',
          wellbeing: 'well',
        })
      ).phaseAfter,
    ).toBe('follow_up');
    expect(
      (await event(worker, 'case.closed', new Date().toISOString(), { reason: 'restored' }))
        .phaseAfter,
    ).toBe('closed');
    const closed = await header();
    expect(closed).toMatchObject({ phase: 'closed', nextTasks: [] });
    const timeline = (
      await worker.get(`/api/care-cases/${careCase.id}/timeline`)
    ).json<TimelineBody>();
    expect(timeline.groups.map((group) => group.phase)).toEqual([
      'intake',
      'interim_care',
      'shelter_care',
      'reintegration',
      'follow_up',
      'closed',
    ]);
    expect((await worker.get('/api/my-work')).json()).toMatchObject({ cases: [], tasks: [] });
  });

  it('every write is in the audit trail, and no audit entry names her', async () => {
    const rows = await subject.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('entity_id', '=', careCase.id)
      .execute();
    expect(new Set(rows.map((row) => row.action))).toEqual(
      new Set([
        'care_case.opened',
        'task.created',
        'care_case.event_recorded',
        'consent.recorded',
        'care_case.team_member_added',
        'care_plan.created',
        'care_plan.approved',
        'assessment.recorded',
        'care_case.timeline_read',
        'access.denied',
      ]),
    );
    expect(JSON.stringify(rows)).not.toContain(careCase.person.pseudonym);
  });

  it('the header shows the case’s next five open tasks, overdue first, as its task list does', async () => {
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17' },
      openedAt: new Date().toISOString(),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json<CaseBody>().id;
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const added: Record<string, string> = {};
    for (const [title, days] of [
      ['Test call the family', 5],
      ['Test overdue home study', -10],
      ['Test book the CWC hearing', 1],
      ['Test overdue medical report', -3],
      ['Test school enrolment', 40],
      ['Test collect documents', 2],
    ] as const) {
      const response = await worker.post(`/api/care-cases/${caseId}/tasks`, {
        title,
        dueAt: inDays(days),
      });
      expect(response.statusCode, response.body).toBe(201);
      added[title] = response.json<{ id: string }>().id;
    }
    const done = await worker.post(`/api/tasks/${added['Test overdue medical report']}/complete`);
    expect(done.statusCode, done.body).toBe(200);

    const shown = (await worker.get(`/api/care-cases/${caseId}`)).json<{
      nextTasks: { title: string; overdue: boolean; caseId: string; doneAt: string | null }[];
    }>().nextTasks;
    expect(shown.map((task) => [task.title, task.overdue])).toEqual([
      ['Test overdue home study', true],
      ['Test book the CWC hearing', false],
      ['Test collect documents', false],
      ['Test call the family', false],
      ['Intake outcome assessment', false],
    ]);
    expect(shown.every((task) => task.caseId === caseId && task.doneAt === null)).toBe(true);
    const listed = (await worker.get(`/api/care-cases/${caseId}/tasks`)).json<{
      tasks: unknown[];
    }>().tasks;
    expect(shown).toEqual(listed.slice(0, 5));
  });

  it('the timeline is append-only in the database itself', async () => {
    await expect(
      subject.database.db.updateTable('care_case_event').set({ type: 'note.case' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(subject.database.db.deleteFrom('care_case_event').execute()).rejects.toThrow(
      /append-only/,
    );
  });
});
