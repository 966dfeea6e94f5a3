import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  compensation,
  deadlines,
  firTo,
  legalCounts,
  plain,
  type DashboardFilter,
  type DeadlinePlace,
} from './dashboard.repository.ts';

const DAY = 86_400_000;
const PLACES: DeadlinePlace[] = ['district', 'police_station', 'court'];

function randomSource(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * Issue 14, the read model (migration 0024): whatever is recorded, one event at a time or in
 * bulk, voided, corrected (and the correction corrected), and wherever a case moves, the
 * dashboard's legal figures read from the read model equal those computed plainly from the events
 * and obligations, for every filter the dashboard offers.
 */
describe(`the dashboard's read model (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const random = randomSource(24);
  const organisations: string[] = [];
  const stations: string[] = [];
  const courts: string[] = [];
  const cases: { id: string; firAt: Date }[] = [];
  const recorded: { id: string; caseId: string; type: string; at: Date; data: object }[] = [];

  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const db = () => subject.deps.db;

  const filters = (): [string, DashboardFilter][] => {
    const year = {
      from: new Date('2025-01-01T00:00:00+05:30'),
      to: new Date('2025-12-31T23:59:59.999+05:30'),
    };
    const base = {
      ...year,
      organisationId: undefined,
      sharedWith: undefined,
      district: undefined,
      policeStationId: undefined,
      courtId: undefined,
    };
    return [
      ['2025, every organisation', base],
      ['2024 to 2025', { ...base, from: new Date('2024-01-01T00:00:00+05:30') }],
      [
        'March 2025',
        {
          ...base,
          from: new Date('2025-03-01T00:00:00+05:30'),
          to: new Date('2025-03-31T23:59:59.999+05:30'),
        },
      ],
      ['2025, one organisation', { ...base, organisationId: organisations[0] }],
      ['2025, one district', { ...base, district: 'Test Read District 1' }],
      ['2025, one police station', { ...base, policeStationId: stations[2] }],
      [
        '2025, one court and organisation',
        { ...base, courtId: courts[1], organisationId: organisations[1] },
      ],
      // A partner's shared cases: counted from the milestone rows and plainly, not the daily rows.
      ['2025, shared with a police station', { ...base, sharedWith: stations[0] }],
    ];
  };

  /** Every legal figure, as the read model gives it and as computed plainly. */
  async function figures(filter: DashboardFilter) {
    const of = async (source: {
      firTo: typeof firTo;
      legalCounts: typeof legalCounts;
      deadlines: typeof deadlines;
      compensation: typeof compensation;
    }) => ({
      chargesheet: await source.firTo(db(), filter, 'chargesheet.filed'),
      verdict: await source.firTo(db(), filter, 'court.judgment'),
      counts: await source.legalCounts(db(), filter),
      deadlines: await Promise.all(PLACES.map((place) => source.deadlines(db(), filter, place))),
      compensation: await source.compensation(db(), filter),
    });
    return {
      readModel: await of({ firTo, legalCounts, deadlines, compensation }),
      computed: await of(plain),
    };
  }

  async function expectReadModelEqualsPlain() {
    for (const [name, filter] of filters()) {
      const { readModel, computed } = await figures(filter);
      expect(readModel, name).toEqual(computed);
    }
  }

  const insertEvents = async (
    rows: { caseId: string; type: string; at: Date; data?: object; supersedes?: string }[],
  ) => {
    const values = rows.map((row) => ({
      id: randomUUID(),
      legal_case_id: row.caseId,
      type: row.type,
      occurred_at: row.at,
      data: JSON.stringify(row.data ?? {}),
      supersedes_id: row.supersedes ?? null,
    }));
    await db().insertInto('legal_case_event').values(values).execute();
    for (const [index, value] of values.entries()) {
      const row = rows[index];
      if (row)
        recorded.push({
          id: value.id,
          caseId: row.caseId,
          type: row.type,
          at: row.at,
          data: row.data ?? {},
        });
    }
    return values.map((value) => value.id);
  };
  const find = (caseId: string, type: string) =>
    recorded.find((event) => event.caseId === caseId && event.type === type);

  beforeAll(async () => {
    subject = await createTestApp();
    for (const name of ['Test Read Trust', 'Test Read Society'])
      organisations.push(await anOrganisation(subject.deps, name));
    for (const [index, kind] of (
      ['police_station', 'police_station', 'police_station', 'court', 'court'] as const
    ).entries()) {
      const row = await db()
        .insertInto('organisation')
        .values({
          name: `Test Read ${kind} ${index}`,
          kind,
          district: `Test Read District ${index % 2}`,
          state: 'West Bengal',
          country: 'IN',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      (kind === 'court' ? courts : stations).push(row.id);
    }
  });
  afterAll(() => subject.close());

  it('events recorded one at a time and in bulk, and deadlines computed, read the same', async () => {
    const start = new Date('2024-01-01T00:00:00+05:30').getTime();
    const caseRows = Array.from({ length: 40 }, (_, index) => {
      const id = randomUUID();
      const firAt = new Date(start + random() * 640 * DAY);
      cases.push({ id, firAt });
      return {
        id,
        organisation_id: pick(organisations),
        fir_police_station_id: random() < 0.9 ? pick(stations) : null,
        court_id: random() < 0.7 ? pick(courts) : null,
        fir_number: `R-${index}`,
        fir_year: 2024,
      };
    });
    await db().insertInto('legal_case').values(caseRows).execute();
    await db()
      .insertInto('legal_case_share')
      .values(
        caseRows.slice(0, 15).map((row) => ({
          legal_case_id: row.id,
          organisation_id: stations[0] ?? '',
          shared_by: null,
        })),
      )
      .execute();

    const later = (from: Date, days: number) => new Date(from.getTime() + days * DAY);
    const bulk: Parameters<typeof insertEvents>[0] = [];
    for (const legalCase of cases) {
      bulk.push({ caseId: legalCase.id, type: 'fir.registered', at: legalCase.firAt });
      const chargesheetAt = later(legalCase.firAt, 20 + Math.floor(random() * 120));
      if (random() < 0.8) {
        bulk.push({ caseId: legalCase.id, type: 'chargesheet.filed', at: chargesheetAt });
        for (let hearing = 0; hearing < 4; hearing += 1)
          bulk.push({
            caseId: legalCase.id,
            type: 'court.hearing',
            at: later(chargesheetAt, 30 + hearing * 35),
            data: { adjourned: random() < 0.4, purpose: 'evidence' },
          });
        if (random() < 0.6)
          bulk.push({
            caseId: legalCase.id,
            type: 'court.judgment',
            at: later(chargesheetAt, 150 + Math.floor(random() * 200)),
            data: {
              verdicts: [
                { accused: 'A1', verdict: random() < 0.6 ? 'convicted' : 'acquitted' },
                { accused: 'A2', verdict: random() < 0.5 ? 'convicted' : 'acquitted' },
              ],
            },
          });
      }
      if (random() < 0.3)
        bulk.push({
          caseId: legalCase.id,
          type: 'accused.bailed',
          at: later(legalCase.firAt, 61),
          data: { accused: 'A1', kind: random() < 0.7 ? 'default' : 'regular' },
        });
      if (random() < 0.2)
        bulk.push({ caseId: legalCase.id, type: 'appeal.filed', at: later(legalCase.firAt, 500) });
    }
    // Half in one statement, the rest one event at a time, as the app records them.
    const half = Math.floor(bulk.length / 2);
    await insertEvents(bulk.slice(0, half));
    for (const row of bulk.slice(half)) await insertEvents([row]);

    await db()
      .insertInto('obligation')
      .values(
        cases.flatMap((legalCase, index) =>
          ['IN.BNSS.187.chargesheet', 'IN.BNSS.58.production'].map((rule) => ({
            case_type: 'legal_case',
            case_id: legalCase.id,
            organisation_id: organisations[0] ?? '',
            case_code: `R-${index}`,
            obligation_key: `${rule}:A1`,
            rule,
            title: 'A deadline',
            citation: 'Test Act s.1',
            subject: 'A1',
            starts_at: legalCase.firAt,
            due_at: new Date(legalCase.firAt.getTime() + 60 * DAY),
            status: pick(['met', 'met', 'met_late', 'overdue', 'open']),
            met_at: null,
            consequence: 'directory',
            confidence: 'verified',
            unconfirmed: false,
            responsible_role: 'investigating_officer',
            alerts_at: '{}',
            explanation: JSON.stringify({}),
            computed_at: new Date(),
          })),
        ) as never,
      )
      .execute();

    // A compensation claim for most cases, applied after the FIR, awarded and paid later.
    await db()
      .insertInto('compensation_claim')
      .values(
        cases
          .filter(() => random() < 0.8)
          .map((legalCase) => {
            const appliedAt = later(legalCase.firAt, 10 + Math.floor(random() * 60));
            const awardedAt = later(appliedAt, 30 + random() * 200);
            return {
              legal_case_id: legalCase.id,
              victim_ref: 'V1',
              scheme: 'BNSS-396',
              authority: 'DLSA',
              status: 'disbursed',
              applied_at: appliedAt,
              amount_applied: 100_000,
              interim_at: null,
              amount_interim: null,
              awarded_at: awardedAt,
              amount_sanctioned: 50_000 + Math.floor(random() * 10) * 5_000,
              disbursed_at: later(awardedAt, 20 + random() * 150),
              amount_disbursed: 50_000,
              days_order_to_payment: null,
            };
          }),
      )
      .execute();

    const { readModel } = await figures(filters()[0]?.[1] as DashboardFilter);
    expect(readModel.compensation.applied).toBeGreaterThan(0);
    expect(readModel.compensation.median_days_to_award).not.toBeNull();
    expect(readModel.counts.hearings_held + readModel.counts.hearings_adjourned).toBeGreaterThan(0);
    expect(readModel.chargesheet.cases).toBeGreaterThan(0);
    expect(readModel.deadlines[0]?.length).toBeGreaterThan(0);
    await expectReadModelEqualsPlain();
  });

  it('events voided, corrected, and corrections corrected leave the counts they replace', async () => {
    const year = filters()[0]?.[1] as DashboardFilter;
    const before = (await figures(year)).readModel;
    const in2025 = (at: Date) => at.getUTCFullYear() === 2025 && at.getUTCMonth() < 11;

    // An adjourned hearing of 2025 corrected: it was held.
    const adjourned = recorded.find(
      (event) =>
        event.type === 'court.hearing' &&
        (event.data as { adjourned?: boolean }).adjourned === true &&
        in2025(event.at),
    );
    if (!adjourned) throw new Error('the story needs an adjourned hearing in 2025');
    await insertEvents([
      {
        caseId: adjourned.caseId,
        type: 'court.hearing',
        at: adjourned.at,
        data: { adjourned: false, purpose: 'evidence' },
        supersedes: adjourned.id,
      },
    ]);
    const afterHearing = (await figures(year)).readModel;
    expect(afterHearing.counts.hearings_held).toBe(before.counts.hearings_held + 1);
    expect(afterHearing.counts.hearings_adjourned).toBe(before.counts.hearings_adjourned - 1);

    // Chargesheets voided (the first one of a case goes; FIR to chargesheet no longer counts it).
    for (const legalCase of cases.slice(0, 6)) {
      const chargesheet = find(legalCase.id, 'chargesheet.filed');
      if (chargesheet)
        await insertEvents([
          {
            caseId: legalCase.id,
            type: 'event.voided',
            at: new Date(chargesheet.at.getTime() + DAY),
            data: { reason: 'recorded on the wrong case' },
            supersedes: chargesheet.id,
          },
        ]);
    }
    // A judgment corrected to a later day with other verdicts, then that correction corrected.
    const judgment = recorded.find((event) => event.type === 'court.judgment');
    if (!judgment) throw new Error('the story needs a judgment');
    const [correction] = await insertEvents([
      {
        caseId: judgment.caseId,
        type: 'court.judgment',
        at: new Date(judgment.at.getTime() + 40 * DAY),
        data: { verdicts: [{ accused: 'A1', verdict: 'acquitted' }] },
        supersedes: judgment.id,
      },
    ]);
    await insertEvents([
      {
        caseId: judgment.caseId,
        type: 'court.judgment',
        at: new Date(judgment.at.getTime() + 41 * DAY),
        data: {
          verdicts: [
            { accused: 'A1', verdict: 'convicted' },
            { accused: 'A2', verdict: 'convicted' },
          ],
        },
        supersedes: correction ?? '',
      },
    ]);
    // An FIR's date corrected; a default bail recorded and corrected in one statement.
    const fir = find(cases[7]?.id ?? '', 'fir.registered');
    if (!fir) throw new Error('the story needs an FIR');
    await insertEvents([
      {
        caseId: fir.caseId,
        type: 'fir.registered',
        at: new Date(fir.at.getTime() - 3 * DAY),
        supersedes: fir.id,
      },
    ]);
    const bailId = randomUUID();
    const bailCase = cases[8]?.id ?? '';
    await db()
      .insertInto('legal_case_event')
      .values([
        {
          id: bailId,
          legal_case_id: bailCase,
          type: 'accused.bailed',
          occurred_at: new Date('2025-05-05T11:00:00+05:30'),
          data: JSON.stringify({ accused: 'A1', kind: 'default' }),
          supersedes_id: null,
        },
        {
          id: randomUUID(),
          legal_case_id: bailCase,
          type: 'accused.bailed',
          occurred_at: new Date('2025-05-06T11:00:00+05:30'),
          data: JSON.stringify({ accused: 'A1', kind: 'regular' }),
          supersedes_id: bailId,
        },
      ])
      .execute();
    const after = (await figures(year)).readModel;
    expect(after.counts.default_bail).toBe(afterHearing.counts.default_bail);
    await expectReadModelEqualsPlain();
  });

  it('a case moved to another organisation, police station and court takes its counts and claims along', async () => {
    for (const legalCase of cases.slice(10, 20)) {
      await db()
        .updateTable('legal_case')
        .set({
          organisation_id: pick(organisations),
          fir_police_station_id: pick([...stations, null]),
          court_id: pick([...courts, null]),
        })
        .where('id', '=', legalCase.id)
        .execute();
    }
    await expectReadModelEqualsPlain();
  });

  it('deadlines recomputed, swept overdue or deleted read the same', async () => {
    await sql`update obligation set status = 'overdue' where status = 'open'
      and case_id in (${sql.join(cases.slice(0, 20).map((legalCase) => legalCase.id))})`.execute(
      db(),
    );
    await sql`update obligation set status = 'met', due_at = due_at + interval '200 days'
      where rule = 'IN.BNSS.58.production'`.execute(db());
    await db()
      .deleteFrom('obligation')
      .where(
        'case_id',
        'in',
        cases.slice(20, 30).map((legalCase) => legalCase.id),
      )
      .execute();
    await expectReadModelEqualsPlain();
  });

  it('FIR to chargesheet and to verdict count whole calendar days in India, as the 60-day rule does', async () => {
    // A FIR registered just after midnight and a chargesheet filed late on the 60th day after it
    // (60.96 days later): on time by the 60-day rule, and 60 days on the dashboard.
    const organisationId = await anOrganisation(subject.deps, 'Test Read Days Trust');
    const caseId = randomUUID();
    await db()
      .insertInto('legal_case')
      .values({
        id: caseId,
        organisation_id: organisationId,
        fir_police_station_id: stations[1] ?? null,
        court_id: courts[0] ?? null,
        fir_number: 'R-days',
        fir_year: 2025,
      })
      .execute();
    await insertEvents([
      { caseId, type: 'fir.registered', at: new Date('2025-03-01T00:30:00+05:30') },
      { caseId, type: 'chargesheet.filed', at: new Date('2025-04-30T23:30:00+05:30') },
      // The verdict at 00:10 on 2 March 2026: 366 calendar days after the FIR's date.
      {
        caseId,
        type: 'court.judgment',
        at: new Date('2026-03-02T00:10:00+05:30'),
        data: { verdicts: [{ accused: 'A1', verdict: 'convicted' }] },
      },
    ]);
    const filter: DashboardFilter = {
      from: new Date('2025-01-01T00:00:00+05:30'),
      to: new Date('2026-12-31T23:59:59.999+05:30'),
      organisationId,
      sharedWith: undefined,
      district: undefined,
      policeStationId: undefined,
      courtId: undefined,
    };
    const { readModel, computed } = await figures(filter);
    expect(readModel.chargesheet).toEqual({
      cases: 1,
      median: 60,
      p90: 60,
      within60: 1,
      within90: 1,
    });
    expect(readModel.verdict).toMatchObject({ cases: 1, median: 366, p90: 366 });
    expect(computed).toEqual(readModel);

    // The FIR's date corrected to the day before: 61 days, no longer within 60.
    const fir = find(caseId, 'fir.registered');
    await insertEvents([
      {
        caseId,
        type: 'fir.registered',
        at: new Date('2025-02-28T23:50:00+05:30'),
        supersedes: fir?.id,
      },
    ]);
    const corrected = await figures(filter);
    expect(corrected.readModel.chargesheet).toEqual({
      cases: 1,
      median: 61,
      p90: 61,
      within60: 0,
      within90: 1,
    });
    expect(corrected.computed).toEqual(corrected.readModel);
    await expectReadModelEqualsPlain();
  });
});
