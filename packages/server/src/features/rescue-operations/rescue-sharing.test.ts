import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

interface TimelineBody {
  groups: { events: { type: string; occurredAt: string; data: Record<string, unknown> }[] }[];
}

/**
 * Issue 12 §4, rescue to care without typing it twice. Lata, a legal officer, records a night
 * rescue led by a police station: two women rescued, one man arrested, the exact place sealed.
 * Rina, a social worker of the same organisation who was not on the operation, sees it (and the
 * women, not the man), opens their care cases from it, and each timeline starts with the rescue:
 * its date, its district and the agency, never the sealed place. A social worker of another
 * organisation sees nothing. Everyone and everywhere here is invented.
 */
describe(`rescue operations reach the organisation's case staff (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let lata: Client;
  let rina: Client;
  let stranger: Client;
  let operationId: string;
  let rescued: string[];
  let arrestedId: string;
  let stationId: string;
  const SEALED_PLACE = 'Invented lane 7, Fictiongunj';

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    stationId = await anOrganisation(subject.deps, 'Test North Police Station', 'police_station');
    const elsewhere = await anOrganisation(subject.deps, 'Test Other Trust');
    lata = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    rina = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    stranger = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId: elsewhere }),
    );
    const aPerson = async (sex: string, ageBand: string) => {
      const response = await lata.post('/api/persons', { sex, ageBand, languages: ['bn'] });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    rescued = [await aPerson('female', '15-17'), await aPerson('female', '18-24')];
    arrestedId = await aPerson('male', '35+');
    const operation = await lata.post('/api/rescue-operations', {
      occurredAt: '2025-02-14T01:30:00+05:30',
      district: 'Test District',
      location: SEALED_PLACE,
      legalBasis: 'ITPA:15',
      policeUnitId: stationId,
      rescuedPersonIds: rescued,
      arrestedPersonIds: [arrestedId],
    });
    expect(operation.statusCode, operation.body).toBe(201);
    operationId = operation.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  it('Rina, not on the operation, sees it and the women rescued, but not the man arrested', async () => {
    const list = (await rina.get('/api/rescue-operations')).json<{
      rescueOperations: { id: string }[];
    }>();
    expect(list.rescueOperations.map((operation) => operation.id)).toEqual([operationId]);
    expect((await rina.get(`/api/rescue-operations/${operationId}`)).statusCode).toBe(200);
    for (const personId of rescued)
      expect((await rina.get(`/api/persons/${personId}`)).statusCode).toBe(200);
    expect((await rina.get(`/api/persons/${arrestedId}`)).statusCode).toBe(404);
    // The sealed place stays sealed and sharing stays with the operation's team.
    const reveal = await rina.post(`/api/rescue-operations/${operationId}/location/reveal`, {
      reason: 'Curious about where it happened',
    });
    expect(reveal.statusCode).toBe(404);
    const share = await rina.post(`/api/rescue-operations/${operationId}/shares`, {
      organisationId: stationId,
    });
    expect(share.statusCode).toBe(404);
  });

  it('a social worker of another organisation sees no operation and no person of it', async () => {
    expect(
      (await stranger.get('/api/rescue-operations')).json<{ rescueOperations: unknown[] }>()
        .rescueOperations,
    ).toEqual([]);
    expect((await stranger.get(`/api/rescue-operations/${operationId}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/persons/${rescued[0] ?? ''}`)).statusCode).toBe(404);
  });

  it('Rina opens their care cases: each starts with the rescue on its timeline and in its header', async () => {
    const opened = await rina.post(`/api/rescue-operations/${operationId}/care-cases`, {});
    expect(opened.statusCode, opened.body).toBe(200);
    const careCases = opened.json<{ careCases: { careCaseId: string; opened: boolean }[] }>()
      .careCases;
    expect(careCases).toHaveLength(2);
    for (const { careCaseId } of careCases) {
      const header = (await rina.get(`/api/care-cases/${careCaseId}`)).json<{
        rescuedAt: string | null;
      }>();
      expect(header.rescuedAt).toBe(new Date('2025-02-14T01:30:00+05:30').toISOString());
      const timeline = await rina.get(`/api/care-cases/${careCaseId}/timeline`);
      expect(timeline.statusCode, timeline.body).toBe(200);
      const events = timeline.json<TimelineBody>().groups.flatMap((group) => group.events);
      expect(events).toMatchObject([
        {
          type: 'rescue.identified',
          occurredAt: new Date('2025-02-14T01:30:00+05:30').toISOString(),
          data: {
            rescuedBy: 'police',
            rescuePlace: { district: 'Test District' },
            traffickingStatus: 'PossibleVictimOfTrafficking',
            typeOfExploitation: ['SexualExploitation'],
            rescueOperationReference: operationId,
          },
        },
      ]);
      expect(timeline.body).not.toContain('Fictiongunj');
    }
  });
});
