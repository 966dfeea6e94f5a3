import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { anOrganisation } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import {
  compensation,
  deadlines,
  firTo,
  legalCounts,
  plain,
  type DashboardFilter,
  type DeadlinePlace,
} from './dashboard.repository.ts';

/**
 * The world of the read-model stories (issue 14, migration 0024 and after): two organisations,
 * three police stations in two districts, two courts, and what the stories record there. The
 * dashboard's legal figures read from the read model must equal those computed plainly from the
 * events and obligations, for every filter the dashboard offers. Invented places only.
 */
export const DAY = 86_400_000;
const PLACES: DeadlinePlace[] = ['district', 'police_station', 'court'];

function randomSource(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export interface RecordedEvent {
  id: string;
  caseId: string;
  type: string;
  at: Date;
  data: object;
}

export interface EventToRecord {
  caseId: string;
  type: string;
  at: Date;
  data?: object;
  supersedes?: string | undefined;
}

export interface ReadModelWorld {
  subject: TestApp;
  db: () => TestApp['deps']['db'];
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  organisations: string[];
  stations: string[];
  courts: string[];
  /** The programme's legal cases, once `recordProgramme` has run. */
  cases: { id: string; firAt: Date }[];
  recorded: RecordedEvent[];
  /** A year and the dashboard's filters over it, each with a name for the assertion. */
  filters: () => [string, DashboardFilter][];
  /** Every legal figure, as the read model gives it and as computed plainly. */
  figures: (filter: DashboardFilter) => Promise<{ readModel: Figures; computed: Figures }>;
  expectReadModelEqualsPlain: () => Promise<void>;
  /** Inserts events in one statement, as a bulk load (or, one at a time, the app) does. */
  insertEvents: (rows: EventToRecord[]) => Promise<string[]>;
  find: (caseId: string, type: string) => RecordedEvent | undefined;
  /**
   * 40 legal cases over 2024–2025 with their FIRs, chargesheets, hearings, judgments, bails and
   * appeals (half in one statement, the rest one event at a time), two deadlines a case and a
   * compensation claim for most; the first 15 shared with the first police station.
   */
  recordProgramme: () => Promise<void>;
}

interface Figures {
  chargesheet: Awaited<ReturnType<typeof firTo>>;
  verdict: Awaited<ReturnType<typeof firTo>>;
  counts: Awaited<ReturnType<typeof legalCounts>>;
  deadlines: Awaited<ReturnType<typeof deadlines>>[];
  compensation: Awaited<ReturnType<typeof compensation>>;
}

export async function aReadModelWorld(seed = 24): Promise<ReadModelWorld> {
  const subject = await createTestApp();
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const db = () => subject.deps.db;
  const organisations: string[] = [];
  const stations: string[] = [];
  const courts: string[] = [];
  const cases: { id: string; firAt: Date }[] = [];
  const recorded: RecordedEvent[] = [];

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

  const filters = (): [string, DashboardFilter][] => {
    const base = {
      from: new Date('2025-01-01T00:00:00+05:30'),
      to: new Date('2025-12-31T23:59:59.999+05:30'),
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

  async function figures(filter: DashboardFilter) {
    const of = async (source: {
      firTo: typeof firTo;
      legalCounts: typeof legalCounts;
      deadlines: typeof deadlines;
      compensation: typeof compensation;
    }): Promise<Figures> => ({
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

  const insertEvents = async (rows: EventToRecord[]) => {
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

  async function recordProgramme() {
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
    const bulk: EventToRecord[] = [];
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
            confidence: 'S',
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
  }

  return {
    subject,
    db,
    random,
    pick,
    organisations,
    stations,
    courts,
    cases,
    recorded,
    filters,
    figures,
    expectReadModelEqualsPlain,
    insertEvents,
    find,
    recordProgramme,
  };
}
