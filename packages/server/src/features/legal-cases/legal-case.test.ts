import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../../test/fixtures.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  aLegalCaseWorld,
  at,
  custodySteps,
  firSeventeen,
  trialSteps,
  type LegalCaseWorld,
} from './legal-case.test-support.ts';

/** One case from FIR to verdict, step by step: each story builds on the one before. */
describe(`legal cases: FIR to verdict (${testDatabaseKind()})`, () => {
  let world: LegalCaseWorld;
  let subject: LegalCaseWorld['subject'];
  let stationId: string;
  let officerId: string;
  let legalOfficer: Client;
  let manager: Client;
  let outsiderWorker: Client;
  let police: Client;
  let victims: string[];
  let accused: string[];
  let caseId: string;
  const record: LegalCaseWorld['record'] = (...args) => world.record(...args);
  const aPerson: LegalCaseWorld['aPerson'] = (...args) => world.aPerson(...args);
  const eventCount = (id: string) => world.eventCount(id);

  beforeAll(async () => {
    world = await aLegalCaseWorld();
    ({
      subject,
      stationId,
      officerId,
      legalOfficer,
      manager,
      outsiderWorker,
      police,
      victims,
      accused,
    } = world);
  });
  afterAll(() => world.subject.close());

  it('a rescue of three persons with two arrested is recorded, its location sealed', async () => {
    const response = await legalOfficer.post('/api/rescue-operations', {
      occurredAt: at('2025-01-10', '02:00'),
      district: 'Test District',
      location: 'Third floor, Imaginary Building, Fictionpur',
      legalBasis: 'ITPA:15',
      policeUnitId: stationId,
      officialIds: [officerId],
      rescuedPersonIds: victims,
      arrestedPersonIds: accused,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ hasLocation: true, legalBasis: 'ITPA:15' });
    expect(response.json<{ rescued: unknown[] }>().rescued).toHaveLength(3);
    expect(response.body).not.toContain('Imaginary Building');
    const stored = await subject.database.db
      .selectFrom('rescue_operation')
      .select('location_sealed')
      .executeTakeFirstOrThrow();
    expect(stored.location_sealed).not.toContain('Imaginary');
  });

  it('a legal case opens on an FIR under BNS 143(4), POCSO 6 and ITPA 3, 4, 5 with three victims and two accused', async () => {
    const response = await legalOfficer.post('/api/legal-cases', firSeventeen(world));
    expect(response.statusCode).toBe(201);
    const body = response.json<{
      id: string;
      title: string;
      titleFir: unknown;
      cnr: string;
      fir: { date: string | null } | null;
      stage: string;
      offences: { code: string; defaultBailDays: number }[];
      parties: { ref: string; custody: string | null }[];
    }>();
    caseId = body.id;
    expect(body.title).toBe('FIR 17/2025, Test Fictionganj PS');
    // Its parts, for the web to say in the reader's language.
    expect(body.titleFir).toEqual({
      number: '17',
      year: 2025,
      policeStation: 'Test Fictionganj PS',
    });
    expect(body.cnr).toBe('WBTS010000172025');
    expect(body.fir?.date).toBe('2025-01-10');
    expect(body.stage).toBe('investigation');
    expect(body.offences.find((offence) => offence.code === 'BNS:143(4)')?.defaultBailDays).toBe(
      90,
    );
    expect(body.parties.map((party) => [party.ref, party.custody])).toEqual([
      ['V1', null],
      ['V2', null],
      ['V3', null],
      ['A1', 'not_arrested'],
      ['A2', 'not_arrested'],
    ]);
  });

  it('arrest, production and remand set each accused’s custody; the chargesheet credits the IO', async () => {
    const steps = custodySteps(world);
    for (const step of steps) {
      const response = await record(caseId, step);
      expect(response.statusCode, `${step.type}: ${response.body}`).toBe(201);
    }
    const detail = await legalOfficer.get(`/api/legal-cases/${caseId}`);
    expect(
      detail.json<{ parties: { ref: string; custody: string | null }[] }>().parties.slice(3),
    ).toMatchObject([
      { ref: 'A1', custody: 'judicial_custody' },
      { ref: 'A2', custody: 'on_bail_regular' },
    ]);
    expect(detail.json()).toMatchObject({ stage: 'chargesheeted', accusedInCustody: 1 });
  });

  it('the deadline engine reads the case: day 61 meets the 90-day clock of BNS 143(4)', async () => {
    const response = await legalOfficer.get(`/api/legal-cases/${caseId}/obligations`);
    expect(response.statusCode).toBe(200);
    const result = response.json<{
      regime: string;
      obligations: { rule: string; subject: string | null; status: string }[];
    }>();
    expect(result.regime).toBe('BNSS');
    const chargesheet = result.obligations.filter(
      (item) => item.rule === 'IN.BNSS.187.chargesheet',
    );
    expect(chargesheet.map((item) => [item.subject, item.status])).toEqual([
      ['A1', 'met'],
      ['A2', 'met'],
    ]);
    // V1 is 15-17: the child's CWC clock runs, and production within 24 hours met it.
    expect(result.obligations.find((item) => item.rule === 'IN.JJ.31.cwc-production')?.status).toBe(
      'met',
    );
  });

  it('a chargesheet on day 61 under ITPA 3 and 4 alone (60-day class) is met late', async () => {
    const other = await legalOfficer.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '18',
        year: 2025,
        registeredAt: at('2025-01-10', '10:00'),
      },
      forum: 'magistrate',
      offences: ['ITPA:3', 'ITPA:4'],
      accused: [await aPerson(legalOfficer, '35+', 'male')],
    });
    expect(other.statusCode).toBe(201);
    const otherId = other.json<{ id: string }>().id;
    for (const step of [
      { type: 'accused.arrested', occurredAt: at('2025-01-10', '12:00'), data: { accused: 'A1' } },
      {
        type: 'accused.remanded',
        occurredAt: at('2025-01-11', '14:00'),
        data: { accused: 'A1', custody: 'judicial' },
      },
      { type: 'chargesheet.filed', occurredAt: at('2025-03-12') },
    ]) {
      expect((await record(otherId, step)).statusCode).toBe(201);
    }
    const result = (await legalOfficer.get(`/api/legal-cases/${otherId}/obligations`)).json<{
      obligations: { rule: string; status: string }[];
    }>();
    expect(result.obligations.find((item) => item.rule === 'IN.BNSS.187.chargesheet')?.status).toBe(
      'met_late',
    );
  });

  it('cognizance, hearings and testimony; judgment convicts A1 and acquits A2', async () => {
    const steps = trialSteps(world);
    for (const step of steps) {
      const response = await record(caseId, step);
      expect(response.statusCode, `${step.type}: ${response.body}`).toBe(201);
    }
    const prepared = await legalOfficer.post(`/api/legal-cases/${caseId}/testimony-preparations`, {
      victimRef: 'V1',
      heldAt: at('2025-05-15'),
      forHearingAt: at('2025-05-20', '10:30'),
      topics: ['court visit', 'screen and support person'],
    });
    expect(prepared.statusCode).toBe(201);
    const detail = (await legalOfficer.get(`/api/legal-cases/${caseId}`)).json<{
      stage: string;
      nextHearing: unknown;
      parties: { ref: string; custody: string | null }[];
    }>();
    expect(detail.stage).toBe('judgment');
    expect(detail.nextHearing).toBeNull();
    expect(
      detail.parties.filter((party) => party.ref.startsWith('A')).map((party) => party.custody),
    ).toEqual(['convicted', 'acquitted']);
    const hearings = (await legalOfficer.get('/api/hearings?month=2025-05')).json<{
      hearings: { kind: string; witnesses: string[] }[];
    }>();
    expect(hearings.hearings).toEqual([
      expect.objectContaining({
        kind: 'held',
        witnesses: ['V1'],
        title: 'FIR 17/2025, Test Fictionganj PS',
        titleFir: { number: '17', year: 2025, policeStation: 'Test Fictionganj PS' },
      }),
    ]);
  });

  it('compensation: applied, awarded, disbursed; days from order to payment; the waiting list', async () => {
    for (const step of [
      {
        type: 'compensation.applied',
        occurredAt: at('2025-08-25'),
        data: { victim: 'V1', scheme: 'POCSO-R9', amountRupees: 700000 },
      },
      {
        type: 'compensation.applied',
        occurredAt: at('2025-08-25'),
        data: { victim: 'V2', scheme: 'WB-VCS-2017', amountRupees: 300000 },
      },
      {
        type: 'compensation.awarded',
        occurredAt: at('2025-08-20', '12:00'),
        data: {
          victim: 'V1',
          scheme: 'POCSO-R9',
          amountRupees: 500000,
          authority: 'Special Court',
        },
      },
      {
        type: 'compensation.disbursed',
        occurredAt: at('2025-10-09'),
        data: { victim: 'V1', scheme: 'POCSO-R9', amountRupees: 500000 },
      },
    ]) {
      const response = await record(caseId, step);
      expect(response.statusCode, `${step.type}: ${response.body}`).toBe(201);
    }
    const claims = (await legalOfficer.get('/api/compensation/claims')).json<{
      claims: Record<string, unknown>[];
    }>().claims;
    expect(claims).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          victimRef: 'V1',
          titleFir: { number: '17', year: 2025, policeStation: 'Test Fictionganj PS' },
          status: 'disbursed',
          amountDisbursed: 500000,
          daysOrderToPayment: 49,
        }),
      ]),
    );
    const waiting = (await legalOfficer.get('/api/compensation/claims?order=waiting')).json<{
      claims: Record<string, unknown>[];
    }>().claims;
    expect(waiting.map((claim) => [claim.victimRef, claim.status])).toEqual([['V2', 'applied']]);
    const obligations = (await legalOfficer.get(`/api/legal-cases/${caseId}/obligations`)).json<{
      obligations: { rule: string; status: string }[];
    }>();
    expect(
      obligations.obligations.find((item) => item.rule === 'IN.POCSO.R9.payment')?.status,
    ).toBe('met_late');
  });

  it('a correction supersedes an event; the timeline keeps both', async () => {
    const events = (await legalOfficer.get(`/api/legal-cases/${caseId}/events`)).json<{
      events: { id: string; type: string; data: Record<string, unknown> }[];
    }>().events;
    const applied = events.find(
      (event) => event.type === 'compensation.applied' && event.data.victim === 'V2',
    );
    const corrected = await record(caseId, {
      type: 'compensation.applied',
      occurredAt: at('2025-08-26'),
      supersedes: applied?.id,
      data: { victim: 'V2', scheme: 'WB-VCS-2017', amountRupees: 350000 },
    });
    expect(corrected.statusCode).toBe(201);
    const after = (await legalOfficer.get(`/api/legal-cases/${caseId}/events`)).json<{
      events: { id: string; supersededBy: string | null }[];
    }>().events;
    expect(after.find((event) => event.id === applied?.id)?.supersededBy).toBe(
      corrected.json<{ id: string }>().id,
    );
    await expect(
      subject.database.db
        .deleteFrom('legal_case_event')
        .where('legal_case_id', '=', caseId)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('a partner police account sees the case only once it is shared with its station; others get 404', async () => {
    expect((await police.get(`/api/legal-cases/${caseId}`)).statusCode).toBe(404);
    expect((await outsiderWorker.get(`/api/legal-cases/${caseId}`)).statusCode).toBe(404);
    expect((await new Client(subject.app).get(`/api/legal-cases/${caseId}`)).statusCode).toBe(401);
    expect(
      (await legalOfficer.post(`/api/legal-cases/${caseId}/shares`, { organisationId: stationId }))
        .statusCode,
    ).toBe(200);
    expect((await police.get(`/api/legal-cases/${caseId}`)).statusCode).toBe(200);
    const list = (await police.get('/api/legal-cases')).json<{ legalCases: { id: string }[] }>();
    expect(list.legalCases.map((item) => item.id)).toEqual([caseId]);
    expect(
      (
        await record(
          caseId,
          { type: 'court.hearing', occurredAt: at('2025-09-01'), data: { purpose: 'other' } },
          police,
        )
      ).statusCode,
    ).toBe(404);
    expect((await manager.get(`/api/legal-cases/${caseId}`)).statusCode).toBe(200);
  });

  it('every event recorded on the case was audited, without a name or a place', async () => {
    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('entity_id', '=', caseId)
      .execute();
    expect(audit.filter((entry) => entry.action === 'legal_case.event_recorded').length).toBe(
      (await eventCount(caseId)) - 1,
    );
    expect(JSON.stringify(audit)).not.toMatch(/Imaginary|Fictionpur/);
  });

  it('the list shows each of its fields as the case’s own page does', async () => {
    // The list reads its instants as text (issue 11); a case's page reads them as the driver's dates.
    const list = (await legalOfficer.get('/api/legal-cases')).json<{
      legalCases: Record<string, unknown>[];
    }>();
    expect(list.legalCases.map((legalCase) => legalCase.id)).toContain(caseId);
    for (const legalCase of list.legalCases) {
      const page = (await legalOfficer.get(`/api/legal-cases/${String(legalCase.id)}`)).json<
        Record<string, unknown>
      >();
      for (const [field, value] of Object.entries(legalCase)) expect(page[field]).toEqual(value);
    }
  });
});
