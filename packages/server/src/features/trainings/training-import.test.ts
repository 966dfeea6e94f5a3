import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { SessionDetail } from './training.schemas.ts';
import { someOfficials } from './training.test-support.ts';

/**
 * Issue 14, participant import: Mira uploads the academy's attendance sheet as CSV. A sheet with a
 * misspelt name and a score of 140 is refused whole, each bad line named in plain words, and
 * nothing is imported; corrected, all 25 officials arrive with their cadre and scores.
 */
describe(`participant import from CSV (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let sessionId: string;
  let stationName: string;
  let officials: { id: string; name: string }[];

  const participantCount = async () =>
    (await mira.get(`/api/trainings/sessions/${sessionId}`)).json<SessionDetail>().participantList
      .length;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    mira = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes('program_manager'),
      }),
    );
    ({ stationName, officials } = await someOfficials(subject.deps, 25));
    const programme = await mira.post('/api/trainings/programmes', {
      title: 'Trafficking law for investigators',
      topic: 'Investigation',
      targetCadres: ['police'],
    });
    const session = await mira.post(
      `/api/trainings/programmes/${programme.json<{ id: string }>().id}/sessions`,
      {
        startsOn: '2026-04-02',
        endsOn: '2026-04-03',
        venue: 'Test Academy',
        district: 'Test District',
        partnerInstitution: 'state_police_academy',
      },
    );
    sessionId = session.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  const csvOf = (names: string[], scores: (index: number) => [string, string]) =>
    [
      'official,organisation,cadre,rank,posting,district,pre_score,post_score',
      ...names.map((name, index) => {
        const [pre, post] = scores(index);
        return `"${name}","${stationName}",police,Sub-Inspector,"${stationName}",Test District,${pre},${post}`;
      }),
    ].join('\n');

  it('a sheet with bad lines is refused whole, each line named in plain words', async () => {
    const names = officials.map((official) => official.name);
    names[3] = 'Test Offcer 04';
    const csv = csvOf(names, (index) => (index === 9 ? ['40', '140'] : ['40', '70']));
    const response = await mira.post(`/api/trainings/sessions/${sessionId}/import`, { csv });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: {
        message: 'Nothing was imported: 2 lines need correcting.',
        issues: [
          {
            path: 'body.csv.line 5',
            message: `Line 5: no official named “Test Offcer 04” at “${stationName}” is in the officials directory.`,
          },
          {
            path: 'body.csv.line 11',
            message: 'Line 11: the post-test score is not a number from 0 to 100.',
          },
        ],
      },
    });
    expect(await participantCount()).toBe(0);
  });

  it('a sheet without the cadre column is refused at its first line', async () => {
    const response = await mira.post(`/api/trainings/sessions/${sessionId}/import`, {
      csv: `official,organisation\n"${officials[0]?.name ?? ''}","${stationName}"`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: {
        issues: [
          {
            path: 'body.csv.line 1',
            message: 'Line 1: The first line must name the columns; missing: cadre.',
          },
        ],
      },
    });
  });

  it('the corrected sheet brings all 25, with scores; importing it again is refused', async () => {
    const csv = csvOf(
      officials.map((official) => official.name.toUpperCase()),
      (index) => [String(30 + index), String(60 + index)],
    );
    const response = await mira.post(`/api/trainings/sessions/${sessionId}/import`, { csv });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ imported: 25 });
    const detail = (await mira.get(`/api/trainings/sessions/${sessionId}`)).json<SessionDetail>();
    expect(detail.participantList).toHaveLength(25);
    expect(detail.meanKnowledgeGain).toBe(30);
    expect(detail.participantList[0]).toMatchObject({
      cadre: 'police',
      rank: 'Sub-Inspector',
      posting: stationName,
    });
    const again = await mira.post(`/api/trainings/sessions/${sessionId}/import`, { csv });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ error: { issues: unknown[] } }>().error.issues).toHaveLength(25);
    expect(await participantCount()).toBe(25);
  });
});
