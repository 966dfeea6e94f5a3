import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { someOfficials } from '../trainings/training.test-support.ts';

const at = (day: string, time = '10:00') => `${day}T${time}:00+05:30`;

interface HonourList {
  civilServicesDay: string;
  honourees: { name: string; onTime: unknown[]; cases: number }[];
}

/**
 * Issue 14, the "chosen few" honour: in 2025 one inspector filed a chargesheet within 60 days and
 * another filed one late. Only the first is on the 2025 honour list (a milestone met late is not
 * "on time"), and the printable letters for 21 April 2026 name only him.
 */
describe(`the chosen-few honour list (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let onTimeName: string;
  let lateName: string;

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
    const lawyer = await user('legal_officer');
    const { officials } = await someOfficials(subject.deps, 2);
    const [prompt, late] = officials;
    if (!prompt || !late) throw new Error('fixture');
    onTimeName = prompt.name;
    lateName = late.name;
    const stationId = (
      await subject.deps.db
        .selectFrom('official')
        .select('organisation_id')
        .where('id', '=', prompt.id)
        .executeTakeFirstOrThrow()
    ).organisation_id;
    for (const [number, official, chargesheetDay] of [
      ['201', prompt.id, '2025-03-01'],
      ['202', late.id, '2025-04-15'],
    ] as const) {
      const accused = await lawyer.post('/api/persons', {
        sex: 'male',
        ageBand: '35+',
        languages: ['bn'],
      });
      const created = await lawyer.post('/api/legal-cases', {
        fir: { policeStationId: stationId, number, year: 2025, registeredAt: at('2025-01-05') },
        forum: 'magistrate',
        offences: ['ITPA:3', 'ITPA:4'],
        accused: [accused.json<{ id: string }>().id],
      });
      const caseId = created.json<{ id: string }>().id;
      for (const event of [
        {
          type: 'accused.arrested',
          occurredAt: at('2025-01-05', '12:00'),
          data: { accused: 'A1' },
          officials: [],
        },
        {
          type: 'accused.remanded',
          occurredAt: at('2025-01-05', '16:00'),
          data: { accused: 'A1', custody: 'judicial' },
          officials: [],
        },
        { type: 'chargesheet.filed', occurredAt: at(chargesheetDay), officials: [official] },
      ]) {
        const response = await lawyer.post(`/api/legal-cases/${caseId}/events`, event);
        expect(response.statusCode, response.body).toBe(201);
      }
    }
  }, 180_000);
  afterAll(() => subject.close());

  it('lists only the official whose milestone met its deadline on time', async () => {
    const response = await mira.get('/api/honours/2025');
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json<HonourList>();
    expect(list.civilServicesDay).toBe('2026-04-21');
    expect(list.honourees.map((official) => official.name)).toEqual([onTimeName]);
    expect(list.honourees[0]).toMatchObject({ cases: 1, onTime: [expect.anything()] });
  });

  it('prints one letter of appreciation per honouree for 21 April', async () => {
    const response = await mira.get('/api/honours/2025/letters.html');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('21 April 2026');
    expect(response.body).toContain(onTimeName);
    expect(response.body).not.toContain(lateName);
  });

  it('a social worker, who may not read reports, gets 404', async () => {
    const organisationId = await anOrganisation(subject.deps, 'Test Other Trust');
    const worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    expect((await worker.get('/api/honours/2025')).statusCode).toBe(404);
  });
});
