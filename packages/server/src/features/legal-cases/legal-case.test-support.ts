import { expect } from 'vitest';
import {
  aUser,
  anOrganisation,
  signedIn,
  type Client,
  type TestUser,
} from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * The world of the legal-case stories: an NGO, a police station and a POCSO court, an IO and a
 * prosecutor, the NGO's legal officers and manager, a partner police account, three victims and
 * two accused. Invented people and places: no real person, station or court has these details.
 */
const IST = '+05:30';
export const at = (date: string, time = '11:00') => `${date}T${time}:00${IST}`;

export interface LegalCaseWorld {
  subject: TestApp;
  organisationId: string;
  stationId: string;
  courtId: string;
  officerId: string;
  prosecutorId: string;
  legalOfficer: Client;
  legalOfficerUser: TestUser;
  manager: Client;
  outsiderWorker: Client;
  police: Client;
  policeUser: TestUser;
  victims: string[];
  accused: string[];
  aPerson(client: Client, ageBand: string, sex?: string): Promise<string>;
  record(
    caseIdentifier: string,
    event: Record<string, unknown>,
    client?: Client,
  ): ReturnType<Client['post']>;
  eventCount(caseIdentifier: string): Promise<number>;
}

export async function aLegalCaseWorld(): Promise<LegalCaseWorld> {
  const subject = await createTestApp();
  const db = subject.deps.db;
  const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
  const stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
  const court = await db
    .insertInto('organisation')
    .values({
      name: 'Test Special POCSO Court I',
      kind: 'court',
      district: 'Test District',
      state: 'West Bengal',
      country: 'IN',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const courtId = court.id;
  const anOfficial = async (name: string, designation: string, organisation: string) =>
    (
      await db
        .insertInto('official')
        .values({ name, designation, organisation_id: organisation })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const officerId = await anOfficial('SI Test Ranjana Imaginary', 'Sub-Inspector', stationId);
  const prosecutorId = await anOfficial(
    'Test Special PP Fictional',
    'Special Public Prosecutor',
    courtId,
  );
  const legalOfficerUser = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
  const legalOfficer = await signedIn(subject.app, legalOfficerUser);
  const manager = await signedIn(
    subject.app,
    await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
  );
  const outsiderWorker = await signedIn(
    subject.app,
    await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
  );
  const policeUser = await aUser(subject.deps, {
    roles: ['partner_official'],
    organisationId: stationId,
  });
  const police = await signedIn(subject.app, policeUser);

  async function aPerson(client: Client, ageBand: string, sex = 'female'): Promise<string> {
    const response = await client.post('/api/persons', { sex, ageBand, languages: ['bn'] });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }
  const victims = [
    await aPerson(legalOfficer, '15-17'),
    await aPerson(legalOfficer, '18-24'),
    await aPerson(legalOfficer, '18-24'),
  ];
  const accused = [
    await aPerson(legalOfficer, '35+', 'male'),
    await aPerson(legalOfficer, '25-34', 'male'),
  ];
  return {
    subject,
    organisationId,
    stationId,
    courtId,
    officerId,
    prosecutorId,
    legalOfficer,
    legalOfficerUser,
    manager,
    outsiderWorker,
    police,
    policeUser,
    victims,
    accused,
    aPerson,
    record: (caseIdentifier, event, client = legalOfficer) =>
      client.post(`/api/legal-cases/${caseIdentifier}/events`, event),
    async eventCount(caseIdentifier) {
      const row = await subject.database.db
        .selectFrom('legal_case_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('legal_case_id', '=', caseIdentifier)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** FIR 17/2025 under BNS 143(4), POCSO 6 and ITPA 3, 4, 5, with the world's victims and accused. */
export function firSeventeen(world: LegalCaseWorld) {
  return {
    fir: {
      policeStationId: world.stationId,
      number: '17',
      year: 2025,
      registeredAt: at('2025-01-10', '09:30'),
    },
    cnr: 'wbts01-000017-2025',
    courtId: world.courtId,
    forum: 'special-pocso',
    offences: ['BNS:143(4)', 'POCSO:6', 'ITPA:3', 'ITPA:4', 'ITPA:5'],
    investigatingOfficerId: world.officerId,
    publicProsecutorId: world.prosecutorId,
    victims: world.victims,
    accused: world.accused,
  };
}

/** Rescue, arrest, production, remand and bail, then the IO's chargesheet on day 61 of remand. */
export function custodySteps(world: LegalCaseWorld) {
  return [
    { type: 'victim.rescued', occurredAt: at('2025-01-10', '02:00'), data: { victim: 'V1' } },
    { type: 'accused.arrested', occurredAt: at('2025-01-10', '02:30'), data: { accused: 'A1' } },
    { type: 'accused.arrested', occurredAt: at('2025-01-10', '02:40'), data: { accused: 'A2' } },
    {
      type: 'victim.produced_before_cwc',
      occurredAt: at('2025-01-10', '16:00'),
      data: { victim: 'V1' },
    },
    { type: 'police.reported_to_cwc_and_court', occurredAt: at('2025-01-10', '18:00') },
    {
      type: 'accused.produced_before_magistrate',
      occurredAt: at('2025-01-11', '11:00'),
      data: { accused: 'A1' },
    },
    {
      type: 'accused.produced_before_magistrate',
      occurredAt: at('2025-01-11', '11:05'),
      data: { accused: 'A2' },
    },
    {
      type: 'accused.remanded',
      occurredAt: at('2025-01-11', '14:00'),
      data: { accused: 'A1', custody: 'judicial' },
    },
    {
      type: 'accused.remanded',
      occurredAt: at('2025-01-11', '14:05'),
      data: { accused: 'A2', custody: 'judicial' },
    },
    {
      type: 'accused.bailed',
      occurredAt: at('2025-02-20'),
      data: { accused: 'A2', kind: 'regular' },
    },
    // Day 61 of the remand, counting the remand day.
    { type: 'chargesheet.filed', occurredAt: at('2025-03-12'), officials: [world.officerId] },
  ];
}

/** Cognizance, charges, the survivor's evidence and arguments; judgment convicts A1, acquits A2. */
export function trialSteps(world: LegalCaseWorld) {
  return [
    {
      type: 'court.cognizance',
      occurredAt: at('2025-03-20'),
      data: { nextDate: at('2025-04-10', '10:30') },
      officials: [world.prosecutorId],
    },
    {
      type: 'court.hearing',
      occurredAt: at('2025-04-10', '10:30'),
      data: {
        purpose: 'charge',
        adjourned: true,
        adjournmentReason: 'accused_absent',
        nextDate: at('2025-05-02', '10:30'),
        nextPurpose: 'charge',
      },
    },
    { type: 'court.charge_hearing', occurredAt: at('2025-05-02', '10:30') },
    {
      type: 'court.charges_framed',
      occurredAt: at('2025-05-02', '12:00'),
      data: { nextDate: at('2025-05-20', '10:30') },
    },
    {
      type: 'court.hearing',
      occurredAt: at('2025-05-20', '10:30'),
      data: {
        purpose: 'victim_evidence',
        witnesses: ['V1'],
        nextDate: at('2025-08-01', '10:30'),
        nextPurpose: 'arguments',
      },
    },
    {
      type: 'victim.deposition_recorded',
      occurredAt: at('2025-05-20', '13:00'),
      data: { victim: 'V1' },
    },
    {
      type: 'court.arguments_concluded',
      occurredAt: at('2025-08-01', '15:00'),
      data: { nextDate: at('2025-08-20', '11:00') },
    },
    {
      type: 'court.judgment',
      occurredAt: at('2025-08-20'),
      officials: [world.prosecutorId],
      data: {
        verdicts: [
          {
            accused: 'A1',
            verdict: 'convicted',
            offences: ['BNS:143(4)', 'POCSO:6'],
            sentence: { imprisonment: 20, fineRupees: 50000 },
          },
          { accused: 'A2', verdict: 'acquitted' },
        ],
      },
    },
  ];
}

/** Opens FIR 17/2025 and records the given steps on it, each expected to be accepted. */
export async function aCaseWith(
  world: LegalCaseWorld,
  steps: readonly Record<string, unknown>[],
): Promise<string> {
  const opened = await world.legalOfficer.post('/api/legal-cases', firSeventeen(world));
  expect(opened.statusCode).toBe(201);
  const caseId = opened.json<{ id: string }>().id;
  for (const step of steps) {
    const response = await world.record(caseId, step);
    expect(response.statusCode, `${String(step.type)}: ${response.body}`).toBe(201);
  }
  return caseId;
}
