import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { CARE_PLAN_CHANGED_MESSAGE } from './care-plan.service.ts';

interface PlanBody {
  id: string;
  status: string;
  version: number;
  summary: string;
  goals: { id: string; description: string; status: string }[];
}

const GOAL = { domain: 'safety', description: 'Safe placement; no contact from the accused' };

/**
 * A social worker drafts a care plan; the programme manager asks for a change before approving.
 * Both may open the draft; a draft is replaced whole, so an edit made from what one of them saw
 * before the other's save must not silently undo it (`If-Match` with the plan's version).
 */
describe(`editing a draft care plan (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;
  let manager: Client;
  let caseId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Draft Plan Trust');
    worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: ['bn'] },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  const plansUrl = () => `/api/care-cases/${caseId}/care-plans`;
  const aDraft = async () => {
    const created = await worker.post(plansUrl(), { summary: 'Safety first.', goals: [GOAL] });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<PlanBody>();
  };
  const edit = (client: Client, plan: PlanBody, summary: string, version?: number) =>
    client.send(
      'PUT',
      `${plansUrl()}/${plan.id}`,
      { summary, goals: [GOAL, { domain: 'physical_wellbeing', description: 'Health check-up' }] },
      version === undefined ? {} : { 'if-match': `"${version}"` },
    );

  it('an edit from the version she saw is saved, and moves the version on', async () => {
    const draft = await aDraft();
    expect(draft.version).toBe(1);
    const edited = await edit(worker, draft, 'Safety first; then a health check-up.', 1);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<PlanBody>()).toMatchObject({
      summary: 'Safety first; then a health check-up.',
      version: 2,
      status: 'draft',
    });
    expect(edited.json<PlanBody>().goals).toHaveLength(2);
  });

  it('the later of two edits made from the same version is refused, and the earlier stays', async () => {
    const draft = await aDraft();
    const hers = await edit(worker, draft, 'Her wording.', draft.version);
    expect(hers.statusCode, hers.body).toBe(200);
    const his = await edit(manager, draft, 'His wording.', draft.version);
    expect(his.statusCode, his.body).toBe(409);
    expect(his.json()).toMatchObject({
      error: { code: 'CONFLICT', message: CARE_PLAN_CHANGED_MESSAGE },
    });
    const [stored] = (await manager.get(plansUrl()))
      .json<{ carePlans: PlanBody[] }>()
      .carePlans.filter((plan) => plan.id === draft.id);
    expect(stored?.summary).toBe('Her wording.');
    // Reloaded, he makes his change on top of hers.
    const again = await edit(manager, draft, 'Her wording, and his.', stored?.version);
    expect(again.statusCode, again.body).toBe(200);
  });

  it("a goal's status set meanwhile moves the version: the older edit cannot put it back", async () => {
    const draft = await aDraft();
    const goal = draft.goals[0];
    const progressed = await worker.post(`${plansUrl()}/${draft.id}/goals/${goal?.id}/status`, {
      status: 'in_progress',
    });
    expect(progressed.statusCode, progressed.body).toBe(200);
    expect(progressed.json<PlanBody>().version).toBe(draft.version + 1);
    const stale = await edit(manager, draft, 'Edited from before the progress.', draft.version);
    expect(stale.statusCode, stale.body).toBe(409);
  });

  it('an edit without If-Match replaces the draft as before; an approved plan is not edited', async () => {
    const draft = await aDraft();
    expect((await edit(worker, draft, 'Replaced by a script.')).statusCode).toBe(200);
    const approved = await manager.post(`${plansUrl()}/${draft.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const late = await edit(worker, draft, 'Too late.', approved.json<PlanBody>().version);
    expect(late.statusCode).toBe(409);
  });

  it('an If-Match that is not a version is refused beside the header', async () => {
    const draft = await aDraft();
    const response = await worker.send(
      'PUT',
      `${plansUrl()}/${draft.id}`,
      { summary: 'x', goals: [GOAL] },
      { 'if-match': 'yesterday' },
    );
    expect(response.statusCode).toBe(400);
    expect(
      response.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path,
    ).toMatch(/if-match/);
  });
});
