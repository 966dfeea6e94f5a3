import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { SessionDetail } from './training.schemas.ts';
import { someOfficials } from './training.test-support.ts';

const at = (day: string, time = '10:00') => `${day}T${time}:00+05:30`;

interface FollowUp {
  windowDays: number;
  officials: {
    officialId: string;
    milestones: {
      milestone: string;
      before: { milestones: number; onTime: number; cases: number };
      after: { milestones: number; onTime: number; cases: number };
    }[];
  }[];
}

/**
 * Issue 14, follow-up: an inspector trained in June 2025 filed one chargesheet late before the
 * training and two on time after it (on two cases); the follow-up shows exactly that, with the
 * number of cases, and a correction that cancels an event removes it from the count.
 */
describe(`follow-up of trained officials (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let lawyer: Client;
  let inspectorId: string;
  let sessionId: string;
  let stationId: string;

  async function aCase(number: string, firDay: string): Promise<string> {
    const accused = await lawyer.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: ['bn'],
    });
    const response = await lawyer.post('/api/legal-cases', {
      fir: { policeStationId: stationId, number, year: 2025, registeredAt: at(firDay, '09:00') },
      forum: 'magistrate',
      offences: ['ITPA:3', 'ITPA:4'],
      accused: [accused.json<{ id: string }>().id],
      investigatingOfficerId: inspectorId,
    });
    expect(response.statusCode, response.body).toBe(201);
    const caseId = response.json<{ id: string }>().id;
    const arrest = await lawyer.post(`/api/legal-cases/${caseId}/events`, {
      type: 'accused.arrested',
      occurredAt: at(firDay, '12:00'),
      data: { accused: 'A1' },
      officials: [],
    });
    expect(arrest.statusCode, arrest.body).toBe(201);
    const remand = await lawyer.post(`/api/legal-cases/${caseId}/events`, {
      type: 'accused.remanded',
      occurredAt: at(firDay, '16:00'),
      data: { accused: 'A1', custody: 'judicial' },
      officials: [],
    });
    expect(remand.statusCode, remand.body).toBe(201);
    return caseId;
  }
  const chargesheet = async (caseId: string, day: string) => {
    const response = await lawyer.post(`/api/legal-cases/${caseId}/events`, {
      type: 'chargesheet.filed',
      occurredAt: at(day),
      officials: [inspectorId],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const user = async (role: 'program_manager' | 'legal_officer') =>
      signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles: [role],
          organisationId,
          twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
        }),
      );
    mira = await user('program_manager');
    lawyer = await user('legal_officer');
    const { officials } = await someOfficials(subject.deps, 1);
    inspectorId = officials[0]?.id ?? '';
    const station = await subject.deps.db
      .selectFrom('official')
      .select('organisation_id')
      .where('id', '=', inspectorId)
      .executeTakeFirstOrThrow();
    stationId = station.organisation_id;

    const programme = await mira.post('/api/trainings/programmes', {
      title: 'Investigation',
      topic: 'Chargesheets on time',
      targetCadres: ['police'],
    });
    const session = await mira.post(
      `/api/trainings/programmes/${programme.json<{ id: string }>().id}/sessions`,
      {
        startsOn: '2025-06-02',
        endsOn: '2025-06-03',
        venue: 'Test Academy',
        district: 'Test District',
        partnerInstitution: 'state_police_academy',
      },
    );
    sessionId = session.json<SessionDetail>().id;
    await mira.post(`/api/trainings/sessions/${sessionId}/participants`, {
      participants: [{ officialId: inspectorId, cadre: 'police', rank: 'Inspector' }],
    });

    // Before: filed on day 80 of a 60-day period (late).
    await chargesheet(await aCase('101', '2025-01-05'), '2025-03-26');
    // After: two cases, each filed within 60 days.
    await chargesheet(await aCase('102', '2025-07-01'), '2025-08-10');
    await chargesheet(await aCase('103', '2025-08-01'), '2025-09-05');
  });
  afterAll(() => subject.close());

  const chargesheets = async () => {
    const response = await mira.get(`/api/trainings/sessions/${sessionId}/follow-up`);
    expect(response.statusCode, response.body).toBe(200);
    const followUp = response.json<FollowUp>();
    expect(followUp.windowDays).toBe(365);
    return followUp.officials[0]?.milestones.find((item) => item.milestone === 'chargesheet');
  };

  it('shows milestones before and after the training, on time, with the number of cases', async () => {
    expect(await chargesheets()).toEqual({
      milestone: 'chargesheet',
      deadline: true,
      before: { milestones: 1, onTime: 0, cases: 1 },
      after: { milestones: 2, onTime: 2, cases: 2 },
    });
  });

  it('another organisation’s manager gets 404', async () => {
    const outsider = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId: await anOrganisation(subject.deps, 'Test Elsewhere Trust'),
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes('program_manager'),
      }),
    );
    expect((await outsider.get(`/api/trainings/sessions/${sessionId}/follow-up`)).statusCode).toBe(
      404,
    );
  });
});
