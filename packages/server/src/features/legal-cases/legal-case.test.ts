import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

// Invented people and places: no real person, station or court has these details.
const IST = '+05:30';
const at = (date: string, time = '11:00') => `${date}T${time}:00${IST}`;

describe(`legal cases: FIR to verdict (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let stationId: string;
  let courtId: string;
  let officerId: string;
  let prosecutorId: string;
  let legalOfficer: Client;
  let manager: Client;
  let outsiderWorker: Client;
  let police: Client;
  let policeUser: TestUser;
  let victims: string[];
  let accused: string[];
  let caseId: string;

  async function aPerson(client: Client, ageBand: string, sex = 'female'): Promise<string> {
    const response = await client.post('/api/persons', { sex, ageBand, languages: ['bn'] });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }
  async function record(
    caseIdentifier: string,
    event: Record<string, unknown>,
    client = legalOfficer,
  ) {
    return client.post(`/api/legal-cases/${caseIdentifier}/events`, event);
  }
  async function eventCount(caseIdentifier: string): Promise<number> {
    const row = await subject.database.db
      .selectFrom('legal_case_event')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('legal_case_id', '=', caseIdentifier)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  beforeAll(async () => {
    subject = await createTestApp();
    const db = subject.deps.db;
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
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
    courtId = court.id;
    officerId = (
      await db
        .insertInto('official')
        .values({
          name: 'SI Test Ranjana Imaginary',
          designation: 'Sub-Inspector',
          organisation_id: stationId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    prosecutorId = (
      await db
        .insertInto('official')
        .values({
          name: 'Test Special PP Fictional',
          designation: 'Special Public Prosecutor',
          organisation_id: courtId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    legalOfficer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    outsiderWorker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    policeUser = await aUser(subject.deps, {
      roles: ['partner_official'],
      organisationId: stationId,
    });
    police = await signedIn(subject.app, policeUser);
    victims = [
      await aPerson(legalOfficer, '15-17'),
      await aPerson(legalOfficer, '18-24'),
      await aPerson(legalOfficer, '18-24'),
    ];
    accused = [
      await aPerson(legalOfficer, '35+', 'male'),
      await aPerson(legalOfficer, '25-34', 'male'),
    ];
  });
  afterAll(() => subject.close());

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
    const response = await legalOfficer.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '17',
        year: 2025,
        registeredAt: at('2025-01-10', '09:30'),
      },
      cnr: 'wbts01-000017-2025',
      courtId,
      forum: 'special-pocso',
      offences: ['BNS:143(4)', 'POCSO:6', 'ITPA:3', 'ITPA:4', 'ITPA:5'],
      investigatingOfficerId: officerId,
      publicProsecutorId: prosecutorId,
      victims,
      accused,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<{
      id: string;
      title: string;
      cnr: string;
      fir: { date: string | null } | null;
      stage: string;
      offences: { code: string; defaultBailDays: number }[];
      parties: { ref: string; custody: string | null }[];
    }>();
    caseId = body.id;
    expect(body.title).toBe('FIR 17/2025, Test Fictionganj PS');
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
    const steps = [
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
      { type: 'chargesheet.filed', occurredAt: at('2025-03-12'), officials: [officerId] },
    ];
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

  it('impossible sequences are refused with 409, naming the problem, and nothing is written', async () => {
    const before = await eventCount(caseId);
    const judgment = await record(caseId, {
      type: 'court.judgment',
      occurredAt: at('2025-03-15'),
      data: { verdicts: [{ accused: 'A1', verdict: 'convicted' }] },
    });
    expect(judgment.statusCode).toBe(409);
    expect(judgment.json<{ error: { message: string } }>().error.message).toMatch(
      /judgment cannot come before the court takes cognizance/,
    );

    const fresh = await legalOfficer.post('/api/legal-cases', {
      offences: ['ITPA:5'],
      accused: [await aPerson(legalOfficer, '35+', 'male')],
    });
    const freshId = fresh.json<{ id: string }>().id;
    const remand = await record(freshId, {
      type: 'accused.remanded',
      occurredAt: at('2025-02-01'),
      data: { accused: 'A1', custody: 'police' },
    });
    expect(remand.statusCode).toBe(409);
    expect(remand.body).toMatch(/never arrested/);
    expect(await eventCount(freshId)).toBe(0);

    const badData = await record(caseId, {
      type: 'accused.remanded',
      occurredAt: at('2025-02-01'),
      data: { accused: 'A1', custody: 'hotel' },
    });
    expect(badData.statusCode).toBe(400);
    expect(badData.body).toMatch(/data.custody/);
    expect(await eventCount(caseId)).toBe(before);
  });

  it('a wrong CNR is a 400 naming the field, and no case is created', async () => {
    const count = async () =>
      Number(
        (
          await subject.database.db
            .selectFrom('legal_case')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const response = await legalOfficer.post('/api/legal-cases', {
      cnr: 'WBTS0100001720',
      offences: [],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(
      /cnr.*16 characters/,
    );
    expect(await count()).toBe(before);
  });

  it('cognizance, hearings and testimony; judgment convicts A1 and acquits A2', async () => {
    const steps = [
      {
        type: 'court.cognizance',
        occurredAt: at('2025-03-20'),
        data: { nextDate: at('2025-04-10', '10:30') },
        officials: [prosecutorId],
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
        officials: [prosecutorId],
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
      expect.objectContaining({ kind: 'held', witnesses: ['V1'] }),
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

  it('the calendar feed is valid ICS for a calendar app, and revoking it makes it 404', async () => {
    const upcoming = await legalOfficer.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '19',
        year: 2025,
        registeredAt: at('2025-06-01', '10:00'),
      },
      courtId,
      offences: ['ITPA:5'],
    });
    const upcomingId = upcoming.json<{ id: string }>().id;
    const next = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect(
      (await record(upcomingId, { type: 'chargesheet.filed', occurredAt: at('2025-07-01') }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await record(upcomingId, {
          type: 'court.cognizance',
          occurredAt: at('2025-07-10'),
          data: { nextDate: at(next, '10:30') },
        })
      ).statusCode,
    ).toBe(201);
    const feed = await legalOfficer.post('/api/hearings/feed');
    expect(feed.statusCode).toBe(200);
    const path = feed.json<{ path: string }>().path;
    const calendar = await subject.app.inject({ method: 'GET', url: path });
    expect(calendar.statusCode).toBe(200);
    expect(calendar.headers['content-type']).toContain('text/calendar');
    const text = calendar.body.replace(/\r\n[ \t]/g, '');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toMatch(/END:VCALENDAR\r\n$/);
    expect(text).toContain('VERSION:2.0');
    expect(text).toContain('SUMMARY:Hearing: FIR 19/2025\\, Test Fictionganj PS');
    expect(text).toContain(`DTSTART:${next.replace(/-/g, '')}T050000Z`);
    expect(text.match(/BEGIN:VEVENT/g)?.length).toBe(text.match(/END:VEVENT/g)?.length);
    const outsiderFeed = await outsiderWorker.post('/api/hearings/feed');
    const outsiderCalendar = await subject.app.inject({
      method: 'GET',
      url: outsiderFeed.json<{ path: string }>().path,
    });
    expect(outsiderCalendar.body).not.toContain('FIR 19/2025');

    const revoke = await legalOfficer.request('DELETE', '/api/hearings/feed');
    expect(revoke.statusCode).toBe(200);
    expect((await subject.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });

  it('the chosen-few report and its printable page list the same officials, each with a milestone on time; every write was audited', async () => {
    const report = await manager.get('/api/reports/chosen-few?from=2025-01-01&to=2025-12-31');
    expect(report.statusCode).toBe(200);
    const officials = report.json<{
      officials: {
        name: string;
        onTimeCount: number;
        milestones: { type: string; onTime: boolean | null; deadlines: unknown[] }[];
      }[];
    }>().officials;
    // The IO filed the chargesheet in time for default bail (90 days) but two days late on the
    // 2-month investigation of POCSO 6: a milestone met late, so not on time, and with no other
    // milestone the IO is not among the chosen few, in either view.
    expect(officials.map((official) => official.name)).not.toContain('SI Test Ranjana Imaginary');
    expect(officials.length).toBeGreaterThan(0);
    for (const official of officials) expect(official.onTimeCount).toBeGreaterThan(0);
    const html = await manager.get('/api/reports/chosen-few.html?from=2025-01-01&to=2025-12-31');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).not.toContain('SI Test Ranjana Imaginary');
    for (const official of officials) expect(html.body).toContain(official.name);
    const onTime = officials.reduce((sum, official) => sum + official.onTimeCount, 0);
    expect(html.body.split('— on time').length - 1).toBe(onTime);
    expect(
      (await legalOfficer.get('/api/reports/chosen-few?from=2025-01-01&to=2025-12-31')).statusCode,
    ).toBe(404);

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

  it('the chosen-few summary counts what the full report lists, and one official opens to the same milestones', async () => {
    const period = 'from=2025-01-01&to=2025-12-31';
    const full = (await manager.get(`/api/reports/chosen-few?${period}`)).json<{
      officials: {
        officialId: string;
        name: string;
        onTimeCount: number;
        milestones: { legalCaseId: string; eventId: string; onTime: boolean | null }[];
      }[];
    }>().officials;
    const summary = await manager.get(`/api/reports/chosen-few/summary?${period}`);
    expect(summary.statusCode).toBe(200);
    const lines = summary.json<{
      officials: {
        officialId: string;
        name: string;
        onTimeCount: number;
        lateCount: number;
        withoutDeadlineCount: number;
        milestoneCount: number;
        caseCount: number;
      }[];
    }>().officials;
    expect(lines.map((line) => line.name)).toEqual(full.map((official) => official.name));
    for (const [index, official] of full.entries()) {
      const count = (onTime: boolean | null) =>
        official.milestones.filter((milestone) => milestone.onTime === onTime).length;
      expect(lines[index]).toMatchObject({
        onTimeCount: count(true),
        lateCount: count(false),
        withoutDeadlineCount: count(null),
        milestoneCount: official.milestones.length,
        caseCount: new Set(official.milestones.map((milestone) => milestone.legalCaseId)).size,
      });
    }
    expect(summary.body).not.toContain('milestones');

    const first = full[0];
    const opened = await manager.get(
      `/api/reports/chosen-few/officials/${first?.officialId ?? ''}?${period}`,
    );
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toEqual(first);
    expect(
      (await manager.get(`/api/reports/chosen-few/officials/${randomUUID()}?${period}`)).statusCode,
    ).toBe(404);
    expect((await legalOfficer.get(`/api/reports/chosen-few/summary?${period}`)).statusCode).toBe(
      404,
    );
  });
});
