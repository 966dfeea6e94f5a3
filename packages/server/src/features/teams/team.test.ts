import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

type Outcome = 'ok' | 404;
const only = (roles: Role[]): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((role) => [role, roles.includes(role) ? 'ok' : 404])) as Record<
    Role,
    Outcome
  >;

interface Member {
  userId: string;
  displayName: string;
  roles: string[];
}

describe(`case teams and colleagues (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let meera: Client;
  let meeraId: string;
  let arjunId: string;
  let legalCaseId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Sunrise Legal Aid');
    const meeraUser = await aUser(subject.deps, {
      roles: ['legal_officer'],
      organisationId,
      name: 'Meera Testlawyer',
    });
    meeraId = meeraUser.id;
    meera = await signedIn(subject.app, meeraUser);
    arjunId = (
      await aUser(subject.deps, {
        roles: ['legal_officer', 'social_worker'],
        organisationId,
        name: 'Arjun Testcounsel',
      })
    ).id;
    const gone = await aUser(subject.deps, {
      roles: ['legal_officer'],
      organisationId,
      name: 'Arjuna Testformer',
    });
    await subject.deps.db
      .updateTable('app_user')
      .set({ status: 'disabled' })
      .where('id', '=', gone.id)
      .execute();
    const elsewhere = await anOrganisation(subject.deps, 'Test Other Trust');
    await aUser(subject.deps, {
      roles: ['legal_officer'],
      organisationId: elsewhere,
      name: 'Arjun Testelsewhere',
    });
    const opened = await meera.post('/api/legal-cases', { offences: ['ITPA:5'] });
    expect(opened.statusCode).toBe(201);
    legalCaseId = opened.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  it('Meera looks for “arj” among her colleagues: Arjun, active and in her organisation, and no e-mail', async () => {
    const response = await meera.get('/api/colleagues?search=arj');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      colleagues: [
        {
          userId: arjunId,
          displayName: 'Arjun Testcounsel',
          roles: ['legal_officer', 'social_worker'],
        },
      ],
    });
    expect(response.body).not.toContain('@');
    const byId = await meera.get(`/api/colleagues?ids=${arjunId},${meeraId}`);
    expect(byId.json<{ colleagues: Member[] }>().colleagues.map((user) => user.userId)).toEqual([
      arjunId,
      meeraId,
    ]);
  });

  it('she adds him to the legal case, and its team lists them both in the order they joined', async () => {
    expect((await meera.get(`/api/legal-cases/${legalCaseId}/team`)).json()).toEqual({
      members: [{ userId: meeraId, displayName: 'Meera Testlawyer', roles: ['legal_officer'] }],
    });
    const added = await meera.post(`/api/legal-cases/${legalCaseId}/team`, { userId: arjunId });
    expect(added.statusCode).toBe(200);
    const team = (await meera.get(`/api/legal-cases/${legalCaseId}/team`)).json<{
      members: Member[];
    }>();
    expect(team.members.map((member) => member.displayName)).toEqual([
      'Meera Testlawyer',
      'Arjun Testcounsel',
    ]);
  });

  it('a police station the case is shared with sees the team; another NGO’s manager gets a 404', async () => {
    const stationId = await anOrganisation(subject.deps, 'Test Thana', 'police_station');
    const officer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['partner_official'], organisationId: stationId }),
    );
    expect((await officer.get(`/api/legal-cases/${legalCaseId}/team`)).statusCode).toBe(404);
    await meera.post(`/api/legal-cases/${legalCaseId}/shares`, { organisationId: stationId });
    const shared = await officer.get(`/api/legal-cases/${legalCaseId}/team`);
    expect(shared.statusCode).toBe(200);
    expect(shared.json<{ members: Member[] }>().members).toHaveLength(2);

    const stranger = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId: await anOrganisation(subject.deps, 'Test Stranger Trust'),
        twoFactor: true,
      }),
    );
    expect((await stranger.get(`/api/legal-cases/${legalCaseId}/team`)).statusCode).toBe(404);
    const missing = await meera.get(`/api/legal-cases/${crypto.randomUUID()}/team`);
    expect(missing.statusCode).toBe(404);
  });

  it('a social worker opens a care case, adds a counsellor she found, and the counsellor sees the team', async () => {
    const worker = await aUser(subject.deps, {
      roles: ['social_worker'],
      organisationId,
      name: 'Sita Testworker',
    });
    const counsellor = await aUser(subject.deps, {
      roles: ['counsellor'],
      organisationId,
      name: 'Kavya Testcounsellor',
    });
    const workerClient = await signedIn(subject.app, worker);
    const opened = await workerClient.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: [] },
    });
    const careCaseId = opened.json<{ id: string }>().id;
    const counsellorClient = await signedIn(subject.app, counsellor);
    expect((await counsellorClient.get(`/api/care-cases/${careCaseId}/team`)).statusCode).toBe(404);

    const found = await workerClient.get('/api/colleagues?search=kavya');
    expect(found.json<{ colleagues: Member[] }>().colleagues).toEqual([
      { userId: counsellor.id, displayName: 'Kavya Testcounsellor', roles: ['counsellor'] },
    ]);
    await workerClient.post(`/api/care-cases/${careCaseId}/team`, { userId: counsellor.id });
    const team = await counsellorClient.get(`/api/care-cases/${careCaseId}/team`);
    expect(team.statusCode).toBe(200);
    expect(team.json()).toEqual({
      members: [
        { userId: worker.id, displayName: 'Sita Testworker', roles: ['social_worker'] },
        { userId: counsellor.id, displayName: 'Kavya Testcounsellor', roles: ['counsellor'] },
      ],
    });
  });

  it('wildcards in a search are dropped, not obeyed: “zz%zz” finds nobody', async () => {
    const none = await meera.get('/api/colleagues?search=zz%25zz');
    expect(none.json()).toEqual({ colleagues: [] });
  });
});

describe(`access matrix: case teams and colleagues (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const clients = new Map<Role, Client>();
  let legalCaseId: string;
  let careCaseId: string;

  // The callers share the cases' organisation but are on no team and nothing is shared with them.
  const MATRIX: { name: string; url: () => string; expected: Record<Role, Outcome> }[] = [
    {
      name: 'read a legal case’s team',
      url: () => `/api/legal-cases/${legalCaseId}/team`,
      expected: only(['program_manager']),
    },
    {
      name: 'read a care case’s team',
      url: () => `/api/care-cases/${careCaseId}/team`,
      expected: only(['program_manager']),
    },
    {
      name: 'find colleagues',
      url: () => '/api/colleagues',
      expected: only([
        'social_worker',
        'counsellor',
        'shelter_staff',
        'legal_officer',
        'program_manager',
      ]),
    },
  ];

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Teams Trust');
    const lawyer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    legalCaseId = (await lawyer.post('/api/legal-cases', { offences: ['ITPA:5'] })).json<{
      id: string;
    }>().id;
    const worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    careCaseId = (
      await worker.post('/api/care-cases', {
        person: { sex: 'female', ageBand: '15-17', languages: [] },
      })
    ).json<{ id: string }>().id;
    for (const role of ROLES) {
      const user = await aUser(subject.deps, {
        roles: [role],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
      });
      clients.set(role, await signedIn(subject.app, user));
    }
  });
  afterAll(() => subject.close());

  for (const row of MATRIX) {
    it(`${row.name}: ${ROLES.map((role) => `${role} ${row.expected[role]}`).join(', ')}; signed out 401`, async () => {
      const actual: Record<string, 'ok' | number> = {};
      for (const role of ROLES) {
        const client = clients.get(role);
        if (!client) throw new Error(`no client for ${role}`);
        const response = await client.get(row.url());
        actual[role] = response.statusCode === 200 ? 'ok' : response.statusCode;
      }
      expect(actual).toEqual(row.expected);
      expect((await new Client(subject.app).get(row.url())).statusCode).toBe(401);
    });
  }
});
