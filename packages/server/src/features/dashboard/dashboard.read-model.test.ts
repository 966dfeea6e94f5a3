import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { DashboardFilter } from './dashboard.repository.ts';
import { foldDashboardCounters } from '../../platform/db/dashboard-counters.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';
import { DAY, aReadModelWorld, type ReadModelWorld } from './dashboard.read-model.test-support.ts';

/**
 * Issue 14, the read model (migration 0024): whatever is recorded, one event at a time or in
 * bulk, voided, corrected (and the correction corrected), the dashboard's legal figures read from
 * the read model equal those computed plainly from the events and obligations, for every filter
 * the dashboard offers. Cases moved and deadlines rewritten: `dashboard.read-model.rewrites.test.ts`;
 * whole days: `.days.test.ts`; writers at the same moment: `.writers.postgres.test.ts`.
 */
describe(`the dashboard's read model of recorded events (${testDatabaseKind()})`, () => {
  let world: ReadModelWorld;
  beforeAll(async () => {
    world = await aReadModelWorld();
  });
  afterAll(() => world.subject.close());

  it('events recorded one at a time and in bulk, and deadlines computed, read the same', async () => {
    const { figures, filters, expectReadModelEqualsPlain } = world;
    await world.recordProgramme();
    const { readModel } = await figures(filters()[0]?.[1] as DashboardFilter);
    expect(readModel.compensation.applied).toBeGreaterThan(0);
    expect(readModel.compensation.median_days_to_award).not.toBeNull();
    expect(readModel.counts.hearings_held + readModel.counts.hearings_adjourned).toBeGreaterThan(0);
    expect(readModel.chargesheet.cases).toBeGreaterThan(0);
    expect(readModel.deadlines[0]?.length).toBeGreaterThan(0);
    await expectReadModelEqualsPlain();
  });

  it('the daily counts stay exact as writers append to them, and a fold leaves one row a key', async () => {
    // Issue 11 (migration 0036r): a counted write appends its delta rows (writers never wait for
    // each other, and leave no dead row a write); one counted statement in sixteen folds its own
    // keys, and the sweep folds the rest. The figures are sums, so exact before and after a fold.
    const hearingsCase = world.cases[0]?.id ?? '';
    const year = world.filters()[0]?.[1] as DashboardFilter;
    const before = (await world.figures(year)).readModel.counts;
    const hearingDay = sql<{ rows: number }>`
      select count(*)::int as rows from dashboard_legal_day counter
        join legal_case on legal_case.id = ${hearingsCase}
       where counter.day = '2025-06-02' and counter.organisation_id = legal_case.organisation_id
         and counter.police_station_id is not distinct from legal_case.fir_police_station_id
         and counter.court_id is not distinct from legal_case.court_id`;
    const rowsAfterEach: number[] = [];
    for (let hearing = 0; hearing < 40; hearing += 1) {
      await world.insertEvents([
        {
          caseId: hearingsCase,
          type: 'court.hearing',
          at: new Date('2025-06-02T11:00:00+05:30'),
          data: { adjourned: hearing % 4 === 0, purpose: 'evidence' },
        },
      ]);
      rowsAfterEach.push((await hearingDay.execute(world.db())).rows[0]?.rows ?? 0);
    }
    // Forty writes one after another: one of the first sixteen folds the key into one row; from
    // then on it holds several rows (appended) but never more than sixteen.
    const firstFold = rowsAfterEach.indexOf(1);
    expect(firstFold).toBeGreaterThanOrEqual(0);
    expect(firstFold).toBeLessThan(16);
    const sinceFold = rowsAfterEach.slice(firstFold);
    expect(Math.max(...sinceFold)).toBeGreaterThan(1);
    expect(Math.max(...sinceFold)).toBeLessThanOrEqual(16);
    const afterHearings = (await world.figures(year)).readModel.counts;
    expect(afterHearings.hearings_held).toBe(before.hearings_held + 30);
    expect(afterHearings.hearings_adjourned).toBe(before.hearings_adjourned + 10);
    await world.expectReadModelEqualsPlain();

    await foldDashboardCounters(world.db());
    for (const [table, key] of [
      ['dashboard_legal_day', 'day, organisation_id, police_station_id, court_id'],
      ['dashboard_deadline_day', 'day, rule, organisation_id, police_station_id, court_id'],
      [
        'dashboard_interval_day',
        'milestone, day, organisation_id, police_station_id, court_id, days',
      ],
    ] as const) {
      const shared = await sql<{ rows: number }>`
        select count(*)::int as rows from ${sql.table(table)}
         group by ${sql.raw(key)} having count(*) > 1`.execute(world.db());
      expect(shared.rows, table).toEqual([]);
    }
    expect((await world.figures(year)).readModel.counts).toEqual(afterHearings);
    await world.expectReadModelEqualsPlain();
  });

  it('a deadline sweep folds the rows the writers appended, the figures unchanged', async () => {
    const hearingsCase = world.cases[1]?.id ?? '';
    const year = world.filters()[0]?.[1] as DashboardFilter;
    // The next counted statements are not a sixteenth: each of these three appends a row.
    await sql`select setval('dashboard_counter_writes', 1)`.execute(world.db());
    for (let hearing = 0; hearing < 3; hearing += 1)
      await world.insertEvents([
        {
          caseId: hearingsCase,
          type: 'court.hearing',
          at: new Date('2025-07-14T11:00:00+05:30'),
          data: { adjourned: false, purpose: 'evidence' },
        },
      ]);
    const keysWithSeveralRows = async () =>
      (
        await sql<{ rows: number }>`
          select count(*)::int as rows from dashboard_legal_day
           group by day, organisation_id, police_station_id, court_id having count(*) > 1`.execute(
          world.db(),
        )
      ).rows.length;
    expect(await keysWithSeveralRows()).toBeGreaterThan(0);
    const before = (await world.figures(year)).readModel;

    await sweepObligations(world.db(), world.subject.deps.config, [], new Date());
    expect(await keysWithSeveralRows()).toBe(0);
    expect((await world.figures(year)).readModel).toEqual(before);
    await world.expectReadModelEqualsPlain();
  });

  it('events voided, corrected, and corrections corrected leave the counts they replace', async () => {
    const {
      db,
      figures,
      filters,
      insertEvents,
      find,
      recorded,
      cases,
      expectReadModelEqualsPlain,
    } = world;
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
});
