import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { randomUUID } from 'node:crypto';
import { anOrganisation } from '../../../test/fixtures.ts';
import type { DashboardFilter } from './dashboard.repository.ts';
import { aReadModelWorld, type ReadModelWorld } from './dashboard.read-model.test-support.ts';

/** Issue 14, the read model's durations (migration 0030d), counted as the statutory rules count. */
describe(`the dashboard's read model of durations (${testDatabaseKind()})`, () => {
  let world: ReadModelWorld;
  beforeAll(async () => {
    world = await aReadModelWorld();
  });
  afterAll(() => world.subject.close());

  it('FIR to chargesheet and to verdict count whole calendar days in India, as the 60-day rule does', async () => {
    const {
      db,
      subject,
      stations,
      courts,
      figures,
      insertEvents,
      find,
      expectReadModelEqualsPlain,
    } = world;
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
