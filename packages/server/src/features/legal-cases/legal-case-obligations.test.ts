import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { countingStatements } from '../../../test/statement-counter.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { obligationsForLegalCase } from './legal-case-obligations.ts';

// Invented people and places: no real person, station or court has these details.
const at = (date: string, time = '11:00') => `${date}T${time}:00+05:30`;

interface ObligationEntry {
  rule: string;
  caseId: string;
  caseCode: string;
  subject: string | null;
  status: string;
}

/**
 * Issue 6, "recomputed when events change": the legal officer records a remand and, with no sweep
 * having run, the chargesheet clock (BNSS s.187(3)) is already in the case's deadline list; when
 * the chargesheet is filed the clock is shown as met late, and as met once an offence of the
 * 90-day class is added to the case.
 */
describe(`a legal case's obligations follow its events (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let legalOfficer: Client;
  let caseId: string;
  let stationId: string;

  const obligationsOf = async (client: Client, id: string) => {
    const response = await client.get(`/api/obligations?caseId=${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ obligations: ObligationEntry[] }>().obligations;
  };

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    legalOfficer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    const accused = await legalOfficer.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: [],
    });
    const created = await legalOfficer.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '77',
        year: 2025,
        registeredAt: at('2025-02-01', '09:30'),
      },
      forum: 'magistrate',
      offences: ['ITPA:3'],
      accused: [accused.json<{ id: string }>().id],
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  it('lists the clocks an FIR starts as soon as the case is opened', async () => {
    expect((await obligationsOf(legalOfficer, caseId)).map((entry) => entry.rule)).toContain(
      'IN.BNSS.193.victim-progress',
    );
  });

  it('lists the chargesheet clock as soon as the remand is recorded, without a sweep', async () => {
    for (const event of [
      { type: 'accused.arrested', occurredAt: at('2025-02-02', '10:00'), data: { accused: 'A1' } },
      {
        type: 'accused.produced_before_magistrate',
        occurredAt: at('2025-02-02', '16:00'),
        data: { accused: 'A1' },
      },
      {
        type: 'accused.remanded',
        occurredAt: at('2025-02-02', '17:00'),
        data: { accused: 'A1', custody: 'judicial' },
      },
    ]) {
      const response = await legalOfficer.post(`/api/legal-cases/${caseId}/events`, event);
      expect(response.statusCode, response.body).toBe(201);
    }
    const obligations = await obligationsOf(legalOfficer, caseId);
    expect(obligations).toContainEqual(
      expect.objectContaining({
        rule: 'IN.BNSS.187.chargesheet',
        caseId,
        caseCode: 'FIR 77/2025, Test Fictionganj PS',
        subject: 'A1',
        // Remanded in February 2025: 60 days are long gone by the time this test runs.
        status: 'overdue',
      }),
    );
    // Recorded long after the clock ran out: listed overdue, but no alert or e-mail about a
    // stage missed more than 30 days ago (docs/alerts.md, "Long-overdue stages raise no alert").
    const alerts = (await legalOfficer.get('/api/alerts')).json<{
      alerts: { kind: string; rule: string }[];
    }>().alerts;
    expect(alerts).not.toContainEqual(expect.objectContaining({ rule: 'IN.BNSS.187.chargesheet' }));
  });

  it('shows the clock as met late once the chargesheet is filed', async () => {
    const response = await legalOfficer.post(`/api/legal-cases/${caseId}/events`, {
      type: 'chargesheet.filed',
      occurredAt: at('2025-04-20'),
      data: {},
    });
    expect(response.statusCode, response.body).toBe(201);
    const chargesheet = (await obligationsOf(legalOfficer, caseId)).find(
      (entry) => entry.rule === 'IN.BNSS.187.chargesheet',
    );
    expect(chargesheet?.status).toBe('met_late');
  });

  it('recounts the clock when the offences change: with a 90-day offence it was met in time', async () => {
    const response = await legalOfficer.request('PATCH', `/api/legal-cases/${caseId}`, {
      offences: ['ITPA:3', 'BNS:143(4)'],
    });
    expect(response.statusCode, response.body).toBe(200);
    const chargesheet = (await obligationsOf(legalOfficer, caseId)).find(
      (entry) => entry.rule === 'IN.BNSS.187.chargesheet',
    );
    expect(chargesheet?.status).toBe('met');
  });

  it('computes a case’s obligations on read in as many statements for three victims as for one', async () => {
    const aPerson = async (ageBand: string) => {
      const response = await legalOfficer.post('/api/persons', {
        sex: 'female',
        ageBand,
        languages: ['bn'],
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    const aCase = async (victims: number) => {
      const ids = [];
      for (let index = 0; index < victims; index += 1) ids.push(await aPerson('15-17'));
      const created = await legalOfficer.post('/api/legal-cases', {
        fir: {
          policeStationId: stationId,
          number: String(100 + victims),
          year: 2025,
          registeredAt: at('2025-03-01', '09:30'),
        },
        offences: ['ITPA:5', 'POCSO:6'],
        victims: ids,
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string }>().id;
    };
    const counting = countingStatements(subject.deps.db);
    const statementsFor = (id: string) =>
      counting.counted(async () => {
        const result = await obligationsForLegalCase(
          counting.db,
          id,
          new Date(),
          subject.deps.vault,
        );
        expect(result.obligations.length).toBeGreaterThan(0);
      });
    const one = await statementsFor(await aCase(1));
    expect(one).toBeGreaterThan(0);
    expect(await statementsFor(await aCase(3))).toBe(one);
  });
});
