import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * Issue 5: the team of a legal case works with its victims and accused. Asha opens a case naming
 * an accused and a victim and puts Bina on its team: Bina reads both persons. Chitra, a legal
 * officer of the same organisation not on the team, gets 404 for either, and neither appears in
 * her person list.
 */
describe(`persons seen through a legal case's team (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let bina: Client;
  let chitra: Client;
  let accusedId: string;
  let victimId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    const asha = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    const binaUser = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    bina = await signedIn(subject.app, binaUser);
    chitra = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    const aPerson = async (sex: string, ageBand: string) => {
      const response = await asha.post('/api/persons', { sex, ageBand, languages: [] });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    accusedId = await aPerson('male', '35+');
    victimId = await aPerson('female', '18-24');
    const created = await asha.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '12',
        year: 2025,
        registeredAt: '2025-03-01T10:00:00+05:30',
      },
      forum: 'magistrate',
      offences: ['ITPA:5'],
      victims: [victimId],
      accused: [accusedId],
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json<{ id: string }>().id;
    const added = await asha.post(`/api/legal-cases/${caseId}/team`, { userId: binaUser.id });
    expect(added.statusCode, added.body).toBe(200);
  });
  afterAll(() => subject.close());

  it('a legal officer on the case team reads its accused and its victim', async () => {
    for (const personId of [accusedId, victimId]) {
      const response = await bina.get(`/api/persons/${personId}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<{ id: string }>().id).toBe(personId);
    }
    const listed = (await bina.get('/api/persons')).json<{ persons: { id: string }[] }>().persons;
    expect(listed.map((person) => person.id).sort()).toEqual([accusedId, victimId].sort());
  });

  it('a legal officer not on the team gets 404 and an empty list', async () => {
    for (const personId of [accusedId, victimId]) {
      expect((await chitra.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    }
    const listed = (await chitra.get('/api/persons')).json<{ persons: { id: string }[] }>().persons;
    expect(listed).toEqual([]);
  });
});
