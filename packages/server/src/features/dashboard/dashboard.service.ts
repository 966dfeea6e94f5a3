import {
  DEFAULT_RESTORED_RULE,
  describeRestoredRule,
  isSmall,
  publishCumulative,
  publishShare,
  publishStatistic,
  publishTable,
  type Cell,
  type CountTable,
  type PublishedTable,
} from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import {
  compensation,
  deadlines,
  firTo,
  inCareByPhase,
  legalCounts,
  rescuesByYear,
  restoredByYear,
  restoredRuleOf,
  retraffickingCounts,
  trainedByCadreAndDistrict,
  type DashboardFilter,
} from './dashboard.repository.ts';
import type { Dashboard, DashboardQuery, DashboardTable } from './dashboard.schemas.ts';

type PublishedCell = number | '<11' | '–';

const toJson = (cell: Cell): PublishedCell =>
  cell.kind === 'exact' ? cell.value : cell.kind === 'small' ? '<11' : '–';

const tableJson = (table: PublishedTable): DashboardTable => ({
  rows: table.rows,
  columns: table.columns,
  cells: table.cells.map((row) => row.map(toJson)),
  rowTotals: table.rowTotals.map(toJson),
  columnTotals: table.columnTotals.map(toJson),
  total: toJson(table.total),
});

const count = (value: number, exact: boolean): PublishedCell =>
  exact || !isSmall(value) ? value : '<11';

const round = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 10) / 10;

/** Pivots rows of (row key, column key, value) into a count table, keys in first-seen order. */
function pivot<Row>(
  rows: readonly Row[],
  rowKey: (row: Row) => string,
  columns: readonly { name: string; value: (row: Row) => number }[],
): CountTable {
  const rowNames = [...new Set(rows.map(rowKey))];
  const values = rowNames.map((name) =>
    columns.map((column) =>
      rows.filter((row) => rowKey(row) === name).reduce((sum, row) => sum + column.value(row), 0),
    ),
  );
  return { rows: rowNames, columns: columns.map((column) => column.name), values };
}

/**
 * The justice-system dashboard. A programme manager (who may see the organisation's cases) sees
 * exact numbers; partners and analysts, and every download (`published`), see small numbers
 * suppressed (docs/dashboard.md). Aggregates only: no case, no person, never the vault.
 */
export async function justiceDashboard(deps: Deps, query: DashboardQuery): Promise<Dashboard> {
  const { actor, scope } = await requirePermission(deps.db, 'dashboard:read');
  const caseScope = actor.grants['care_case:read'];
  const exact = !query.published && (caseScope === 'organisation' || caseScope === 'all');
  const options = { exact };
  // A partner official ('shared') sees the legal cases and rescues shared with their
  // organisation, of any organisation (filterable), and no survivor in care (docs/dashboard.md).
  const shared = scope === 'shared';
  const filter: DashboardFilter = {
    from: new Date(`${query.from}T00:00:00+05:30`),
    to: new Date(`${query.to}T23:59:59.999+05:30`),
    organisationId: scope === 'all' || shared ? query.organisationId : actor.organisationId,
    sharedWith: shared ? actor.organisationId : undefined,
    district: query.district,
    policeStationId: query.policeStationId,
    courtId: query.courtId,
  };

  const [
    rescues,
    phases,
    restored,
    rule,
    chargesheets,
    verdictTimes,
    counts,
    claims,
    deadlineRows,
    trained,
    retrafficking,
  ] = await Promise.all([
    rescuesByYear(deps.db, filter),
    shared ? [] : inCareByPhase(deps.db, filter),
    shared ? [] : restoredByYear(deps.db, filter),
    restoredRuleOf(deps.db, filter.organisationId),
    firTo(deps.db, filter, 'chargesheet.filed'),
    firTo(deps.db, filter, 'court.judgment'),
    legalCounts(deps.db, filter),
    compensation(deps.db, filter),
    deadlines(deps.db, filter, query.deadlinesBy),
    shared ? [] : trainedByCadreAndDistrict(deps.db, filter),
    shared ? { raised: 0, confirmed: 0 } : retraffickingCounts(deps.db, filter),
  ]);

  const restoredCounts = restored.map((row) => row.restored);
  const cumulative = restoredCounts.map((_, index) =>
    restoredCounts.slice(0, index + 1).reduce((sum, value) => sum + value, 0),
  );
  const perYear = publishTable(
    {
      rows: restored.map((row) => String(row.year)),
      columns: ['restored'],
      values: restoredCounts.map((value) => [value]),
    },
    options,
  );
  const tested = trained.reduce((sum, row) => sum + row.tested, 0);
  const gainSum = trained.reduce((sum, row) => sum + row.gain_sum, 0);

  const dashboard: Dashboard = {
    exact,
    period: { from: query.from, to: query.to },
    rescues: tableJson(
      publishTable(
        pivot(rescues, (row) => String(row.year), [
          { name: 'persons_rescued', value: (row) => row.persons },
        ]),
        options,
      ),
    ),
    inCareByPhase: tableJson(
      publishTable(
        pivot(phases, (row) => row.phase, [{ name: 'survivors', value: (row) => row.survivors }]),
        options,
      ),
    ),
    restored: {
      rule: describeRestoredRule(rule ?? DEFAULT_RESTORED_RULE),
      years: restored.map((row) => row.year),
      perYear: perYear.cells.map((row) => toJson(row[0] ?? { kind: 'withheld' })),
      cumulative: publishCumulative(cumulative, options).map(toJson),
    },
    legal: {
      firToChargesheet: {
        cases: count(chargesheets.cases, exact),
        medianDays: round(publishStatistic(chargesheets.median, chargesheets.cases, options)),
        p90Days: round(publishStatistic(chargesheets.p90, chargesheets.cases, options)),
        within60Share: publishShare(chargesheets.within60, chargesheets.cases, options),
        within90Share: publishShare(chargesheets.within90, chargesheets.cases, options),
      },
      firToVerdict: {
        cases: count(verdictTimes.cases, exact),
        medianDays: round(publishStatistic(verdictTimes.median, verdictTimes.cases, options)),
        p90Days: round(publishStatistic(verdictTimes.p90, verdictTimes.cases, options)),
      },
      // Separate measures; suppressed like parts of one whole, which only ever hides more.
      counts: tableJson(
        publishTable(
          {
            rows: ['default_bail', 'appeals_filed', 'appeals_decided'],
            columns: ['count'],
            values: [[counts.default_bail], [counts.appeals_filed], [counts.appeals_decided]],
          },
          options,
        ),
      ),
      hearings: tableJson(
        publishTable(
          {
            rows: ['hearings'],
            columns: ['held', 'adjourned'],
            values: [[counts.hearings_held, counts.hearings_adjourned]],
          },
          options,
        ),
      ),
      verdicts: tableJson(
        publishTable(
          {
            rows: ['accused'],
            columns: ['convicted', 'acquitted'],
            values: [[counts.convicted, counts.acquitted]],
          },
          options,
        ),
      ),
      convictionRate: publishShare(counts.convicted, counts.convicted + counts.acquitted, options),
    },
    retrafficking: tableJson(
      publishTable(
        {
          rows: ['alerts_raised', 'confirmed_same_person'],
          columns: ['count'],
          values: [[retrafficking.raised], [retrafficking.confirmed]],
        },
        options,
      ),
    ),
    compensation: {
      counts: tableJson(
        publishTable(
          {
            rows: ['applied', 'awarded', 'disbursed'],
            columns: ['claims'],
            values: [[claims.applied], [claims.awarded], [claims.disbursed]],
          },
          options,
        ),
      ),
      amountAwarded: publishStatistic(claims.amount_awarded, claims.awarded, options),
      amountDisbursed: publishStatistic(claims.amount_disbursed, claims.disbursed, options),
      medianDaysToAward: round(
        publishStatistic(claims.median_days_to_award, claims.awarded, options),
      ),
      medianDaysToPayment: round(
        publishStatistic(claims.median_days_to_payment, claims.disbursed, options),
      ),
    },
    deadlines: {
      by: query.deadlinesBy,
      byRule: tableJson(
        publishTable(
          pivot(deadlineRows, (row) => row.rule, [
            { name: 'on_time', value: (row) => row.on_time },
            { name: 'late', value: (row) => row.late },
          ]),
          options,
        ),
      ),
      byPlace: tableJson(
        publishTable(
          pivot(deadlineRows, (row) => row.place ?? '—', [
            { name: 'on_time', value: (row) => row.on_time },
            { name: 'late', value: (row) => row.late },
          ]),
          options,
        ),
      ),
      byYear: tableJson(
        publishTable(
          pivot(deadlineRows, (row) => String(row.year), [
            { name: 'on_time', value: (row) => row.on_time },
            { name: 'late', value: (row) => row.late },
          ]),
          options,
        ),
      ),
    },
    trainings: {
      byCadreAndDistrict: tableJson(publishTable(cadreByDistrict(trained), options)),
      meanKnowledgeGain: round(
        publishStatistic(tested > 0 ? gainSum / tested : null, tested, options),
      ),
      tested: count(tested, exact),
    },
  };
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'report.viewed',
      details: { report: 'dashboard', from: query.from, to: query.to, exact },
    }),
  );
  return dashboard;
}

function cadreByDistrict(
  rows: readonly { cadre: string; district: string; officials: number }[],
): CountTable {
  const cadres = [...new Set(rows.map((row) => row.cadre))];
  const districts = [...new Set(rows.map((row) => row.district))];
  return {
    rows: cadres,
    columns: districts,
    values: cadres.map((cadre) =>
      districts.map(
        (district) =>
          rows.find((row) => row.cadre === cadre && row.district === district)?.officials ?? 0,
      ),
    ),
  };
}
