import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type {
  CompensationRow,
  DashboardFilter,
  DeadlinePlace,
  DeadlineRow,
  IntervalRow,
  LegalCountsRow,
} from './dashboard.repository.ts';

/**
 * The legal figures computed plainly from the events and obligations, as the read model
 * (migration 0024) keeps them. Used where the set of cases is small and not a filter the read
 * model holds (a partner's shared cases), by the benchmark beside the read model, and by the
 * tests as the reference the read model must equal.
 */
type Db = Kysely<DatabaseSchema>;

/** The legal cases the filter selects, as a CTE body. */
export function legalCases(filter: DashboardFilter): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filter.organisationId) conditions.push(sql`lc.organisation_id = ${filter.organisationId}`);
  if (filter.policeStationId)
    conditions.push(sql`lc.fir_police_station_id = ${filter.policeStationId}`);
  if (filter.courtId) conditions.push(sql`lc.court_id = ${filter.courtId}`);
  if (filter.district) conditions.push(sql`station.district = ${filter.district}`);
  if (filter.sharedWith)
    conditions.push(
      sql`lc.id in (select share.legal_case_id from legal_case_share share where share.organisation_id = ${filter.sharedWith})`,
    );
  return sql`select lc.id, lc.fir_police_station_id, lc.court_id, station.district
    from legal_case lc left join organisation station on station.id = lc.fir_police_station_id
    where ${sql.join(conditions, sql` and `)}`;
}

/** Whole calendar days in India from the FIR's date to a milestone's date (docs/dashboard.md). */
export const indiaDaysBetween = (firAt: RawBuilder<unknown>, doneAt: RawBuilder<unknown>) =>
  sql`(${doneAt} at time zone 'Asia/Kolkata')::date - (${firAt} at time zone 'Asia/Kolkata')::date`;

/** Events in effect (not corrected away) of the selected cases, of the given types. */
const effectiveEvents = (types: string[]) => sql`
  select e.legal_case_id, e.type, e.occurred_at, e.data
    from legal_case_event e join cases on cases.id = e.legal_case_id
   where e.type in (${sql.join(types)})
     and not exists (select 1 from legal_case_event later where later.supersedes_id = e.id)`;

/**
 * Whole calendar days in India from the FIR to the first event of `type`, for cases whose such
 * event falls in the period.
 */
export async function firToPlain(
  db: Db,
  filter: DashboardFilter,
  type: string,
): Promise<IntervalRow> {
  const result = await sql<IntervalRow>`
    with cases as (${legalCases(filter)}),
    ev as (${effectiveEvents(['fir.registered', type])}),
    per_case as (
      select legal_case_id,
             min(occurred_at) filter (where type = 'fir.registered') as fir_at,
             min(occurred_at) filter (where type = ${type}) as done_at
        from ev group by legal_case_id),
    days as (
      select ${indiaDaysBetween(sql.ref('fir_at'), sql.ref('done_at'))} as d from per_case
       where fir_at is not null and done_at >= ${filter.from} and done_at <= ${filter.to})
    select count(*)::int as cases,
           percentile_cont(0.5) within group (order by d)::float8 as median,
           percentile_cont(0.9) within group (order by d)::float8 as p90,
           count(*) filter (where d <= 60)::int as within60,
           count(*) filter (where d <= 90)::int as within90
      from days`.execute(db);
  return result.rows[0] ?? { cases: 0, median: null, p90: null, within60: 0, within90: 0 };
}

/** Counts of court events in the period, in one pass over the type index. */
export async function legalCountsPlain(db: Db, filter: DashboardFilter): Promise<LegalCountsRow> {
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

/**
 * Statutory deadlines that fell due in the period, by rule, place and year: met on time vs met
 * late or overdue (still-open deadlines are not yet a result).
 */
export async function deadlinesPlain(
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

/**
 * The compensation figures over a set of claims named `claims`: steps in the period, amounts, and
 * the exact median days between applied and awarded and between awarded and paid.
 */
export function compensationAggregates(filter: DashboardFilter): RawBuilder<unknown> {
  return sql`
      count(*) filter (where applied_at between ${filter.from} and ${filter.to})::int as applied,
      count(*) filter (where awarded_at between ${filter.from} and ${filter.to})::int as awarded,
      count(*) filter (where disbursed_at between ${filter.from} and ${filter.to})::int as disbursed,
      coalesce(sum(amount_sanctioned) filter (where awarded_at between ${filter.from} and ${filter.to}), 0)::float8 as amount_awarded,
      coalesce(sum(amount_disbursed) filter (where disbursed_at between ${filter.from} and ${filter.to}), 0)::float8 as amount_disbursed,
      (percentile_cont(0.5) within group (order by extract(epoch from (awarded_at - applied_at)) / 86400.0)
         filter (where awarded_at between ${filter.from} and ${filter.to} and applied_at is not null))::float8 as median_days_to_award,
      (percentile_cont(0.5) within group (order by extract(epoch from (disbursed_at - awarded_at)) / 86400.0)
         filter (where disbursed_at between ${filter.from} and ${filter.to} and awarded_at is not null))::float8 as median_days_to_payment`;
}

/** Compensation joined to the cases the filter selects (before the claims carried their place). */
export async function compensationPlain(db: Db, filter: DashboardFilter): Promise<CompensationRow> {
  const result = await sql<CompensationRow>`
    with cases as (${legalCases(filter)}),
    claims as (
      select claim.* from compensation_claim claim join cases on cases.id = claim.legal_case_id
       where claim.applied_at between ${filter.from} and ${filter.to}
          or claim.awarded_at between ${filter.from} and ${filter.to}
          or claim.disbursed_at between ${filter.from} and ${filter.to})
    select ${compensationAggregates(filter)}
    from claims`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('an aggregate returns one row');
  return row;
}
