import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import {
  compensationAggregates,
  compensationPlain,
  deadlinesPlain,
  firToPlain,
  indiaDaysBetween,
  legalCountsPlain,
} from './dashboard.plain.repository.ts';

/**
 * The dashboard's queries: counts and distributions, one statement per section, never a query
 * per case, never the vault (no identity column is read). The legal figures read the read model
 * of migration 0024 (a milestone row per case, court counts and deadline results per India day),
 * which triggers keep in the transaction that records each event; the period is whole India days
 * and applies to the event that completes each measure.
 */
export interface DashboardFilter {
  from: Date;
  to: Date;
  /** Forced to the caller's organisation unless their scope is 'all' or 'shared'. */
  organisationId: string | undefined;
  /** A partner's organisation: only the legal cases shared with it count. */
  sharedWith: string | undefined;
  district: string | undefined;
  policeStationId: string | undefined;
  courtId: string | undefined;
}

type Db = Kysely<DatabaseSchema>;

/** The filters on a read-model table with organisation_id, police_station_id and court_id. */
function readModelConditions(filter: DashboardFilter, alias: string): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filter.organisationId)
    conditions.push(sql`${column('organisation_id')} = ${filter.organisationId}`);
  if (filter.policeStationId)
    conditions.push(sql`${column('police_station_id')} = ${filter.policeStationId}`);
  if (filter.courtId) conditions.push(sql`${column('court_id')} = ${filter.courtId}`);
  if (filter.district)
    conditions.push(
      sql`${column('police_station_id')} in (select station.id from organisation station where station.district = ${filter.district})`,
    );
  return sql.join(conditions, sql` and `);
}

/** The India days the period covers (it runs from a day's midnight to another's end). */
const days = (filter: DashboardFilter) => ({
  first: sql`(${filter.from}::timestamptz at time zone 'Asia/Kolkata')::date`,
  last: sql`(${filter.to}::timestamptz at time zone 'Asia/Kolkata')::date`,
});

export interface IntervalRow {
  cases: number;
  median: number | null;
  p90: number | null;
  within60: number;
  within90: number;
}

/**
 * percentile_cont(fraction) over the days counted in `running` (days, cumulative cases up to
 * them) and `total.cases`: the same linear interpolation between the closest ranks, computed in
 * the same float8 steps, so it equals percentile_cont over one row per case exactly.
 */
const percentileOfCounts = (fraction: '0.5' | '0.9') => sql`(
  select lower_rank.days + (rank.position - floor(rank.position)) * (upper_rank.days - lower_rank.days)
    from (select ${sql.raw(fraction)}::float8 * (total.cases - 1)::float8 as position) rank,
         lateral (select min(running.days)::float8 as days from running
                   where running.upto > floor(rank.position)) lower_rank,
         lateral (select min(running.days)::float8 as days from running
                   where running.upto > ceil(rank.position)) upper_rank)`;

/**
 * Whole days from FIR to the first chargesheet or judgment, for cases whose milestone falls in the
 * period: the counts per (India day completed, place, days) of migration 0030d, at most a row per
 * case and usually fewer, summed per number of days; no sort of the cases. A partner's shared
 * cases are not a filter the counts hold: their milestone rows are read instead (a small set).
 */
export async function firTo(
  db: Db,
  filter: DashboardFilter,
  type: 'chargesheet.filed' | 'court.judgment',
): Promise<IntervalRow> {
  if (filter.sharedWith) return firToShared(db, filter, type, filter.sharedWith);
  const { first, last } = days(filter);
  const result = await sql<IntervalRow>`
    with counted as (
      select h.days, sum(h.cases)::bigint as cases
        from dashboard_interval_day h
       where h.milestone = ${type === 'chargesheet.filed' ? 'chargesheet' : 'judgment'}
         and h.day >= ${first} and h.day <= ${last} and ${readModelConditions(filter, 'h')}
       group by h.days
      having sum(h.cases) <> 0),
    running as (
      select counted.days, (sum(counted.cases) over (order by counted.days))::bigint as upto
        from counted),
    total as (
      select coalesce(sum(counted.cases), 0)::bigint as cases,
             coalesce(sum(counted.cases) filter (where counted.days <= 60), 0)::int as within60,
             coalesce(sum(counted.cases) filter (where counted.days <= 90), 0)::int as within90
        from counted)
    select total.cases::int as cases,
           ${percentileOfCounts('0.5')} as median,
           ${percentileOfCounts('0.9')} as p90,
           total.within60, total.within90
      from total`.execute(db);
  return result.rows[0] ?? { cases: 0, median: null, p90: null, within60: 0, within90: 0 };
}

/** FIR to a milestone for the cases shared with a partner, from their milestone rows. */
async function firToShared(
  db: Db,
  filter: DashboardFilter,
  type: 'chargesheet.filed' | 'court.judgment',
  sharedWith: string,
): Promise<IntervalRow> {
  const milestone = sql.ref(type === 'chargesheet.filed' ? 'm.chargesheet_at' : 'm.judgment_at');
  const result = await sql<IntervalRow>`
    with days as (
      select ${indiaDaysBetween(sql.ref('m.fir_at'), milestone)} as d
        from dashboard_legal_case m
       where ${milestone} >= ${filter.from} and ${milestone} <= ${filter.to}
         and m.fir_at is not null and ${readModelConditions(filter, 'm')}
         and m.legal_case_id in (select share.legal_case_id from legal_case_share share
                                  where share.organisation_id = ${sharedWith}))
    select count(*)::int as cases,
           percentile_cont(0.5) within group (order by d)::float8 as median,
           percentile_cont(0.9) within group (order by d)::float8 as p90,
           count(*) filter (where d <= 60)::int as within60,
           count(*) filter (where d <= 90)::int as within90
      from days`.execute(db);
  return result.rows[0] ?? { cases: 0, median: null, p90: null, within60: 0, within90: 0 };
}

export interface LegalCountsRow {
  default_bail: number;
  hearings_held: number;
  hearings_adjourned: number;
  convicted: number;
  acquitted: number;
  appeals_filed: number;
  appeals_decided: number;
}

/** Court counts in the period: a year of daily rows. A partner's shared cases are counted plainly. */
export async function legalCounts(db: Db, filter: DashboardFilter): Promise<LegalCountsRow> {
  if (filter.sharedWith) return legalCountsPlain(db, filter);
  const { first, last } = days(filter);
  const result = await sql<LegalCountsRow>`
    select coalesce(sum(default_bail), 0)::int as default_bail,
           coalesce(sum(hearings_held), 0)::int as hearings_held,
           coalesce(sum(hearings_adjourned), 0)::int as hearings_adjourned,
           coalesce(sum(convicted), 0)::int as convicted,
           coalesce(sum(acquitted), 0)::int as acquitted,
           coalesce(sum(appeals_filed), 0)::int as appeals_filed,
           coalesce(sum(appeals_decided), 0)::int as appeals_decided
      from dashboard_legal_day d
     where d.day >= ${first} and d.day <= ${last} and ${readModelConditions(filter, 'd')}`.execute(
    db,
  );
  const row = result.rows[0];
  if (!row) throw new Error('an aggregate returns one row');
  return row;
}

export type DeadlinePlace = 'district' | 'police_station' | 'court';

export interface DeadlineRow {
  rule: string;
  place: string | null;
  year: number;
  on_time: number;
  late: number;
}

/**
 * Statutory deadlines that fell due in the period, by rule, place and year: met on time vs met
 * late or overdue (still-open deadlines are not yet a result).
 */
export async function deadlines(
  db: Db,
  filter: DashboardFilter,
  place: DeadlinePlace,
): Promise<DeadlineRow[]> {
  if (filter.sharedWith) return deadlinesPlain(db, filter, place);
  const placeColumn =
    place === 'district'
      ? sql`station.district`
      : place === 'police_station'
        ? sql`station.name`
        : sql`court.name`;
  const { first, last } = days(filter);
  const result = await sql<DeadlineRow>`
    select d.rule, ${placeColumn} as place, extract(year from d.day)::int as year,
           sum(d.on_time)::int as on_time, sum(d.late)::int as late
      from dashboard_deadline_day d
      left join organisation station on station.id = d.police_station_id
      left join organisation court on court.id = d.court_id
     where d.day >= ${first} and d.day <= ${last} and ${readModelConditions(filter, 'd')}
     group by 1, 2, 3
    having sum(d.on_time) + sum(d.late) > 0
     order by 1, 2, 3`.execute(db);
  return result.rows;
}

/** The plain computations, for the benchmark and the tests that hold the read model to them. */
export const plain = {
  firTo: firToPlain,
  legalCounts: legalCountsPlain,
  deadlines: deadlinesPlain,
  compensation: compensationPlain,
};

export interface CompensationRow {
  applied: number;
  awarded: number;
  disbursed: number;
  amount_awarded: number;
  amount_disbursed: number;
  median_days_to_award: number | null;
  median_days_to_payment: number | null;
}

/**
 * Compensation claims applied, awarded and disbursed in the period, and the delays between: only
 * the claims with a step in the period are read (by the indexes on each step's date, 0024), and
 * filtered by the case's place they carry (kept by triggers, 0029c), never joined to the cases.
 */
export async function compensation(db: Db, filter: DashboardFilter): Promise<CompensationRow> {
  const shared = filter.sharedWith
    ? sql`claim.legal_case_id in (select share.legal_case_id from legal_case_share share where share.organisation_id = ${filter.sharedWith})`
    : sql`true`;
  const result = await sql<CompensationRow>`
    with claims as (
      select claim.* from compensation_claim claim
       where (claim.applied_at between ${filter.from} and ${filter.to}
          or claim.awarded_at between ${filter.from} and ${filter.to}
          or claim.disbursed_at between ${filter.from} and ${filter.to})
         and ${readModelConditions(filter, 'claim')} and ${shared})
    select ${compensationAggregates(filter)}
    from claims`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('an aggregate returns one row');
  return row;
}

/** Care-side filters: the organisation owning the case or operation, and a rescue's district. */
function careConditions(filter: DashboardFilter, alias: string): RawBuilder<unknown> {
  return filter.organisationId
    ? sql`${sql.ref(`${alias}.organisation_id`)} = ${filter.organisationId}`
    : sql`true`;
}

export async function rescuesByYear(
  db: Db,
  filter: DashboardFilter,
): Promise<{ year: number; operations: number; persons: number }[]> {
  const result = await sql<{ year: number; operations: number; persons: number }>`
    select extract(year from operation.occurred_at at time zone 'Asia/Kolkata')::int as year,
           count(distinct operation.id)::int as operations,
           count(person.person_id)::int as persons
      from rescue_operation operation
      left join rescue_operation_person person
        on person.rescue_operation_id = operation.id and person.role = 'rescued'
     where ${careConditions(filter, 'operation')}
       and ${filter.district ? sql`operation.district = ${filter.district}` : sql`true`}
       and ${
         filter.sharedWith
           ? sql`operation.id in (select share.rescue_operation_id from rescue_operation_share share where share.organisation_id = ${filter.sharedWith})`
           : sql`true`
       }
       and operation.occurred_at >= ${filter.from} and operation.occurred_at <= ${filter.to}
     group by 1 order by 1`.execute(db);
  return result.rows;
}

/** Survivors in care now, by phase (closed cases are not in care). */
export async function inCareByPhase(
  db: Db,
  filter: DashboardFilter,
): Promise<{ phase: string; survivors: number }[]> {
  const result = await sql<{ phase: string; survivors: number }>`
    select care_case.phase, count(distinct care_case.person_id)::int as survivors
      from care_case
     where ${careConditions(filter, 'care_case')} and care_case.phase <> 'closed'
     group by 1`.execute(db);
  return result.rows;
}

/** Survivors restored, by year the case closed as restored (all years up to the period's end). */
export async function restoredByYear(
  db: Db,
  filter: DashboardFilter,
): Promise<{ year: number; restored: number }[]> {
  const result = await sql<{ year: number; restored: number }>`
    select extract(year from care_case.closed_at at time zone 'Asia/Kolkata')::int as year,
           count(*)::int as restored
      from care_case
     where ${careConditions(filter, 'care_case')}
       and care_case.phase = 'closed' and care_case.closure_reason = 'restored'
       and care_case.closed_at <= ${filter.to}
     group by 1 order by 1`.execute(db);
  return result.rows;
}

export async function restoredRuleOf(db: Db, organisationId: string | undefined) {
  if (!organisationId) return undefined;
  const row = await db
    .selectFrom('care_setting')
    .select('restored_rule')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.restored_rule ?? undefined;
}

/** Officials trained in sessions that started in the period, by cadre and session district. */
export async function trainedByCadreAndDistrict(
  db: Db,
  filter: DashboardFilter,
): Promise<
  { cadre: string; district: string; officials: number; gain_sum: number; tested: number }[]
> {
  const result = await sql<{
    cadre: string;
    district: string;
    officials: number;
    gain_sum: number;
    tested: number;
  }>`
    select participant.cadre, session.district,
           count(distinct participant.official_id)::int as officials,
           coalesce(sum(participant.post_score - participant.pre_score), 0)::float8 as gain_sum,
           count(participant.post_score - participant.pre_score)::int as tested
      from training_participant participant
      join training_session session on session.id = participant.session_id
     where ${careConditions(filter, 'session')}
       and ${filter.district ? sql`session.district = ${filter.district}` : sql`true`}
       and session.starts_on >= (${filter.from}::timestamptz at time zone 'Asia/Kolkata')::date
       and session.starts_on <= (${filter.to}::timestamptz at time zone 'Asia/Kolkata')::date
     group by 1, 2 order by 1, 2`.execute(db);
  return result.rows;
}

/**
 * Re-trafficking alerts raised in the period, and those confirmed as the same person (decided in
 * the period), from the re-trafficking tables (issue 17), read only.
 */
export async function retraffickingCounts(
  db: Db,
  filter: DashboardFilter,
): Promise<{ raised: number; confirmed: number }> {
  const result = await sql<{ raised: number; confirmed: number }>`
    select count(*) filter (where match.created_at >= ${filter.from} and match.created_at <= ${filter.to})::int as raised,
           count(*) filter (where match.status = 'same_person'
                              and match.decided_at >= ${filter.from} and match.decided_at <= ${filter.to})::int as confirmed
      from retrafficking_match match
     where ${careConditions(filter, 'match')}
       and (match.created_at between ${filter.from} and ${filter.to}
            or match.decided_at between ${filter.from} and ${filter.to})`.execute(db);
  return result.rows[0] ?? { raised: 0, confirmed: 0 };
}
