import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, Client, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { aPdf, upload } from './document.test-support.ts';

type Outcome = 'ok' | 404;
const only = (roles: Role[]): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((role) => [role, roles.includes(role) ? 'ok' : 404])) as Record<
    Role,
    Outcome
  >;

/** Who may upload and download a person's documents, role by role, and that each try is audited. */
describe(`documents: access matrix (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const clients = new Map<Role, Client>();
  let personId: string;
  let documentId: string;
  let outsiders: Client[];

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Trust');
    const otherOrganisationId = await anOrganisation(subject.deps, 'Test Elsewhere Trust');
    const users = new Map<Role, TestUser>();
    for (const role of ROLES) {
      const user = await aUser(subject.deps, {
        roles: [role],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
      });
      users.set(role, user);
      clients.set(role, await signedIn(subject.app, user));
    }
    const manager = clients.get('program_manager');
    if (!manager) throw new Error('no manager');
    const person = await manager.post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      languages: [],
    });
    personId = person.json<{ id: string }>().id;
    // Everyone of the organisation is on her team: what remains is what their role allows.
    await subject.database.db
      .insertInto('team_membership')
      .values(
        [...users.values()].map((user) => ({
          entity_type: 'person',
          entity_id: personId,
          user_id: user.id,
        })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    const uploaded = await upload(subject.app, manager, {
      entityType: 'person',
      entityId: personId,
      type: 'identity_document',
      title: 'Identity document',
      file: aPdf(),
    });
    documentId = uploaded.json<{ id: string }>().id;
    outsiders = [
      // Same organisation, not on her team.
      await signedIn(
        subject.app,
        await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
      ),
      // Another organisation's manager.
      await signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles: ['program_manager'],
          organisationId: otherOrganisationId,
          twoFactor: true,
        }),
      ),
    ];
  });
  afterAll(() => subject.close());

  const rows: {
    name: string;
    run: (client: Client | undefined) => Promise<{ statusCode: number }>;
    expected: Record<Role, Outcome>;
  }[] = [
    {
      name: 'upload',
      run: (client) =>
        upload(subject.app, client, {
          entityType: 'person',
          entityId: personId,
          type: 'other',
          title: 'Matrix upload',
          file: aPdf(),
        }),
      expected: only(['social_worker', 'legal_officer', 'program_manager']),
    },
    {
      name: 'list',
      run: (client) =>
        (client ?? new Client(subject.app)).get(
          `/api/documents?entityType=person&entityId=${personId}`,
        ),
      expected: only(['social_worker', 'counsellor', 'legal_officer', 'program_manager']),
    },
    {
      name: 'download',
      run: (client) =>
        (client ?? new Client(subject.app)).get(`/api/documents/${documentId}/content`),
      expected: only(['social_worker', 'counsellor', 'legal_officer', 'program_manager']),
    },
  ];

  for (const row of rows) {
    it(`${row.name}: ${ROLES.map((role) => `${role} ${row.expected[role]}`).join(', ')}; outsiders 404; signed out 401`, async () => {
      const actual: Record<string, 'ok' | number> = {};
      for (const role of ROLES) {
        const response = await row.run(clients.get(role));
        actual[role] =
          response.statusCode === 200 || response.statusCode === 201 ? 'ok' : response.statusCode;
      }
      expect(actual).toEqual(row.expected);
      for (const outsider of outsiders) expect((await row.run(outsider)).statusCode).toBe(404);
      expect((await row.run(undefined)).statusCode).toBe(401);
    });
  }

  it('every download is audited, every denial too, naming the permission only', async () => {
    const downloads = await subject.database.db
      .selectFrom('audit_event')
      .select('actor_user_id')
      .where('action', '=', 'document.downloaded')
      .where('entity_id', '=', documentId)
      .execute();
    expect(downloads).toHaveLength(4);
    const denials = await subject.database.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'access.denied')
      .where('entity_id', 'in', [personId, documentId])
      .execute();
    expect(denials.length).toBeGreaterThan(10);
    for (const denial of denials) expect(Object.keys(denial.details)).toEqual(['permission']);
  });
});
