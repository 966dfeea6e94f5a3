import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/**
 * The dashboard's queries: counts and distributions over whole tables, one statement per section,
 * never a query per case, never the vault (no identity column is read). Filters become WHERE
 * clauses on indexed columns; the period applies to the event that completes each measure.
 */
export interface DashboardFilter {
  from: Date;
  to: Date;
  /** Forced to the caller's organisation unless their scope is 'all'. */
  organisationId: string | undefined;
  district: string | undefined;
  policeStationId: string | undefined;
  courtId: string | undefined;
}

type Db = Kysely<DatabaseSchema>;

/** The legal cases the filter selects, as a CTE body. */
function legalCases(filter: DashboardFilter): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filter.organisationId) conditions.push(sql`lc.organisation_id = ${filter.organisationId}`);
  if (filter.policeStationId)
    conditions.push(sql`lc.fir_police_station_id = ${filter.policeStationId}`);
  if (filter.courtId) conditions.push(sql`lc.court_id = ${filter.courtId}`);
  if (filter.district) conditions.push(sql`station.district = ${filter.district}`);
  return sql`select lc.id, lc.fir_police_station_id, lc.court_id, station.district
    from legal_case lc left join organisation station on station.id = lc.fir_police_station_id
    where ${sql.join(conditions, sql` and `)}`;
}

/** Events in effect (not corrected away) of the selected cases, of the given types. */
const effectiveEvents = (types: string[]) => sql`
  select e.legal_case_id, e.type, e.occurred_at, e.data
    from legal_case_event e join cases on cases.id = e.legal_case_id
   where e.type in (${sql.join(types)})
     and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)`;

export interface IntervalRow {
  cases: number;
  median: number | null;
  p90: number | null;
  within60: number;
  within90: number;
}

/** Days from FIR to the first event of `type`, for cases whose such event falls in the period. */
export async function firTo(db: Db, filter: DashboardFilter, type: string): Promise<IntervalRow> {
  const result = await sql<IntervalRow>`
    with cases as (${legalCases(filter)}),
    ev as (${effectiveEvents(['fir.registered', type])}),
    per_case as (
      select legal_case_id,
             min(occurred_at) filter (where type = 'fir.registered') as fir_at,
             min(occurred_at) filter (where type = ${type}) as done_at
        from ev group by legal_case_id),
    days as (
      select extract(epoch from (done_at - fir_at)) / 86400.0 as d from per_case
       where fir_at is not null and done_at >= ${filter.from} and done_at <= ${filter.to})
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

/** Counts of court events in the period, in one pass over the type index. */
export async function legalCounts(db: Db, filter: DashboardFilter): Promise<LegalCountsRow> {
  const result = await sql<LegalCountsRow>`
    with cases as (${legalCases(filter)}),
    ev as (${effectiveEvents(['accused.bailed', 'court.hearing', 'court.judgment', 'appeal.filed', 'appeal.decided'])}
           and e.occurred_at >= ${filter.from} and e.occurred_at <= ${filter.to})
    select
      count(*) filter (where type = 'accused.bailed' and data->>'kind' = 'default')::int as default_bail,
      count(*) filter (where type = 'court.hearing' and coalesce((data->>'adjourned')::boolean, false) = false)::int as hearings_held,
      count(*) filter (where type = 'court.hearing' and (data->>'adjourned')::boolean)::int as hearings_adjourned,
      coalesce(sum((select count(*) from jsonb_array_elements(case when type = 'court.judgment' then data->'verdicts' else '[]'::jsonb end) verdict where verdict->>'verdict' = 'convicted')), 0)::int as convicted,
      coalesce(sum((select count(*) from jsonb_array_elements(case when type = 'court.judgment' then data->'verdicts' else '[]'::jsonb end) verdict where verdict->>'verdict' = 'acquitted')), 0)::int as acquitted,
      count(*) filter (where type = 'appeal.filed')::int as appeals_filed,
      count(*) filter (where type = 'appeal.decided')::int as appeals_decided
    from ev`.execute(db);
  return (
    result.rows[0] ?? {
      default_bail: 0,
      hearings_held: 0,
      hearings_adjourned: 0,
      convicted: 0,
      acquitted: 0,
      appeals_filed: 0,
      appeals_decided: 0,
    }
  );
}

export interface CompensationRow {
  applied: number;
  awarded: number;
  disbursed: number;
  amount_awarded: number;
  amount_disbursed: number;
  median_days_to_award: number | null;
  median_days_to_payment: number | null;
}

/** Compensation claims applied, awarded and disbursed in the period, and the delays between. */
export async function compensation(db: Db, filter: DashboardFilter): Promise<CompensationRow> {
  const result = await sql<CompensationRow>`
    with cases as (${legalCases(filter)}),
    claims as (select claim.* from compensation_claim claim join cases on cases.id = claim.legal_case_id)
    select
      count(*) filter (where applied_at between ${filter.from} and ${filter.to})::int as applied,
      count(*) filter (where awarded_at between ${filter.from} and ${filter.to})::int as awarded,
      count(*) filter (where disbursed_at between ${filter.from} and ${filter.to})::int as disbursed,
      coalesce(sum(amount_sanctioned) filter (where awarded_at between ${filter.from} and ${filter.to}), 0)::float8 as amount_awarded,
      coalesce(sum(amount_disbursed) filter (where disbursed_at between ${filter.from} and ${filter.to}), 0)::float8 as amount_disbursed,
      (percentile_cont(0.5) within group (order by extract(epoch from (awarded_at - applied_at)) / 86400.0)
         filter (where awarded_at between ${filter.from} and ${filter.to} and applied_at is not null))::float8 as median_days_to_award,
      (percentile_cont(0.5) within group (order by extract(epoch from (disbursed_at - awarded_at)) / 86400.0)
         filter (where disbursed_at between ${filter.from} and ${filter.to} and awarded_at is not null))::float8 as median_days_to_payment
    from claims`.execute(db);
  return (
    result.rows[0] ?? {
      applied: 0,
      awarded: 0,
      disbursed: 0,
      amount_awarded: 0,
      amount_disbursed: 0,
      median_days_to_award: null,
      median_days_to_payment: null,
    }
  );
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
  const placeColumn =
    place === 'district'
      ? sql`cases.district`
      : place === 'police_station'
        ? sql`station.name`
        : sql`court.name`;
  const result = await sql<DeadlineRow>`
    with cases as (${legalCases(filter)})
    select obligation.rule, ${placeColumn} as place,
           extract(year from obligation.due_at at time zone 'Asia/Kolkata')::int as year,
           count(*) filter (where obligation.status = 'met')::int as on_time,
           count(*) filter (where obligation.status in ('met_late', 'overdue'))::int as late
      from obligation
      join cases on cases.id = obligation.case_id
      left join organisation station on station.id = cases.fir_police_station_id
      left join organisation court on court.id = cases.court_id
     where obligation.case_type = 'legal_case'
       and obligation.status <> 'open'
       and obligation.due_at >= ${filter.from} and obligation.due_at <= ${filter.to}
     group by 1, 2, 3
     order by 1, 2, 3`.execute(db);
  return result.rows;
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
