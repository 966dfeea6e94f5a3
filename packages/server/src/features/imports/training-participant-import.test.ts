import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { SessionDetail } from '../trainings/training.schemas.ts';
import { someOfficials } from '../trainings/training.test-support.ts';
import { runWithContext } from '../../platform/request-context.ts';
import { actorOf } from '../auth/auth.service.ts';
import { findUserByEmail } from '../users/user.repository.ts';
import {
  IMPORT_BATCH_ROWS,
  startImport,
  type DryRunReport,
  type ImportJobView,
} from './import.service.ts';
import { finishedImport } from './import.test-support.ts';

/**
 * Issues 14 and 16, participants through the generic import: Mira checks the academy's attendance
 * sheet for a session. A misspelt name and a score of 140 are named in plain words, row and
 * column; the good rows go in with their cadre and scores; the same file again adds nobody twice.
 * Without a session, or with one she may not manage, or without a cadre column, nothing is
 * imported. A job stopped between two batches resumes where it stopped and adds nobody twice.
 */
describe(`training participants as an import kind (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let miraEmail: string;
  let programmeId: string;
  let outsider: Client;
  let sessionId: string;
  let stationName: string;
  let officials: { id: string; name: string }[];

  const participants = async () =>
    (await mira.get(`/api/trainings/sessions/${sessionId}`)).json<SessionDetail>();

  const waitFor = (jobId: string) => finishedImport(mira, jobId);
  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const twoFactor = subject.deps.config.requireTwoFactorRoles.includes('program_manager');
    const miraUser = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor,
    });
    miraEmail = miraUser.email;
    mira = await signedIn(subject.app, miraUser);
    const otherOrganisation = await anOrganisation(subject.deps, 'Test Other Trust');
    outsider = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId: otherOrganisation,
        twoFactor,
      }),
    );
    ({ stationName, officials } = await someOfficials(subject.deps, 25));
    const programme = await mira.post('/api/trainings/programmes', {
      title: 'Trafficking law for investigators',
      topic: 'Investigation',
      targetCadres: ['police'],
    });
    programmeId = programme.json<{ id: string }>().id;
    sessionId = await aSession('2026-04-02');
    // Starting the app on PGlite takes its time on a machine shared with seven others.
  }, 180_000);
  afterAll(() => subject.close());

  async function aSession(startsOn: string): Promise<string> {
    const session = await mira.post(`/api/trainings/programmes/${programmeId}/sessions`, {
      startsOn,
      endsOn: startsOn,
      venue: 'Test Academy',
      district: 'Test District',
      partnerInstitution: 'state_police_academy',
    });
    return session.json<{ id: string }>().id;
  }

  const csvOf = (names: string[], scores: (index: number) => [string, string]) =>
    Buffer.from(
      [
        'official,organisation,cadre,rank,posting,district,pre_score,post_score',
        ...names.map((name, index) => {
          const [pre, post] = scores(index);
          return `"${name}","${stationName}",police,Sub-Inspector,"${stationName}",Test District,${pre},${post}`;
        }),
      ].join('\n'),
    ).toString('base64');

  const body = (fileBase64: string) => ({
    kind: 'training_participants',
    fileBase64,
    trainingSessionId: sessionId,
  });

  it('the dry run names each bad row and column in plain words and writes nothing', async () => {
    const names = officials.map((official) => official.name);
    names[3] = 'Test Offcer 04';
    names[7] = names[6] ?? '';
    const fileBase64 = csvOf(names, (index) => (index === 9 ? ['40', '140'] : ['40', '70']));
    const response = await mira.post('/api/imports/dry-run', body(fileBase64));
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<DryRunReport>();
    expect(report).toMatchObject({ totalRows: 25, toCreate: 22, notImported: 3 });
    const problems = report.rows.flatMap((row) => row.problems);
    expect(problems).toEqual([
      `row 5, column 'official': Test Offcer 04 is not an official of ${stationName} in the officials directory; add them there first`,
      `row 9, column 'official': ${names[6] ?? ''} is already on row 8; one row per official`,
      "row 11, column 'post_score': 140 is not a score from 0 to 100",
    ]);
    expect((await participants()).participantList).toHaveLength(0);
  });

  it('the corrected sheet brings all 25 with scores; the same file again adds nobody', async () => {
    const fileBase64 = csvOf(
      officials.map((official) => official.name.toUpperCase()),
      (index) => [String(30 + index), String(60 + index)],
    );
    const started = await mira.post('/api/imports', body(fileBase64));
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitFor(started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ status: 'finished', created: 25, notImported: 0 });
    const detail = await participants();
    expect(detail.participantList).toHaveLength(25);
    expect(detail.meanKnowledgeGain).toBe(30);
    expect(detail.participantList[0]).toMatchObject({
      cadre: 'police',
      rank: 'Sub-Inspector',
      posting: stationName,
    });

    const again = await mira.post('/api/imports', body(fileBase64));
    const rerun = await waitFor(again.json<{ jobId: string }>().jobId);
    expect(rerun).toMatchObject({ status: 'finished', created: 0, skipped: 25 });
    expect((await participants()).participantList).toHaveLength(25);
  });

  it('without a session, or with a session of another organisation, nothing is imported', async () => {
    const fileBase64 = csvOf([officials[0]?.name ?? ''], () => ['40', '70']);
    const missing = await mira.post('/api/imports', {
      kind: 'training_participants',
      fileBase64,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('choose the training session the participants go into');
    const foreign = await outsider.post('/api/imports', body(fileBase64));
    expect(foreign.statusCode).toBe(404);
    expect((await participants()).participantList).toHaveLength(25);
  });

  it('a sheet without a cadre column is refused before any row, naming the field', async () => {
    const fileBase64 = Buffer.from(
      `official,organisation\n"${officials[0]?.name ?? ''}","${stationName}"`,
    ).toString('base64');
    const response = await mira.post('/api/imports/dry-run', body(fileBase64));
    expect(response.statusCode).toBe(400);
    const refusal = response.json<{ error: { issues: { path: string; message: string }[] } }>();
    expect(refusal.error.issues).toHaveLength(1);
    expect(refusal.error.issues[0]?.path).toMatch(/mapping\.cadre$/);
    expect(refusal.error.issues[0]?.message).toBe('choose its column');
    const started = await mira.post('/api/imports', body(fileBase64));
    expect(started.statusCode).toBe(400);
    expect((await participants()).participantList).toHaveLength(25);
  });

  it('an interrupted job, resumed without naming the session, fills the session it was made for', async () => {
    const laterSession = await aSession('2026-05-04');
    const fileBase64 = csvOf(
      officials.slice(0, 5).map((official) => official.name),
      () => ['40', '70'],
    );
    const user = await findUserByEmail(subject.deps.db, miraEmail);
    if (!user) throw new Error('no such user');
    const interrupted = await runWithContext(
      { requestId: randomUUID(), actor: actorOf(user, undefined) },
      async () => {
        const started = await startImport(subject.deps, Buffer.from(fileBase64, 'base64'), {
          kind: 'training_participants',
          trainingSessionId: laterSession,
          stopAfterBatches: 0,
        });
        await started.finished;
        return started.jobId;
      },
    );
    const resumed = await mira.post('/api/imports', {
      kind: 'training_participants',
      fileBase64,
      resumeJobId: interrupted,
    });
    expect(resumed.statusCode, resumed.body).toBe(202);
    expect(await waitFor(interrupted)).toMatchObject({ status: 'finished', created: 5 });
    const later = (await mira.get(`/api/trainings/sessions/${laterSession}`)).json<SessionDetail>();
    expect(later.participantList).toHaveLength(5);
    expect((await participants()).participantList).toHaveLength(25);
  });

  it('a job interrupted between batches resumes where it stopped and adds nobody twice', async () => {
    const batchSession = await aSession('2026-06-08');
    const many = await someOfficials(subject.deps, IMPORT_BATCH_ROWS + 20, 'Resume');
    const fileBase64 = Buffer.from(
      [
        'official,organisation,cadre,pre_score,post_score',
        ...many.officials.map(
          (official) => `"${official.name}","${many.stationName}",police,40,70`,
        ),
      ].join('\n'),
    ).toString('base64');
    const inSession = async () =>
      (await mira.get(`/api/trainings/sessions/${batchSession}`)).json<SessionDetail>()
        .participantList;
    const user = await findUserByEmail(subject.deps.db, miraEmail);
    if (!user) throw new Error('no such user');
    const interrupted = await runWithContext(
      { requestId: randomUUID(), actor: actorOf(user, undefined) },
      async () => {
        const started = await startImport(subject.deps, Buffer.from(fileBase64, 'base64'), {
          kind: 'training_participants',
          trainingSessionId: batchSession,
          stopAfterBatches: 1,
        });
        await started.finished;
        return started.jobId;
      },
    );
    // As a crash after the first batch leaves it: that batch in, the job still running.
    expect((await mira.get(`/api/imports/${interrupted}`)).json<ImportJobView>()).toMatchObject({
      status: 'running',
      doneRows: IMPORT_BATCH_ROWS,
    });
    expect(await inSession()).toHaveLength(IMPORT_BATCH_ROWS);

    const resumed = await mira.post('/api/imports', {
      kind: 'training_participants',
      fileBase64,
      resumeJobId: interrupted,
    });
    expect(resumed.statusCode, resumed.body).toBe(202);
    expect(await waitFor(interrupted)).toMatchObject({
      status: 'finished',
      doneRows: IMPORT_BATCH_ROWS + 20,
      created: IMPORT_BATCH_ROWS + 20,
      notImported: 0,
    });
    const all = await inSession();
    expect(all).toHaveLength(IMPORT_BATCH_ROWS + 20);
    expect(new Set(all.map((participant) => participant.official.id)).size).toBe(
      IMPORT_BATCH_ROWS + 20,
    );

    // The whole file again, as someone unsure whether it went in: nobody is added.
    const again = await mira.post('/api/imports', {
      kind: 'training_participants',
      fileBase64,
      trainingSessionId: batchSession,
    });
    expect(await waitFor(again.json<{ jobId: string }>().jobId)).toMatchObject({
      status: 'finished',
      created: 0,
      skipped: IMPORT_BATCH_ROWS + 20,
    });
    expect(await inSession()).toHaveLength(IMPORT_BATCH_ROWS + 20);
  }, 180_000);
});
