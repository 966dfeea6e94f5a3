import { ROLES } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

interface OfficialList {
  total: number;
  officials: { id: string; name: string; designation: string; organisation: { id: string } }[];
}

describe(`officials (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let stationId: string;
  let client: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    stationId = await anOrganisation(subject.deps, 'Test Fictionpur Thana', 'police_station');
    const cwcId = await anOrganisation(subject.deps, 'Test Nowhere CWC', 'cwc');
    await subject.deps.db
      .insertInto('official')
      .values([
        { name: 'Inspector Testkumar Das', designation: 'Inspector', organisation_id: stationId },
        { name: 'SI Testrani Bose', designation: 'Sub-Inspector', organisation_id: stationId },
        {
          name: 'ASI Testpal Roy',
          designation: 'Assistant Sub-Inspector',
          organisation_id: stationId,
        },
        { name: 'Testmita Das', designation: 'CWC member', organisation_id: cwcId },
      ])
      .execute();
    const ngoId = await anOrganisation(subject.deps, 'Test Officials Trust');
    client = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId: ngoId }),
    );
  });
  afterAll(() => subject.close());

  it('a social worker looks for “das”: the inspector and the CWC member, with their organisations', async () => {
    const response = await client.get('/api/officials?search=das');
    expect(response.statusCode).toBe(200);
    const list = response.json<OfficialList>();
    expect(list.total).toBe(2);
    expect(list.officials).toMatchObject([
      {
        name: 'Inspector Testkumar Das',
        designation: 'Inspector',
        organisation: { id: stationId, name: 'Test Fictionpur Thana', kind: 'police_station' },
      },
      { name: 'Testmita Das', organisation: { kind: 'cwc' } },
    ]);
  });

  it('narrows to one police station, a page at a time', async () => {
    const first = (
      await client.get(`/api/officials?organisationId=${stationId}&limit=2`)
    ).json<OfficialList>();
    expect(first.total).toBe(3);
    expect(first.officials.map((official) => official.name)).toEqual([
      'ASI Testpal Roy',
      'Inspector Testkumar Das',
    ]);
    const second = (
      await client.get(`/api/officials?organisationId=${stationId}&limit=2&offset=2`)
    ).json<OfficialList>();
    expect(second.officials.map((official) => official.name)).toEqual(['SI Testrani Bose']);
  });

  it('names the officials a record refers to, by their ids', async () => {
    const all = (await client.get('/api/officials?search=test')).json<OfficialList>();
    const wanted = all.officials.slice(0, 2).map((official) => official.id);
    const named = (await client.get(`/api/officials?ids=${wanted.join(',')}`)).json<OfficialList>();
    expect(named.officials.map((official) => official.id).sort()).toEqual([...wanted].sort());
    expect((await client.get('/api/officials?ids=nope')).statusCode).toBe(400);
  });

  it('says which field is wrong', async () => {
    const response = await client.get('/api/officials?organisationId=not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { issues: [{ path: 'querystring.organisationId' }] },
    });
  });

  it('every role may list officials (public servants, not secret); signed out is 401', async () => {
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Officials Trust');
    const actual: Record<string, number> = {};
    for (const role of ROLES) {
      const user = await aUser(subject.deps, {
        roles: [role],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
      });
      actual[role] = (await (await signedIn(subject.app, user)).get('/api/officials')).statusCode;
    }
    expect(actual).toEqual(Object.fromEntries(ROLES.map((role) => [role, 200])));
    expect((await new Client(subject.app).get('/api/officials')).statusCode).toBe(401);
  });
});
