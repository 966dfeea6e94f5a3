import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { countingStatements } from '../../../test/statement-counter.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { assignCertificateCodes, updateResults } from './training.repository.ts';
import type { SessionDetail } from './training.schemas.ts';
import { someOfficials } from './training.test-support.ts';

/**
 * Issue 14, trainings: Mira, a programme manager, creates a programme on trafficking
 * investigations, schedules a two-day session at the police academy, adds officials from the
 * directory (with cadre, rank and posting at the time), records their pre- and post-test scores,
 * attendance and feedback, and sees the knowledge gain per participant and for the session. An
 * analyst or an outsider organisation's manager gets 404 and nothing changes.
 */
describe(`trainings of justice officials (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let outsider: Client;
  let organisationId: string;
  let programmeId: string;
  let sessionId: string;
  let officials: { id: string; name: string }[];

  const user = async (roles: Role[], organisation: string) =>
    signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles,
        organisationId: organisation,
        twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
      }),
    );

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    mira = await user(['program_manager'], organisationId);
    outsider = await user(
      ['program_manager'],
      await anOrganisation(subject.deps, 'Test Elsewhere Trust'),
    );
    officials = (await someOfficials(subject.deps, 4)).officials;
  });
  afterAll(() => subject.close());

  it('Mira creates a programme and schedules a two-day session', async () => {
    const created = await mira.post('/api/trainings/programmes', {
      title: 'Investigating trafficking cases',
      topic: 'Victim-centred investigation',
      curriculum: 'BNS s.143, BNSS s.193, victim compensation',
      targetCadres: ['police', 'prosecutor'],
    });
    expect(created.statusCode, created.body).toBe(201);
    programmeId = created.json<{ id: string }>().id;
    const session = await mira.post(`/api/trainings/programmes/${programmeId}/sessions`, {
      startsOn: '2026-03-10',
      endsOn: '2026-03-11',
      venue: 'Test Police Academy, Hall 2',
      district: 'Test District',
      partnerInstitution: 'state_police_academy',
      trainers: ['Test Trainer One'],
    });
    expect(session.statusCode, session.body).toBe(201);
    const detail = session.json<SessionDetail>();
    sessionId = detail.id;
    expect(detail.days).toEqual(['2026-03-10', '2026-03-11']);
    const list = (await mira.get('/api/trainings/programmes')).json<{
      programmes: { id: string; sessions: number }[];
    }>();
    expect(list.programmes).toEqual([expect.objectContaining({ id: programmeId, sessions: 1 })]);
  });

  it('a session that ends before it starts is refused beside its field', async () => {
    const response = await mira.post(`/api/trainings/programmes/${programmeId}/sessions`, {
      startsOn: '2026-03-10',
      endsOn: '2026-03-09',
      venue: 'Hall',
      district: 'Test District',
      partnerInstitution: 'judicial_academy',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { issues: [{ path: 'body.endsOn', message: 'must be on or after the first day' }] },
    });
  });

  it('she adds officials with their cadre, rank and posting at the time', async () => {
    const [first, second, third] = officials;
    if (!first || !second || !third) throw new Error('fixture');
    const response = await mira.post(`/api/trainings/sessions/${sessionId}/participants`, {
      participants: [first, second, third].map((official, index) => ({
        officialId: official.id,
        cadre: 'police',
        rank: index === 0 ? 'Inspector' : 'Sub-Inspector',
        posting: 'Test Fictionpur Thana',
        district: 'Test District',
      })),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<SessionDetail>().participantList).toHaveLength(3);
    const again = await mira.post(`/api/trainings/sessions/${sessionId}/participants`, {
      participants: [{ officialId: first.id, cadre: 'police' }],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({
      error: {
        issues: [
          {
            path: 'body.participants.0.officialId',
            message: 'is already a participant of this session',
          },
        ],
      },
    });
  });

  it('scores, attendance and feedback give the gain per participant and for the session', async () => {
    const detail = (await mira.get(`/api/trainings/sessions/${sessionId}`)).json<SessionDetail>();
    const [a, b, c] = detail.participantList;
    if (!a || !b || !c) throw new Error('fixture');
    const response = await mira.post(`/api/trainings/sessions/${sessionId}/results`, {
      results: [
        {
          participantId: a.id,
          preScore: 40,
          postScore: 75,
          feedbackRating: 5,
          feedbackComment: 'Useful',
          attendedDays: ['2026-03-10', '2026-03-11'],
        },
        {
          participantId: b.id,
          preScore: 55,
          postScore: 60,
          feedbackRating: 4,
          feedbackComment: null,
          attendedDays: ['2026-03-10'],
        },
        {
          participantId: c.id,
          preScore: 30,
          postScore: null,
          feedbackRating: null,
          feedbackComment: null,
          attendedDays: [],
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json<SessionDetail>();
    expect(after.meanKnowledgeGain).toBe(20);
    expect(after.tested).toBe(2);
    expect(after.participantList.map((participant) => participant.knowledgeGain)).toEqual([
      35,
      5,
      null,
    ]);
    expect(after.participantList[0]?.attendedDays).toEqual(['2026-03-10', '2026-03-11']);
    const audited = await subject.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', sessionId)
      .execute();
    expect(audited.map((row) => row.action).sort()).toEqual([
      'training.participant_updated',
      'training.participants_added',
      'training.session_created',
    ]);
  });

  it('a day outside the session and a score above 100 are refused, nothing stored', async () => {
    const detail = (await mira.get(`/api/trainings/sessions/${sessionId}`)).json<SessionDetail>();
    const participant = detail.participantList[1];
    if (!participant) throw new Error('fixture');
    const wrongDay = await mira.post(`/api/trainings/sessions/${sessionId}/results`, {
      results: [
        {
          participantId: participant.id,
          preScore: 10,
          postScore: 20,
          feedbackRating: null,
          feedbackComment: null,
          attendedDays: ['2026-03-12'],
        },
      ],
    });
    expect(wrongDay.statusCode).toBe(400);
    expect(wrongDay.json()).toMatchObject({
      error: {
        issues: [
          { path: 'body.results.0.attendedDays.0', message: 'is not a day of this session' },
        ],
      },
    });
    const tooHigh = await mira.post(`/api/trainings/sessions/${sessionId}/results`, {
      results: [
        {
          participantId: participant.id,
          preScore: 10,
          postScore: 120,
          feedbackRating: null,
          feedbackComment: null,
          attendedDays: [],
        },
      ],
    });
    expect(tooHigh.statusCode).toBe(400);
    const unchanged = (
      await mira.get(`/api/trainings/sessions/${sessionId}`)
    ).json<SessionDetail>();
    expect(unchanged.participantList[1]).toMatchObject({ preScore: 55, postScore: 60 });
  });

  it('another organisation’s manager gets 404 for the session and cannot add to it', async () => {
    expect((await outsider.get(`/api/trainings/sessions/${sessionId}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/trainings/programmes/${programmeId}`)).statusCode).toBe(404);
    const [, , , fourth] = officials;
    const response = await outsider.post(`/api/trainings/sessions/${sessionId}/participants`, {
      participants: [{ officialId: fourth?.id, cadre: 'police' }],
    });
    expect(response.statusCode).toBe(404);
    const detail = (await mira.get(`/api/trainings/sessions/${sessionId}`)).json<SessionDetail>();
    expect(detail.participantList).toHaveLength(3);
  });

  it('access matrix: who may read and write trainings', async () => {
    const read: Record<string, number> = {};
    const write: Record<string, number> = {};
    for (const role of ROLES) {
      const client = await user([role], organisationId);
      read[role] = (await client.get(`/api/trainings/sessions/${sessionId}`)).statusCode;
      write[role] = (
        await client.post('/api/trainings/programmes', {
          title: `Matrix ${role}`,
          topic: 'Matrix',
          targetCadres: [],
        })
      ).statusCode;
    }
    const expected = (allowed: Role[], ok: number) =>
      Object.fromEntries(ROLES.map((role) => [role, allowed.includes(role) ? ok : 404]));
    expect(read).toEqual(expected(['program_manager', 'legal_officer'], 200));
    expect(write).toEqual(expected(['program_manager'], 201));
  });

  // Last: it overwrites the results the stories above recorded.
  it('recording the results of three participants costs the statements of one', async () => {
    const detail = (await mira.get(`/api/trainings/sessions/${sessionId}`)).json<SessionDetail>();
    const ids = detail.participantList.map((participant) => participant.id);
    expect(ids).toHaveLength(3);
    const result = (participantId: string) => ({
      participantId,
      preScore: 40,
      postScore: 75,
      feedbackRating: 5,
      feedbackComment: null,
      attendedDays: ['2026-03-10'],
    });
    const counting = countingStatements(subject.deps.db);
    const statementsFor = (participants: string[]) =>
      counting.counted(() =>
        counting.db.transaction().execute((trx) => updateResults(trx, participants.map(result))),
      );
    const one = await statementsFor(ids.slice(0, 1));
    expect(one).toBeGreaterThan(0);
    expect(await statementsFor(ids)).toBe(one);
    const codes = (participants: string[]) =>
      counting.counted(() =>
        counting.db.transaction().execute((trx) =>
          assignCertificateCodes(
            trx,
            participants.map((participantId) => ({ participantId, code: randomUUID() })),
            new Date(),
          ),
        ),
      );
    // Certificate codes are written together too (the second call finds the code given already).
    expect(await codes(ids)).toBe(await codes(ids.slice(0, 1)));
  });
});
