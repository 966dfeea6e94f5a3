import type { Scope } from '@dawn/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { visibleLegalCases } from '../legal-cases/legal-case.repository.ts';

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

export interface CreditQuery {
  actor: Actor;
  scope: Scope;
  period: { from: Date; to: Date };
  /** One official's credits only. */
  officialId?: string;
}

/** The credits of these officials only (a page of the report). */
export interface PageCreditQuery extends Omit<CreditQuery, 'officialId'> {
  officialIds?: readonly string[];
  /**
   * Only the milestones that met every deadline they satisfied in time (the honour list's, a
   * quarter of a year's credits): the others are not read.
   */
  onTimeOnly?: boolean;
}

/**
 * An event (`legal_case_event as event`) that happened in the period and is in effect: neither a
 * voiding nor corrected by a later event (the partial index on `supersedes_id` answers that).
 */
function inEffectDuring(period: { from: Date; to: Date }) {
  return sql<boolean>`event.occurred_at >= ${period.from} and event.occurred_at <= ${period.to}
    and event.type <> 'event.voided'
    and not exists (
      select 1 from legal_case_event as correction where correction.supersedes_id = event.id)`;
}

/**
 * Officials credited on events in effect (neither corrected by a later event nor a voiding) of
 * the legal cases the caller may report on, in the period (from the events' time index), each
 * event with its verdict (`satisfied.on_time`): whether it met every statutory deadline it
 * satisfied in time (true), met one late (false) or satisfied none (null). The verdict comes from
 * `satisfied_deadline` (migration 0033c), kept by triggers from the obligations the deadline
 * engine materialised (recomputed on every change to a case and by the sweep): one row per
 * credited event, found by its key; no obligation and no identity is read. Run with JIT off (see
 * `withoutJit`).
 */
function creditsWithVerdicts(db: Executor, query: CreditQuery) {
  const { actor, scope, period, officialId } = query;
  return db
    .with('credited', (cte) =>
      cte
        .selectFrom('legal_case_event_official as credit')
        .innerJoin('legal_case_event as event', 'event.id', 'credit.event_id')
        .innerJoin('legal_case', 'legal_case.id', 'event.legal_case_id')
        .select(['credit.official_id', 'event.id as event_id', 'event.legal_case_id'])
        .where(inEffectDuring(period))
        .where(visibleLegalCases(actor, scope))
        .$if(officialId !== undefined, (credits) =>
          credits.where('credit.official_id', '=', officialId ?? ''),
        ),
    )
    .selectFrom('credited')
    .leftJoin('satisfied_deadline as satisfied', (join) =>
      join
        .onRef('satisfied.legal_case_id', '=', 'credited.legal_case_id')
        .on('satisfied.event_id', '=', sql<string>`credited.event_id::text`),
    );
}

/**
 * Each credited official's counts in the period: milestones on time, late and without a deadline,
 * and distinct cases, for officials with at least one milestone on time. One grouped query: the
 * period's credits are counted in the database, not sent.
 */
export function officialCountsInPeriod(db: Executor, query: CreditQuery) {
  // Counted per official id first, then named: grouping by the names' text would sort every
  // credit by collation.
  const counts = creditsWithVerdicts(db, query)
    .select([
      'credited.official_id',
      sql<number>`(count(*) filter (where satisfied.on_time))::int`.as('on_time_count'),
      sql<number>`(count(*) filter (where not satisfied.on_time))::int`.as('late_count'),
      sql<number>`(count(*) filter (where satisfied.on_time is null))::int`.as(
        'without_deadline_count',
      ),
      sql<number>`count(*)::int`.as('milestone_count'),
      sql<number>`count(distinct credited.legal_case_id)::int`.as('case_count'),
    ])
    .groupBy('credited.official_id')
    .having(sql<boolean>`count(*) filter (where satisfied.on_time) > 0`)
    .as('counts');
  return db
    .selectFrom(counts)
    .innerJoin('official', 'official.id', 'counts.official_id')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id')
    .select([
      'counts.official_id',
      'official.name',
      'official.designation',
      'organisation.name as organisation',
      'counts.on_time_count',
      'counts.late_count',
      'counts.without_deadline_count',
      'counts.milestone_count',
      'counts.case_count',
    ])
    .execute();
}

/**
 * Each official's credit with its event, the event's legal case and police station, and the
 * deadlines the event satisfied (the read model of migration 0033c): what the report and its
 * printable page both read.
 */
function creditedEvents(db: Executor) {
  return db
    .selectFrom('legal_case_event_official as credit')
    .innerJoin('legal_case_event as event', 'event.id', 'credit.event_id')
    .innerJoin('legal_case', 'legal_case.id', 'event.legal_case_id')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .leftJoin('satisfied_deadline as satisfied', (join) =>
      join
        .onRef('satisfied.legal_case_id', '=', 'event.legal_case_id')
        .on('satisfied.event_id', '=', sql<string>`event.id::text`),
    );
}

/**
 * Officials credited on events in effect (neither corrected by a later event nor a voiding) of
 * the legal cases the caller may report on, in the period, each event with the statutory
 * deadlines it satisfied (`satisfied_deadline`, by rule then subject; null when none): one query,
 * from the events' time index (or, for a page of officials, from the credits' `official_id`
 * index). No identity is read — whether a victim was a child was settled when the obligations
 * were computed.
 */
export function creditsInPeriod(db: Executor, query: PageCreditQuery) {
  const { actor, scope, period, officialIds, onTimeOnly } = query;
  return creditedEvents(db)
    .innerJoin('official', 'official.id', 'credit.official_id')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id')
    .select([
      'credit.official_id',
      'official.name',
      'official.designation',
      'organisation.name as organisation',
      'event.id as event_id',
      'event.type',
      'event.occurred_at',
      'event.legal_case_id',
      'legal_case.fir_number',
      'legal_case.fir_year',
      'station.name as station',
      'satisfied.deadlines',
    ])
    .where(inEffectDuring(period))
    .where(visibleLegalCases(actor, scope))
    .$if(officialIds !== undefined, (credits) =>
      credits.where(
        'credit.official_id',
        '=',
        sql<string>`any(${[...(officialIds ?? [])]}::uuid[])`,
      ),
    )
    .$if(onTimeOnly === true, (credits) => credits.where('satisfied.on_time', '=', true))
    .execute();
}

/** One milestone of the printable page, as the database writes it (see `printableOfficials`). */
export type PrintableMilestone = [
  /** The day it happened, in India (`YYYY-MM-DD`, the instant plus 5:30, as `toIndiaIso`). */
  day: string,
  type: string,
  /** The first 8 characters of the legal case's id. */
  legalCaseIdStart: string,
  firNumber: string | null,
  firYear: number | null,
  station: string | null,
  /** Whether it met every deadline it satisfied in time (`satisfied_deadline.on_time`); null: none. */
  onTime: boolean | null,
  /** The rules of the deadlines it satisfied, by rule then subject; null: none. */
  rules: string[] | null,
];

/**
 * The printable page's officials: the same credits as `creditsInPeriod` (every official), grouped
 * in the database, one row per chosen official (at least one milestone on time) with its
 * milestones as one JSON array, each a compact array of what the page prints, in the report's
 * order (by instant to the millisecond, as the report's ISO text compares, then by event id), its
 * day already written in India's time. A year's 16,527 credits come as some 50 rows: the driver
 * parses one JSON text per official instead of a row, a `Date` and a JSON text per milestone.
 */
export function printableOfficials(db: Executor, query: Omit<CreditQuery, 'officialId'>) {
  const { actor, scope, period } = query;
  const chosen = creditedEvents(db)
    .select([
      'credit.official_id',
      sql<PrintableMilestone[]>`json_agg(json_build_array(
        to_char((event.occurred_at + interval '330 minutes') at time zone 'UTC', 'YYYY-MM-DD'),
        event.type, left(event.legal_case_id::text, 8), legal_case.fir_number, legal_case.fir_year,
        station.name, satisfied.on_time, jsonb_path_query_array(satisfied.deadlines, '$[*].rule'))
        order by date_trunc('milliseconds', event.occurred_at), event.id)`.as('milestones'),
    ])
    .where(inEffectDuring(period))
    .where(visibleLegalCases(actor, scope))
    .groupBy('credit.official_id')
    .having(sql<boolean>`bool_or(satisfied.on_time)`)
    .as('chosen');
  return db
    .selectFrom(chosen)
    .innerJoin('official', 'official.id', 'chosen.official_id')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id')
    .select([
      'chosen.official_id',
      'official.name',
      'official.designation',
      'organisation.name as organisation',
      'chosen.milestones',
    ])
    .execute();
}

/**
 * Runs a report's query and its audit entry in one transaction with JIT compilation off: the
 * planner's estimate of the text join between events and the deadlines they satisfied crosses
 * PostgreSQL's JIT threshold, and compiling costs far more than the query (0.2–3 s measured).
 */
export function withoutJit<T>(
  db: Kysely<DatabaseSchema>,
  work: (trx: Transaction<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return work(trx);
  });
}
