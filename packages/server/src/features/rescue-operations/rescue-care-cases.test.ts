import type { Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

// Invented people and places: no real person or place has these details.
interface CareCaseResult {
  personId: string;
  careCaseId: string;
  code: string;
  opened: boolean;
}

/**
 * Issue 5 §1: from a rescue operation, the persons rescued get their care cases in one step.
 * Sita, a social worker, records a rescue of three; one step opens three care cases, which the
 * operation's page then names; repeating the step opens nothing new. Lata, a legal officer on
 * the operation, may not open care cases (404, nothing opened); a social worker of another
 * organisation gets 404 too.
 */
describe(`rescue operation → care cases in one step (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let sita: Client;
  let lata: Client;
  let outsider: Client;
  let operationId: string;
  let rescued: string[];
  let arrestedId: string;

  const careCaseCount = async () =>
    Number(
      (
        await subject.database.db
          .selectFrom('care_case')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const user = async (roles: Role[], organisationId: string) =>
    aUser(subject.deps, {
      roles,
      organisationId,
      twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
    });

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    sita = await signedIn(subject.app, await user(['social_worker'], organisationId));
    const lataUser = await user(['legal_officer'], organisationId);
    lata = await signedIn(subject.app, lataUser);
    // A social worker of another organisation: her own organisation's case staff see its rescues.
    const elsewhere = await anOrganisation(subject.deps, 'Test Other Trust');
    outsider = await signedIn(subject.app, await user(['social_worker'], elsewhere));
    const aPerson = async (sex: string, ageBand: string) => {
      const response = await sita.post('/api/persons', { sex, ageBand, languages: ['bn'] });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    rescued = [
      await aPerson('female', '15-17'),
      await aPerson('female', '18-24'),
      await aPerson('female', '18-24'),
    ];
    arrestedId = await aPerson('male', '35+');
    const operation = await sita.post('/api/rescue-operations', {
      occurredAt: '2025-01-10T02:00:00+05:30',
      district: 'Test District',
      legalBasis: 'ITPA:15',
      ngoStaffIds: [lataUser.id],
      rescuedPersonIds: rescued,
      arrestedPersonIds: [arrestedId],
    });
    expect(operation.statusCode, operation.body).toBe(201);
    operationId = operation.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  it('a legal officer on the operation, without care_case:write, gets 404 and nothing is opened', async () => {
    const response = await lata.post(`/api/rescue-operations/${operationId}/care-cases`, {});
    expect(response.statusCode).toBe(404);
    expect(await careCaseCount()).toBe(0);
  });

  it('a social worker of another organisation gets 404 and nothing is opened', async () => {
    const response = await outsider.post(`/api/rescue-operations/${operationId}/care-cases`, {});
    expect(response.statusCode).toBe(404);
    expect(await careCaseCount()).toBe(0);
  });

  it('a rescue naming a person Sita may not see is refused beside that entry, and nothing is recorded', async () => {
    const theirs = await outsider.post('/api/persons', {
      sex: 'male',
      ageBand: '35+',
      languages: ['bn'],
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const operations = async () =>
      Number(
        (
          await subject.database.db
            .selectFrom('rescue_operation')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await operations();
    const response = await sita.post('/api/rescue-operations', {
      occurredAt: '2025-01-11T02:00:00+05:30',
      district: 'Test District',
      legalBasis: 'ITPA:15',
      rescuedPersonIds: rescued,
      arrestedPersonIds: [arrestedId, theirs.json<{ id: string }>().id],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { issues: [{ path: 'body.arrestedPersonIds.1', message: 'no such person' }] },
    });
    expect(await operations()).toBe(before);
  });

  it('naming a person arrested, not rescued, is refused by field and opens nothing', async () => {
    const response = await sita.post(`/api/rescue-operations/${operationId}/care-cases`, {
      personIds: [rescued[0], arrestedId],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(
      /personIds\.1.*no such person rescued/,
    );
    expect(await careCaseCount()).toBe(0);
  });

  it('Sita opens the three care cases in one step; the operation names each one', async () => {
    const response = await sita.post(`/api/rescue-operations/${operationId}/care-cases`, {});
    expect(response.statusCode, response.body).toBe(200);
    const careCases = response.json<{ careCases: CareCaseResult[] }>().careCases;
    expect(careCases.map((careCase) => careCase.personId).sort()).toEqual([...rescued].sort());
    expect(careCases.every((careCase) => careCase.opened)).toBe(true);
    expect(await careCaseCount()).toBe(3);
    // Each is a care case like any other: Sita, who opened it, is on its team.
    for (const careCase of careCases) {
      const detail = await sita.get(`/api/care-cases/${careCase.careCaseId}`);
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json<{ person: { id: string } }>().person.id).toBe(careCase.personId);
    }
    const operation = (await sita.get(`/api/rescue-operations/${operationId}`)).json<{
      rescued: { personId: string; careCaseId: string | null }[];
      arrested: { personId: string }[];
    }>();
    expect(
      Object.fromEntries(operation.rescued.map((person) => [person.personId, person.careCaseId])),
    ).toEqual(
      Object.fromEntries(careCases.map((careCase) => [careCase.personId, careCase.careCaseId])),
    );
    expect(operation.arrested).toEqual([expect.objectContaining({ personId: arrestedId })]);
  });

  it('the same step again opens nothing new and answers with the same cases', async () => {
    const first = (await sita.get(`/api/rescue-operations/${operationId}`)).json<{
      rescued: { personId: string; careCaseId: string }[];
    }>().rescued;
    const response = await sita.post(`/api/rescue-operations/${operationId}/care-cases`, {
      personIds: [rescued[1]],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ careCases: CareCaseResult[] }>().careCases).toEqual([
      expect.objectContaining({
        personId: rescued[1],
        careCaseId: first.find((person) => person.personId === rescued[1])?.careCaseId,
        opened: false,
      }),
    ]);
    expect(await careCaseCount()).toBe(3);
  });

  it('Lata, on the operation but not on the care cases, sees the operation without their ids', async () => {
    const operation = (await lata.get(`/api/rescue-operations/${operationId}`)).json<{
      rescued: { careCaseId: string | null }[];
    }>();
    expect(operation.rescued.map((person) => person.careCaseId)).toEqual([null, null, null]);
  });
});
