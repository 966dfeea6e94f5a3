import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  aCaseWithIdentity,
  CLEAN_BENGALI,
  CLEAN_ENGLISH,
  READ_BACK,
  signedInAs,
  storyBody,
} from './story.test-support.ts';

interface Finding {
  id: string;
  language: string;
  field: string;
  start: number;
  end: number;
  kind: string;
  span: string;
  overridden: boolean;
}

describe(`stories: draft, guard, read-back, safeguarding review (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let socialWorker: Client;
  let manager: Client;
  let communications: Client;
  let caseId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Story Trust');
    socialWorker = await signedInAs(subject, organisationId, ['social_worker']);
    manager = await signedInAs(subject, organisationId, ['program_manager']);
    communications = await signedInAs(subject, organisationId, ['communications']);
    caseId = await aCaseWithIdentity(socialWorker);
    // A shared machine under load can take longer than the default minute to set up.
  }, 300_000);
  afterAll(() => subject.close());

  it('flags her sister’s name in another spelling and her phone, shows the span, never the record', async () => {
    const bn = `${CLEAN_BENGALI} তার বোন সালমা তাকে ফোন করে ৯৮৩০০ ১২৩৪৫ নম্বরে।`;
    const en = `${CLEAN_ENGLISH} Her sister Salmaa calls her on +91 98300 12345.`;
    const created = await socialWorker.post(
      `/api/care-cases/${caseId}/stories`,
      storyBody({ bn, en }),
    );
    expect(created.statusCode).toBe(201);
    const story = created.json<{
      id: string;
      status: string;
      texts: { sha256: string; language: string; version: number }[];
    }>();
    expect(story.status).toBe('draft');
    const bnVersion = story.texts.find((text) => text.language === 'bn');
    expect(bnVersion?.version).toBe(1);
    expect(bnVersion?.sha256).toBe(
      createHash('sha256')
        .update(JSON.stringify(['bn', 'পারুলের গল্প', bn, '', '']), 'utf8')
        .digest('hex'),
    );

    const guard = await socialWorker.get(`/api/stories/${story.id}/guard`);
    expect(guard.statusCode).toBe(200);
    const report = guard.json<{ findings: Finding[]; open: number }>();
    expect(report.findings.map(({ language, kind, span }) => ({ language, kind, span }))).toEqual([
      { language: 'en', kind: 'family_name', span: 'Salmaa' },
      { language: 'en', kind: 'phone', span: '+91 98300 12345' },
      { language: 'bn', kind: 'family_name', span: 'সালমা' },
      { language: 'bn', kind: 'phone', span: '৯৮৩০০ ১২৩৪৫' },
    ]);
    const salmaa = report.findings.find((finding) => finding.span === 'Salmaa');
    expect(en.slice(salmaa?.start, salmaa?.end)).toBe('Salmaa');
    expect(guard.body).not.toContain('Khatun');
    expect(guard.body).not.toContain('Rahima');

    // The read-back is refused while findings are open.
    const refused = await socialWorker.post(`/api/stories/${story.id}/read-backs`, READ_BACK);
    expect(refused.statusCode).toBe(409);

    // The editor fixes them: a new version, the old one kept.
    const saved = await socialWorker.request('PUT', `/api/stories/${story.id}`, {
      texts: storyBody().texts,
    });
    expect(saved.statusCode).toBe(200);
    expect(
      saved.json<{ texts: { version: number }[] }>().texts.map((text) => text.version),
    ).toEqual([2, 2]);
    const history = await socialWorker.get(`/api/stories/${story.id}/versions/bn`);
    expect(
      history
        .json<{ versions: { version: number; body: string }[] }>()
        .versions.map((v) => v.version),
    ).toEqual([2, 1]);
    expect(
      (await socialWorker.get(`/api/stories/${story.id}/guard`)).json<{ open: number }>().open,
    ).toBe(0);

    const readBack = await socialWorker.post(`/api/stories/${story.id}/read-backs`, READ_BACK);
    expect(readBack.statusCode).toBe(201);
    expect(readBack.json<{ status: string; readBacks: { decision: string }[] }>()).toMatchObject({
      status: 'read_back',
      readBacks: [{ decision: 'agreed' }],
    });

    // The communications team edits but does not approve; a programme manager does.
    expect((await communications.post(`/api/stories/${story.id}/approve`)).statusCode).toBe(404);
    const approved = await manager.post(`/api/stories/${story.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json<{ status: string }>().status).toBe('approved');

    const audit = await subject.deps.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('entity_id', '=', story.id)
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      'story.created',
      'story.guard_checked',
      'story.guard_checked',
      'story.texts_saved',
      'story.guard_checked',
      'story.guard_checked',
      'story.read_back_recorded',
      'access.denied',
      'story.guard_checked',
      'story.approved',
    ]);
    expect(JSON.stringify(audit)).not.toContain('Salma');
  });

  it('lets a programme manager override a finding with a reason, audited, and then approve', async () => {
    const en = `${CLEAN_ENGLISH} She loves the sweets of Murshidabad.`;
    const created = await socialWorker.post(`/api/care-cases/${caseId}/stories`, storyBody({ en }));
    const storyId = created.json<{ id: string }>().id;
    const report = (await socialWorker.get(`/api/stories/${storyId}/guard`)).json<{
      findings: Finding[];
    }>();
    expect(report.findings.map((finding) => [finding.kind, finding.span])).toEqual([
      ['place', 'Murshidabad'],
    ]);
    const findingId = report.findings[0]?.id ?? '';

    // A social worker may not override.
    expect(
      (
        await socialWorker.post(`/api/stories/${storyId}/guard/overrides`, {
          findingId,
          reason: 'The district is large and well known for sweets.',
        })
      ).statusCode,
    ).toBe(404);
    const tooShort = await manager.post(`/api/stories/${storyId}/guard/overrides`, {
      findingId,
      reason: 'ok',
    });
    expect(tooShort.statusCode).toBe(400);
    const overridden = await manager.post(`/api/stories/${storyId}/guard/overrides`, {
      findingId,
      reason: 'The district has millions of people; she asked to name it.',
    });
    expect(overridden.statusCode).toBe(200);
    expect(overridden.json<{ open: number; findings: Finding[] }>()).toMatchObject({
      open: 0,
      findings: [{ overridden: true }],
    });
    expect(
      (await socialWorker.post(`/api/stories/${storyId}/read-backs`, READ_BACK)).statusCode,
    ).toBe(201);
    expect((await manager.post(`/api/stories/${storyId}/approve`)).statusCode).toBe(200);
    const entry = await subject.deps.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'story.guard_overridden')
      .where('entity_id', '=', storyId)
      .executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({
      kind: 'place',
      reason: 'The district has millions of people; she asked to name it.',
    });
  });

  it('sends an approved story back to draft when its text changes', async () => {
    const storyId = (
      await socialWorker.post(`/api/care-cases/${caseId}/stories`, storyBody())
    ).json<{ id: string }>().id;
    await socialWorker.post(`/api/stories/${storyId}/read-backs`, READ_BACK);
    await manager.post(`/api/stories/${storyId}/approve`);
    const edited = await communications.request('PUT', `/api/stories/${storyId}`, {
      texts: [{ language: 'en', title: 'Parul’s story', body: `${CLEAN_ENGLISH} She also sings.` }],
    });
    expect(edited.json<{ status: string }>().status).toBe('draft');
    expect((await manager.post(`/api/stories/${storyId}/approve`)).statusCode).toBe(409);
  });

  it('refuses a public pseudonym that is her name in another spelling', async () => {
    const response = await socialWorker.post(
      `/api/care-cases/${caseId}/stories`,
      storyBody({ pseudonym: 'Raheema' }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe(
      'body.publicPseudonym',
    );
    expect(response.body).not.toContain('Rahima');
  });

  it('refuses a story without the text in the language she told it in', async () => {
    const response = await socialWorker.post(`/api/care-cases/${caseId}/stories`, {
      ...storyBody(),
      texts: [{ language: 'en', title: 'Parul’s story', body: CLEAN_ENGLISH }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('texts');
  });

  it('lists only one care case’s stories when the care case screen asks for them', async () => {
    const otherCaseId = await aCaseWithIdentity(socialWorker);
    const storyId = (
      await socialWorker.post(`/api/care-cases/${otherCaseId}/stories`, storyBody())
    ).json<{ id: string }>().id;
    const listed = await socialWorker.get(`/api/stories?careCaseId=${otherCaseId}`);
    expect(listed.statusCode).toBe(200);
    const stories = listed.json<{ stories: { id: string; careCaseId: string }[] }>().stories;
    expect(stories.map((story) => story.id)).toEqual([storyId]);
    const everything = await socialWorker.get('/api/stories');
    expect(
      everything
        .json<{ stories: { careCaseId: string }[] }>()
        .stories.some((story) => story.careCaseId === caseId),
    ).toBe(true);
  });

  it('says who read the story to her by name, not by an id', async () => {
    const storyId = (
      await socialWorker.post(`/api/care-cases/${caseId}/stories`, storyBody())
    ).json<{ id: string }>().id;
    const readBack = await socialWorker.post(`/api/stories/${storyId}/read-backs`, READ_BACK);
    expect(readBack.statusCode).toBe(201);
    const [record] = readBack.json<{
      readBacks: { readBy: string; readByName: string | null }[];
    }>().readBacks;
    const user = await subject.deps.db
      .selectFrom('app_user')
      .select('display_name')
      .where('id', '=', record?.readBy ?? '')
      .executeTakeFirstOrThrow();
    expect(record?.readByName).toBe(user.display_name);
  });
});
