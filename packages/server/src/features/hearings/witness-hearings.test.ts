import type { Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

// Invented people and places: no real person, station or court has these details.
const at = (date: string, time = '10:30') => `${date}T${time}:00+05:30`;
/** A date-time a few weeks ahead, at 10:30 India time, in the form the API stores. */
const ahead = (days: number) => {
  const day = new Date(Date.now() + days * 86_400_000 + 330 * 60_000).toISOString().slice(0, 10);
  return at(day);
};

/** As the API answers: India time with milliseconds. */
const shown = (value: string) => value.replace('+05:30', '.000+05:30');

interface WitnessHearing {
  legalCaseId: string;
  kind: 'held' | 'scheduled';
  at: string;
  purpose: string | null;
  witnesses: string[];
  victimRef: string;
}

/**
 * Issue 5 §5, victim-witness support. Two survivors testify in one legal case: V1 (Sita's care
 * case) and V2 (another care case). Sita, who cannot read the legal case, sees on V1's care case
 * the hearing where V1 testified, not V2's; the next hearing appears once a testimony preparation
 * of V1 is recorded for it. A social worker not on the care case and a legal officer without care
 * case access get 404.
 */
describe(`victim-witness support: her care team sees her hearings (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let sita: Client;
  let meera: Client;
  let legalCaseId: string;
  let firstCareCaseId: string;
  let secondCareCaseId: string;
  const nextDate = ahead(20);

  const user = async (roles: Role[], organisationId: string) =>
    aUser(subject.deps, {
      roles,
      organisationId,
      twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
    });
  const hearingsOf = async (client: Client, careCaseId: string) => {
    const response = await client.get(`/api/care-cases/${careCaseId}/hearings`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ hearings: WitnessHearing[] }>().hearings;
  };
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    sita = await signedIn(subject.app, await user(['social_worker'], organisationId));
    meera = await signedIn(subject.app, await user(['program_manager'], organisationId));
    const careCaseFor = async () => {
      const response = await sita.post('/api/care-cases', {
        person: { sex: 'female', ageBand: '18-24', languages: ['bn'] },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; person: { id: string } }>();
    };
    const first = await careCaseFor();
    const second = await careCaseFor();
    firstCareCaseId = first.id;
    secondCareCaseId = second.id;
    const created = await meera.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '31',
        year: 2025,
        registeredAt: at('2025-01-05', '09:00'),
      },
      forum: 'sessions',
      offences: ['ITPA:5'],
      victims: [first.person.id, second.person.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    legalCaseId = created.json<{ id: string }>().id;
    for (const event of [
      { type: 'chargesheet.filed', occurredAt: at('2025-03-01', '11:00'), data: {} },
      { type: 'court.cognizance', occurredAt: at('2025-03-20', '11:00'), data: {} },
      {
        type: 'court.hearing',
        occurredAt: at('2025-05-06'),
        data: { purpose: 'victim_evidence', witnesses: ['V2'] },
      },
      {
        type: 'court.hearing',
        occurredAt: at('2025-05-20'),
        data: {
          purpose: 'victim_evidence',
          witnesses: ['V1'],
          nextDate,
          nextPurpose: 'evidence',
        },
      },
    ]) {
      const response = await meera.post(`/api/legal-cases/${legalCaseId}/events`, event);
      expect(response.statusCode, `${event.type}: ${response.body}`).toBe(201);
    }
  });
  afterAll(() => subject.close());

  it('her care team sees the hearing where she testified, and not the other survivor’s', async () => {
    expect(await hearingsOf(sita, firstCareCaseId)).toEqual([
      expect.objectContaining({
        legalCaseId,
        kind: 'held',
        at: shown(at('2025-05-20')),
        purpose: 'victim_evidence',
        witnesses: ['V1'],
        victimRef: 'V1',
      }),
    ]);
    expect(await hearingsOf(sita, secondCareCaseId)).toEqual([
      expect.objectContaining({ at: shown(at('2025-05-06')), witnesses: ['V2'], victimRef: 'V2' }),
    ]);
    // The hearings, not the legal case: Sita still cannot open it.
    expect((await sita.get(`/api/legal-cases/${legalCaseId}`)).statusCode).toBe(404);
  });

  it('a preparation linking the wrong care case is refused by field', async () => {
    const response = await meera.post(`/api/legal-cases/${legalCaseId}/testimony-preparations`, {
      victimRef: 'V1',
      heldAt: at('2025-05-30'),
      forHearingAt: nextDate,
      careCaseId: secondCareCaseId,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/careCaseId/);
  });

  it('the next hearing appears once a testimony preparation of hers is recorded for it', async () => {
    const response = await meera.post(`/api/legal-cases/${legalCaseId}/testimony-preparations`, {
      victimRef: 'V1',
      heldAt: at('2025-05-30'),
      forHearingAt: nextDate,
      careCaseId: firstCareCaseId,
      topics: ['cross-examination'],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect((await hearingsOf(sita, firstCareCaseId)).map((hearing) => hearing.kind)).toEqual([
      'held',
      'scheduled',
    ]);
    expect((await hearingsOf(sita, firstCareCaseId))[1]).toMatchObject({
      kind: 'scheduled',
      at: shown(nextDate),
      purpose: 'evidence',
      victimRef: 'V1',
    });
    // Not V2's: the preparation was V1's.
    expect(await hearingsOf(sita, secondCareCaseId)).toHaveLength(1);
  });

  it('a social worker not on her care case, and a legal officer, get 404', async () => {
    for (const roles of [['social_worker'], ['legal_officer']] satisfies Role[][]) {
      const client = await signedIn(subject.app, await user(roles, organisationId));
      expect((await client.get(`/api/care-cases/${firstCareCaseId}/hearings`)).statusCode).toBe(
        404,
      );
    }
  });
});
