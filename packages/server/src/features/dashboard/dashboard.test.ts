import { ROLES, type Role } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { generateJusticeActivity, type Generated } from './dashboard.generate.ts';
import type { Dashboard } from './dashboard.schemas.ts';

const DAY = 86_400_000;
const from = new Date('2025-01-01T00:00:00+05:30');
const to = new Date('2025-12-31T23:59:59.999+05:30');
const inPeriod = (instant: Date | null): instant is Date =>
  instant !== null && instant >= from && instant <= to;

/** The calendar day in India (UTC+05:30, no daylight saving) of an instant, as a day number. */
const indiaDay = (instant: Date) => Math.floor((instant.getTime() + 5.5 * 3_600_000) / DAY);
/** Whole days from the FIR's date to a milestone's date in India, as the dashboard counts them. */
const daysBetween = (firAt: Date, doneAt: Date | null) =>
  doneAt === null ? 0 : indiaDay(doneAt) - indiaDay(firAt);

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  return low + ((sorted[upper] ?? low) - low) * (position - lower);
}
/** Where a legal case is now: its organisation, police station and court. */
interface Place {
  organisationId: string;
  stationId: string;
  courtId?: string;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/**
 * Issue 14, the dashboard: two years of generated activity; the programme manager's dashboard
 * shows the same figures as counted directly from the generated events. A partner and an analyst
 * see small numbers as "<11" with the complementary cell withheld; so does every download.
 */
describe(`justice-system dashboard (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let generated: Generated;
  let smallGenerated: Generated;
  let manager: Client;
  let smallManager: Client;
  let smallOrganisationId: string;
  let organisationId: string;
  let northStationId: string;
  let southStationId: string;
  const period = 'from=2025-01-01&to=2025-12-31';

  const user = async (roles: Role[], organisationId: string) =>
    signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles,
        organisationId,
        twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
      }),
    );

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const stations = [
      await anOrganisation(subject.deps, 'Test North Thana', 'police_station'),
      await anOrganisation(subject.deps, 'Test South Thana', 'police_station'),
    ];
    generated = await generateJusticeActivity(subject.deps.db, {
      organisationId,
      stationIds: stations,
      courtId: null,
      cases: 160,
      rescues: 40,
      from: new Date('2024-01-01T00:00:00+05:30'),
      to,
    });
    manager = await user(['program_manager'], organisationId);
    smallOrganisationId = await anOrganisation(subject.deps, 'Test Small Trust');
    smallGenerated = await generateJusticeActivity(subject.deps.db, {
      organisationId: smallOrganisationId,
      stationIds: stations,
      courtId: null,
      cases: 6,
      rescues: 2,
      from: new Date('2025-01-01T00:00:00+05:30'),
      to,
      seed: 3,
    });
    smallManager = await user(['program_manager'], smallOrganisationId);
    // North Thana's partner officials are shared the cases registered there, of both trusts.
    northStationId = stations[0] ?? '';
    await sql`insert into legal_case_share (legal_case_id, organisation_id)
      select id, ${northStationId}::uuid from legal_case where fir_police_station_id = ${northStationId}::uuid
         or organisation_id = ${smallOrganisationId}::uuid`.execute(subject.deps.db);
    southStationId = stations[1] ?? '';
  }, 240_000);
  afterAll(() => subject.close());

  it('the manager’s figures equal those counted directly from the generated events', async () => {
    const response = await manager.get(`/api/dashboard?${period}`);
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json<Dashboard>();
    expect(dashboard.exact).toBe(true);
    // Some chargesheets were recorded and corrected away: the counts below leave them out.
    expect(generated.cases.some((item) => item.voidedChargesheetAt !== null)).toBe(true);

    const charged = generated.cases.filter((item) => inPeriod(item.chargesheetAt));
    // Whole calendar days in India (docs/dashboard.md), so the medians can be x.0 or x.5.
    const days = charged.map((item) => daysBetween(item.firAt, item.chargesheetAt));
    expect(dashboard.legal.firToChargesheet).toEqual({
      cases: charged.length,
      medianDays: round(percentile(days, 0.5)),
      p90Days: round(percentile(days, 0.9)),
      within60Share: Math.round((days.filter((d) => d <= 60).length / days.length) * 1000) / 10,
      within90Share: Math.round((days.filter((d) => d <= 90).length / days.length) * 1000) / 10,
    });
    const judged = generated.cases.filter((item) => inPeriod(item.judgmentAt));
    const daysToVerdict = judged.map((item) => daysBetween(item.firAt, item.judgmentAt));
    expect(judged.length).toBeGreaterThan(10);
    expect(dashboard.legal.firToVerdict).toEqual({
      cases: judged.length,
      medianDays: round(percentile(daysToVerdict, 0.5)),
      p90Days: round(percentile(daysToVerdict, 0.9)),
    });

    const hearings = generated.cases.flatMap((item) => item.hearings).filter((h) => inPeriod(h.at));
    expect(dashboard.legal.hearings.cells).toEqual([
      [hearings.filter((h) => !h.adjourned).length, hearings.filter((h) => h.adjourned).length],
    ]);
    const verdicts = generated.cases
      .filter((item) => inPeriod(item.judgmentAt))
      .flatMap((item) => item.verdicts);
    const convicted = verdicts.filter((verdict) => verdict === 'convicted').length;
    expect(dashboard.legal.verdicts.cells).toEqual([[convicted, verdicts.length - convicted]]);
    expect(dashboard.legal.counts.cells).toEqual([
      [generated.cases.filter((item) => inPeriod(item.defaultBailAt)).length],
      [generated.cases.filter((item) => inPeriod(item.appealAt)).length],
      [0],
    ]);
    const claims = generated.cases.flatMap((item) => (item.claim ? [item.claim] : []));
    expect(dashboard.compensation.counts.cells).toEqual([
      [claims.filter((claim) => inPeriod(claim.appliedAt)).length],
      [claims.filter((claim) => inPeriod(claim.awardedAt)).length],
      [claims.filter((claim) => inPeriod(claim.disbursedAt)).length],
    ]);

    const due = generated.cases.flatMap((item) =>
      item.deadline && inPeriod(item.deadline.dueAt) ? [item.deadline] : [],
    );
    expect(dashboard.deadlines.byRule).toMatchObject({
      rows: ['IN.BNSS.187.chargesheet'],
      cells: [
        [
          due.filter((deadline) => deadline.status === 'met').length,
          due.filter((deadline) => deadline.status !== 'met').length,
        ],
      ],
    });

    const rescued2025 = generated.rescues
      .filter((rescue) => inPeriod(rescue.at))
      .reduce((sum, rescue) => sum + rescue.persons, 0);
    expect(dashboard.rescues).toMatchObject({ rows: ['2025'], cells: [[rescued2025]] });
    const inCare = generated.careCases.filter((item) => item.phase !== 'closed').length;
    expect(dashboard.inCareByPhase.total).toBe(inCare);
    const restored = generated.careCases.filter((item) => item.restoredAt !== null).length;
    expect(dashboard.restored.cumulative.at(-1)).toBe(restored);
    expect(dashboard.restored.rule).toMatch(/consecutive assessments/);
  });

  it('a partner and an analyst see "<11" and a withheld complement; staff see exact numbers', async () => {
    const exact = (await smallManager.get(`/api/dashboard?${period}`)).json<Dashboard>();
    expect(exact.exact).toBe(true);
    const charged = exact.legal.firToChargesheet.cases;
    expect(typeof charged === 'number' && charged > 0 && charged < 11).toBe(true);
    expect(exact.legal.firToChargesheet.medianDays).not.toBeNull();

    const partner = await user(['partner_official'], northStationId);
    const analyst = await user(['analyst'], smallOrganisationId);
    for (const client of [partner, analyst]) {
      const url =
        client === partner
          ? `/api/dashboard?${period}&organisationId=${smallOrganisationId}`
          : `/api/dashboard?${period}`;
      const published = (await client.get(url)).json<Dashboard>();
      expect(published.exact).toBe(false);
      expect(published.legal.firToChargesheet.cases).toBe('<11');
      expect(published.legal.firToChargesheet.medianDays).toBeNull();
      // No table anywhere shows a count from 1 to 10.
      const tables = [
        published.rescues,
        published.inCareByPhase,
        published.legal.hearings,
        published.legal.verdicts,
        published.legal.counts,
        published.compensation.counts,
        published.deadlines.byRule,
        published.deadlines.byPlace,
        published.deadlines.byYear,
        published.trainings.byCadreAndDistrict,
      ];
      const shown = tables.flatMap((table) => [
        ...table.cells.flat(),
        ...table.rowTotals,
        ...table.columnTotals,
        table.total,
      ]);
      expect(shown.filter((cell) => typeof cell === 'number' && cell > 0 && cell < 11)).toEqual([]);
    }
    const download = (
      await smallManager.get(`/api/dashboard?${period}&published=true`)
    ).json<Dashboard>();
    expect(download.exact).toBe(false);
    expect(download.legal.firToChargesheet.cases).toBe('<11');
  });

  it('a partner official sees only the cases shared with their police station, suppressed, and no survivor in care', async () => {
    const north = await user(['partner_official'], northStationId);
    const seen = (
      await north.get(`/api/dashboard?${period}&organisationId=${organisationId}`)
    ).json<Dashboard>();
    expect(seen.exact).toBe(false);
    const charged = generated.cases.filter(
      (item) => item.stationId === northStationId && inPeriod(item.chargesheetAt),
    ).length;
    const everywhere = generated.cases.filter((item) => inPeriod(item.chargesheetAt)).length;
    expect(charged).toBeGreaterThanOrEqual(11);
    expect(charged).toBeLessThan(everywhere);
    expect(seen.legal.firToChargesheet.cases).toBe(charged);
    const hearings = generated.cases
      .filter((item) => item.stationId === northStationId)
      .flatMap((item) => item.hearings)
      .filter((hearing) => inPeriod(hearing.at));
    const published = (value: number) => (value >= 11 || value === 0 ? value : '<11');
    expect(seen.legal.hearings.total).toBe(published(hearings.length));
    // Survivors in care, restored, trainings and re-trafficking alerts are never shared figures.
    expect(seen.inCareByPhase.rows).toEqual([]);
    expect(seen.restored.years).toEqual([]);
    expect(seen.trainings.byCadreAndDistrict.rows).toEqual([]);
    expect(seen.retrafficking.total).toBe(0);

    const south = await user(['partner_official'], southStationId);
    const nothing = (await south.get(`/api/dashboard?${period}`)).json<Dashboard>();
    expect(nothing.legal.firToChargesheet.cases).toBe(0);
    expect(nothing.legal.hearings.total).toBe(0);
    expect(nothing.deadlines.byRule.rows).toEqual([]);
    expect(nothing.compensation.counts.total).toBe(0);
  });

  it('re-trafficking alerts raised and confirmed in the period: exact for the manager, "<11" for an analyst', async () => {
    // Fourteen alerts between the trust's fictional persons: thirteen raised in 2025, four of them
    // confirmed as the same person; one raised in 2024 does not count.
    await sql`with persons as (
        select id, row_number() over (order by id) as n from person
         where organisation_id = ${organisationId}::uuid)
      insert into retrafficking_match (organisation_id, person_id, case_type, case_id,
        earlier_person_id, earlier_case_type, earlier_case_id, score, status, decided_at,
        created_at, pair_low, pair_high)
      select ${organisationId}::uuid, a.id, 'care_case', gen_random_uuid(), b.id, 'care_case',
             gen_random_uuid(), 0.9,
             case when a.n <= 4 then 'same_person' else 'suggested' end,
             case when a.n <= 4 then timestamptz '2025-06-01T10:00:00+05:30' end,
             case when a.n = 14 then timestamptz '2024-03-01T10:00:00+05:30'
                  else timestamptz '2025-05-01T10:00:00+05:30' end,
             least(a.id, b.id), greatest(a.id, b.id)
        from persons a join persons b on b.n = a.n + 20
       where a.n <= 14`.execute(subject.deps.db);
    const exact = (await manager.get(`/api/dashboard?${period}`)).json<Dashboard>();
    expect(exact.retrafficking).toMatchObject({
      rows: ['alerts_raised', 'confirmed_same_person'],
      cells: [[13], [4]],
    });
    const analyst = await user(['analyst'], organisationId);
    const published = (await analyst.get(`/api/dashboard?${period}`)).json<Dashboard>();
    // The 4 is "<11"; the 13 beside it is withheld, or the total (17) would give the 4 away.
    expect(published.retrafficking.cells).toEqual([['–'], ['<11']]);
    expect(published.retrafficking.total).toBe(17);
  });

  it('compensation follows a case moved after its claim, under every filter', async () => {
    // The claims carry their case's place for the dashboard (migration 0029c): cases moved to a
    // new police station in another district and to a court, and cases handed to the small trust,
    // after their claims were recorded, are counted where they are now.
    const db = subject.deps.db;
    const eastStationId = (
      await db
        .insertInto('organisation')
        .values({
          name: 'Test East Thana',
          kind: 'police_station',
          district: 'Test East District',
          state: 'West Bengal',
          country: 'IN',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const courtId = (
      await db
        .insertInto('organisation')
        .values({
          name: 'Test Sessions Court',
          kind: 'court',
          district: 'Test East District',
          state: 'West Bengal',
          country: 'IN',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const place = new Map<
      string,
      { organisationId: string; stationId: string; courtId?: string }
    >();
    for (const item of generated.cases)
      place.set(item.id, { organisationId, stationId: item.stationId });
    for (const item of smallGenerated.cases)
      place.set(item.id, { organisationId: smallOrganisationId, stationId: item.stationId });
    const claimed = generated.cases.filter(
      (item) =>
        item.claim !== null &&
        [item.claim.appliedAt, item.claim.awardedAt, item.claim.disbursedAt].some(inPeriod),
    );
    expect(claimed.length).toBeGreaterThanOrEqual(26);
    const moves: { id: string; to: Place }[] = [
      ...claimed.slice(0, 12).map((item) => ({
        id: item.id,
        to: { organisationId, stationId: eastStationId, courtId },
      })),
      ...claimed.slice(12, 14).map((item) => ({
        id: item.id,
        to: { organisationId: smallOrganisationId, stationId: item.stationId },
      })),
    ];
    for (const move of moves) {
      await db
        .updateTable('legal_case')
        .set({
          organisation_id: move.to.organisationId,
          fir_police_station_id: move.to.stationId,
          court_id: move.to.courtId ?? null,
        })
        .where('id', '=', move.id)
        .execute();
      place.set(move.id, move.to);
    }

    const allCases = [...generated.cases, ...smallGenerated.cases];
    const expected = (selects: (where: Place) => boolean) => {
      const claims = allCases.flatMap((item) => {
        const where = place.get(item.id);
        return item.claim && where && selects(where) ? [item.claim] : [];
      });
      const awarded = claims.filter((claim) => inPeriod(claim.awardedAt));
      const disbursed = claims.filter((claim) => inPeriod(claim.disbursedAt));
      return {
        counts: [
          [claims.filter((claim) => inPeriod(claim.appliedAt)).length],
          [awarded.length],
          [disbursed.length],
        ],
        medianDaysToAward: round(
          percentile(
            awarded.map(
              (claim) => ((claim.awardedAt?.getTime() ?? 0) - claim.appliedAt.getTime()) / DAY,
            ),
            0.5,
          ),
        ),
        medianDaysToPayment: round(
          percentile(
            disbursed.map(
              (claim) =>
                ((claim.disbursedAt?.getTime() ?? 0) - (claim.awardedAt?.getTime() ?? 0)) / DAY,
            ),
            0.5,
          ),
        ),
      };
    };
    const shown = async (client: Client, filter: string) => {
      const response = await client.get(`/api/dashboard?${period}${filter}`);
      expect(response.statusCode, response.body).toBe(200);
      const { compensation } = response.json<Dashboard>();
      return {
        counts: compensation.counts.cells,
        medianDaysToAward: compensation.medianDaysToAward,
        medianDaysToPayment: compensation.medianDaysToPayment,
      };
    };
    const ours = (where: { organisationId: string }) => where.organisationId === organisationId;
    const cases: [string, Client, string, (where: Place) => boolean][] = [
      ['the organisation', manager, '', ours],
      [
        'the small trust',
        smallManager,
        '',
        (where) => where.organisationId === smallOrganisationId,
      ],
      [
        'North Thana',
        manager,
        `&policeStationId=${northStationId}`,
        (where) => ours(where) && where.stationId === northStationId,
      ],
      [
        'East Thana',
        manager,
        `&policeStationId=${eastStationId}`,
        (where) => ours(where) && where.stationId === eastStationId,
      ],
      [
        'Test District',
        manager,
        '&district=Test%20District',
        (where) => ours(where) && where.stationId !== eastStationId,
      ],
      [
        'Test East District',
        manager,
        '&district=Test%20East%20District',
        (where) => ours(where) && where.stationId === eastStationId,
      ],
      [
        'the court',
        manager,
        `&courtId=${courtId}`,
        (where) => ours(where) && where.courtId === courtId,
      ],
    ];
    for (const [name, client, filter, selects] of cases) {
      expect(await shown(client, filter), name).toEqual(expected(selects));
    }
    // The moved claims count in their new places, not only in the totals.
    expect(
      (await shown(manager, `&courtId=${courtId}`)).counts
        .flat()
        .some((value) => Number(value) > 0),
    ).toBe(true);
  });

  it('access matrix: the dashboard is for managers, analysts and partners', async () => {
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Trust');
    const actual: Record<string, number> = {};
    for (const role of ROLES) {
      actual[role] = (
        await (await user([role], organisationId)).get(`/api/dashboard?${period}`)
      ).statusCode;
    }
    const allowed: Role[] = ['program_manager', 'partner_official', 'analyst'];
    expect(actual).toEqual(
      Object.fromEntries(ROLES.map((role) => [role, allowed.includes(role) ? 200 : 404])),
    );
  }, 120_000);
});
