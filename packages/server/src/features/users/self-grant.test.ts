import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/** Revealing a survivor's identity takes two people: no administrator grants it to themself. */
describe(`an administrator and the roles that reveal identities (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Two Keys Trust');
  });
  afterAll(() => subject.close());

  it('Asha cannot give herself the programme manager role; Binod, another admin, can; the refusal is audited', async () => {
    const asha = await aUser(subject.deps, { roles: ['admin'], organisationId, twoFactor: true });
    const binod = await aUser(subject.deps, { roles: ['admin'], organisationId, twoFactor: true });
    const ashaClient = await signedIn(subject.app, asha);

    const selfGrant = await ashaClient.request('PATCH', `/api/users/${asha.id}`, {
      roles: ['admin', 'program_manager'],
    });
    expect(selfGrant.statusCode).toBe(409);
    expect(selfGrant.json<{ error: { message: string } }>().error.message).toContain(
      'ask another administrator',
    );
    const stored = await subject.database.db
      .selectFrom('app_user')
      .select('roles')
      .where('id', '=', asha.id)
      .executeTakeFirstOrThrow();
    expect(stored.roles).toEqual(['admin']);
    const refusal = await subject.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('entity_id', '=', asha.id)
      .where('action', '=', 'user.updated')
      .executeTakeFirstOrThrow();
    expect(refusal).toMatchObject({
      outcome: 'denied',
      details: { reason: 'self_grant_of_reveal' },
    });

    // A change of her own name still works.
    expect(
      (await ashaClient.request('PATCH', `/api/users/${asha.id}`, { displayName: 'Asha T.' }))
        .statusCode,
    ).toBe(200);

    const binodClient = await signedIn(subject.app, binod);
    const granted = await binodClient.request('PATCH', `/api/users/${asha.id}`, {
      roles: ['admin', 'program_manager'],
    });
    expect(granted.statusCode).toBe(200);
  });
});
