import type { Scope } from '@dawn/core';
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { decodeCursor, keysetPage, estimatePastPage } from '../../platform/db/keyset.ts';
import { totalColumns, totalOfPage, type CountedRows } from '../../platform/db/list-count.ts';
import { pageBounds, pageBoundsKey } from '../../platform/db/page-bounds.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import { indiaInstant } from '../../platform/db/instant-text.ts';
import { offenceView, titleOf, visibleLegalCases, type Executor } from './legal-case.repository.ts';
import type { LegalCaseListItem } from './legal-case.schemas.ts';

/**
 * The legal-case list: legal cases by next hearing (none last), newest first among equals,
 * paged from `legal_case (organisation_id, next_hearing_at, created_at desc, id desc)` in
 * organisation scope. Only the page's rows are joined to their police station and court, by
 * key; each row is what the list screen shows of a case (legalCaseListItemSchema). The total is
 * counted only when asked, from the `list_count` read model when it holds it, and never joins.
 * `after` pages from the previous page's last row.
 */
export interface LegalCaseFilter {
  stage?: string | undefined;
  courtId?: string | undefined;
  offence?: string | undefined;
  inCustody?: boolean | undefined;
  hearingWithinDays?: number | undefined;
  limit: number;
  offset: number;
  count?: 'exact' | 'estimate' | 'none' | undefined;
  /** The nextCursor of the previous page (keyset paging; offset is then ignored). */
  after?: string | undefined;
}

/** The filters as SQL is built from them: present or not, and the values as parameters. */
interface Filters {
  stage?: string | undefined;
  courtId?: string | undefined;
  offence?: string | undefined;
  inCustody?: boolean | undefined;
  hearing?: { from: string; to: string } | undefined;
  /** The previous page's last key; `hearing` is '' when that row had no hearing. */
  after?: { hearing: string; createdAt: string; id: string } | undefined;
  limit: number;
  offset: number;
  /** Which of limit and offset a prepared shape writes as literals (page-bounds.ts). */
  bounds?: string | undefined;
  /** The read model's total of these rows, read as two columns of the page. */
  total?: CountedRows | undefined;
}

/** Every value the list's SQL takes, so one shape (the filters present) is one SQL text. */
interface ListValues {
  organisationId: string;
  userId: string;
  stage: string;
  courtId: string;
  offence: string;
  hearingFrom: string;
  hearingTo: string;
  afterHearing: string;
  afterCreatedAt: string;
  afterId: string;
  limit: number;
  offset: number;
}

function listQueries(
  db: Executor,
  actor: Pick<Actor, 'organisationId' | 'userId'>,
  scope: Scope,
  filters: Filters,
) {
  const hasOffence = (offence: string) =>
    sql<boolean>`legal_case.offences @> array[${offence}]::text[]`;
  const conditions = (
    eb: ExpressionBuilder<DatabaseSchema, 'legal_case'>,
    { withOffence = true } = {},
  ) => {
    const all: Expression<SqlBool>[] = [visibleLegalCases(actor, scope)(eb)];
    if (filters.stage) all.push(eb('legal_case.stage', '=', filters.stage));
    if (filters.courtId) all.push(eb('legal_case.court_id', '=', filters.courtId));
    if (filters.offence && withOffence) all.push(hasOffence(filters.offence));
    if (filters.inCustody !== undefined)
      all.push(eb('legal_case.accused_in_custody', filters.inCustody ? '>' : '=', 0));
    if (filters.hearing)
      all.push(
        sql<boolean>`legal_case.next_hearing_at >= ${filters.hearing.from}::timestamptz`,
        sql<boolean>`legal_case.next_hearing_at <= ${filters.hearing.to}::timestamptz`,
      );
    return eb.and(all);
  };
  const inScope = db.selectFrom('legal_case').where((eb) => conditions(eb));
  const { after } = filters;
  const pastCursor = <Query extends SelectQueryBuilder<DatabaseSchema, 'legal_case', object>>(
    rows: Query,
  ): Query => {
    if (!after) return rows;
    // The key is (next hearing, nulls last; created_at desc; id desc): rows after the cursor's.
    const sameHearingOlder = sql<boolean>`(legal_case.created_at, legal_case.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`;
    return rows.where(
      after.hearing === ''
        ? sql<boolean>`legal_case.next_hearing_at is null and ${sameHearingOlder}`
        : sql<boolean>`(legal_case.next_hearing_at > ${after.hearing}::timestamptz
            or legal_case.next_hearing_at is null
            or (legal_case.next_hearing_at = ${after.hearing}::timestamptz and ${sameHearingOlder}))`,
    ) as Query;
  };
  const rows = pastCursor(inScope);
  // The page first, on its own (the index's order and limit), then its rows' names by key.
  const bounds = pageBounds(filters.bounds, filters.limit, filters.offset);
  const withPageColumns = (query: typeof inScope) =>
    query
      .select(listColumns)
      .select([
        sql<string | null>`legal_case.next_hearing_at::text`.as('hearing_key'),
        sql<string>`legal_case.created_at::text`.as('created_key'),
      ])
      .orderBy(sql`legal_case.next_hearing_at asc nulls last`)
      .orderBy('legal_case.created_at', 'desc')
      .orderBy('legal_case.id', 'desc');
  /**
   * A page of the cases holding one offence, whatever their place in the hearing order (issue
   * 11). The page walked the organisation's hearing-ordered index and dropped the rows without
   * the offence; the planner costs that walk as if the offence were spread evenly, and where its
   * cases sort late (the bench at 4×: 30,910 rows dropped for a page of 26) the walk read nearly
   * the whole organisation. Now the walk is bounded: the page is looked for in the first
   * OFFENCE_WALK_ROWS rows of the order; only when they do not hold it are the offence's cases
   * found through their GIN index (migration 0036l) and sorted. So an offence common enough to
   * fill a page within the walk costs at most the walk; a rarer one the walk and its own cases,
   * fewer than 26 in every 1,000 of the organisation's.
   */
  const offencePage = (offence: string) => {
    const walked = withPageColumns(
      pastCursor(db.selectFrom('legal_case').where((eb) => conditions(eb, { withOffence: false }))),
    ).limit(sql.lit(OFFENCE_WALK_ROWS));
    const pageFound = sql<boolean>`(select count(*) from walked_page) = ${bounds.limit}`;
    return db
      .with(
        (cte) => cte('walked_page').materialized(),
        (qb) =>
          qb
            .selectFrom(walked.as('walked'))
            .selectAll()
            .where(sql<boolean>`walked.offences @> array[${offence}]::text[]`)
            .orderBy(sql`walked.next_hearing_at asc nulls last`)
            .orderBy('walked.created_at', 'desc')
            .orderBy('walked.id', 'desc')
            .limit(bounds.limit)
            .offset(bounds.offset),
      )
      .with(
        // Materialized, so the planner cannot walk the hearing-ordered index for it either.
        (cte) => cte('with_offence').materialized(),
        () => withPageColumns(rows).clearOrderBy(),
      )
      .selectFrom('walked_page')
      .selectAll()
      .where(pageFound)
      .unionAll((eb) =>
        eb
          .selectFrom(
            eb
              .selectFrom('with_offence')
              .selectAll()
              .orderBy(sql`with_offence.next_hearing_at asc nulls last`)
              .orderBy('with_offence.created_at', 'desc')
              .orderBy('with_offence.id', 'desc')
              .limit(bounds.limit)
              .offset(bounds.offset)
              .as('sorted'),
          )
          .selectAll()
          .where(sql<boolean>`not ${pageFound}`),
      );
  };
  const pageRows =
    filters.offence && scope === 'organisation'
      ? offencePage(filters.offence).as('legal_case')
      : withPageColumns(rows).limit(bounds.limit).offset(bounds.offset).as('legal_case');
  const namedPage = db
    .selectFrom(pageRows)
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .leftJoin('organisation as court', 'court.id', 'legal_case.court_id')
    // The page's instants leave PostgreSQL once, as text (the cursor's keys and the answer's
    // India time, issue 11), not again as timestamps the driver would parse into Dates.
    .select(pageColumns)
    .select(['station.name as station_name', 'court.name as court_name'])
    .orderBy(sql`legal_case.next_hearing_at asc nulls last`)
    .orderBy('legal_case.created_at', 'desc')
    .orderBy('legal_case.id', 'desc');
  const page = filters.total
    ? namedPage.select(totalColumns('legal_case', filters.total))
    : namedPage;
  return { inScope, page, count: inScope.select((eb) => eb.fn.countAll<string>().as('n')) };
}

/**
 * The columns a list row is made of (its title's FIR, its court, offences, stage, custody and next
 * hearing), with the keys it is ordered and paged by.
 */
const listColumns = [
  'legal_case.id',
  'legal_case.fir_police_station_id',
  'legal_case.fir_number',
  'legal_case.fir_year',
  'legal_case.cnr',
  'legal_case.court_id',
  'legal_case.offences',
  'legal_case.stage',
  'legal_case.accused_in_custody',
  'legal_case.next_hearing_at',
  'legal_case.next_hearing_purpose',
  'legal_case.created_at',
] as const;

/** The page's columns but its instants, which it reads as text (`hearing_key`, `created_key`). */
const pageColumns = [
  'legal_case.id',
  'legal_case.fir_police_station_id',
  'legal_case.fir_number',
  'legal_case.fir_year',
  'legal_case.cnr',
  'legal_case.court_id',
  'legal_case.offences',
  'legal_case.stage',
  'legal_case.accused_in_custody',
  'legal_case.next_hearing_purpose',
  'legal_case.hearing_key',
  'legal_case.created_key',
] as const;

/** The filters present (and the custody filter's sense), as the key of a prepared shape. */
function shapeOf(scope: Scope, filters: Filters): string {
  const present = (value: unknown) => (value === undefined || value === '' ? '-' : '+');
  return [
    scope,
    present(filters.stage),
    present(filters.courtId),
    present(filters.offence),
    filters.inCustody === undefined ? '-' : String(filters.inCustody),
    present(filters.hearing),
    filters.after === undefined ? '-' : filters.after.hearing === '' ? 'none' : 'at',
    // The total's key is the organisation and the stage filter's value: the shape says only whether.
    present(filters.total),
    filters.bounds ?? '-',
  ].join(' ');
}

/** The same shape from its key, with stand-ins for the values. */
function standInFilters(shape: string, values: ListValues): Filters {
  const [, stage, court, offence, inCustody, hearing, after, total, bounds] = shape.split(' ');
  return {
    stage: stage === '+' ? values.stage : undefined,
    courtId: court === '+' ? values.courtId : undefined,
    offence: offence === '+' ? values.offence : undefined,
    inCustody: inCustody === '-' ? undefined : inCustody === 'true',
    hearing: hearing === '+' ? { from: values.hearingFrom, to: values.hearingTo } : undefined,
    after:
      after === '-'
        ? undefined
        : {
            hearing: after === 'none' ? '' : values.afterHearing,
            createdAt: values.afterCreatedAt,
            id: values.afterId,
          },
    limit: values.limit,
    offset: values.offset,
    bounds: bounds === '-' ? undefined : bounds,
    total:
      total === '+'
        ? {
            organisationId: values.organisationId,
            ...(stage === '+' ? { bucket: values.stage } : {}),
          }
        : undefined,
  };
}

/**
 * How far down the hearing order an offence's page is looked for before its own index is read:
 * an offence that misses it holds fewer than 26 in 1,000 cases, so at a programme's 4× (40,000
 * cases) the walk and the sort of its cases are each about 1,000 rows at worst.
 */
const OFFENCE_WALK_ROWS = 1_000;

const scopeOf = (shape: string) => shape.split(' ')[0] as Scope;

// Each shape built once (issue 11). In organisation scope the page is also a named statement:
// planned once a connection, where planning its joins cost several times more than running it;
// its plan does not depend on the values (the organisation's index, then the page's keys).
const preparedPage = preparedSelect(
  (db, values: ListValues, shape) =>
    listQueries(db, values, scopeOf(shape), standInFilters(shape, values)).page,
  { named: (shape) => scopeOf(shape) === 'organisation' },
);
// The scope and filters the estimate EXPLAINs, built once a shape as the page is (issue 11).
const preparedInScope = preparedSelect((db, values: ListValues, shape) =>
  listQueries(db, values, scopeOf(shape), standInFilters(shape, values)).inScope.select(
    sql`1`.as('one'),
  ),
);
const preparedCount = preparedSelect(
  (db, values: ListValues, shape) =>
    listQueries(db, values, scopeOf(shape), standInFilters(shape, values)).count,
);

/** The organisation's legal cases, of every stage or one: what the `list_count` model holds. */
function countedRows(actor: Actor, scope: Scope, filters: Filters): CountedRows | undefined {
  if (
    scope !== 'organisation' ||
    filters.courtId !== undefined ||
    filters.offence !== undefined ||
    filters.inCustody !== undefined ||
    filters.hearing !== undefined
  )
    return undefined;
  return filters.stage
    ? { organisationId: actor.organisationId, bucket: filters.stage }
    : { organisationId: actor.organisationId };
}

export async function listVisibleLegalCases(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: LegalCaseFilter,
  now: Date,
): Promise<{
  legalCases: LegalCaseListItem[];
  total?: number;
  totalEstimate?: number;
  nextCursor: string | null;
}> {
  const after = filter.after
    ? (([hearing, createdAt, id]) => ({
        hearing: hearing ?? '',
        createdAt: createdAt ?? '',
        id: id ?? '',
      }))(decodeCursor(filter.after, ['instant-or-empty', 'instant', 'uuid']))
    : undefined;
  const asked: Filters = {
    stage: filter.stage || undefined,
    courtId: filter.courtId || undefined,
    offence: filter.offence || undefined,
    inCustody: filter.inCustody,
    hearing:
      filter.hearingWithinDays === undefined
        ? undefined
        : {
            from: now.toISOString(),
            to: new Date(now.getTime() + filter.hearingWithinDays * 86_400_000).toISOString(),
          },
    after,
    limit: filter.limit + 1,
    offset: after ? 0 : filter.offset,
  };
  // A total the read model holds is read with the page, in the same statement (issue 11). For
  // `count=estimate` it is exact and cheaper than the planner's estimate (no EXPLAIN to plan).
  const counted = filter.count === 'none' ? undefined : countedRows(actor, scope, asked);
  // The common page sizes and a first page as literals, so the named statement keeps its generic plan.
  const filters: Filters = {
    ...asked,
    total: counted,
    bounds: pageBoundsKey(asked.limit, asked.offset),
  };
  const values: ListValues = {
    organisationId: actor.organisationId,
    userId: actor.userId,
    stage: filters.stage ?? '',
    courtId: filters.courtId ?? '',
    offence: filters.offence ?? '',
    hearingFrom: filters.hearing?.from ?? '',
    hearingTo: filters.hearing?.to ?? '',
    afterHearing: after?.hearing ?? '',
    afterCreatedAt: after?.createdAt ?? '',
    afterId: after?.id ?? '',
    limit: filters.limit,
    offset: filters.offset,
  };
  const shape = shapeOf(scope, filters);
  const read = await preparedPage.execute(db, shape, values);
  const countTotal = async () => {
    if (counted) return totalOfPage(db, 'legal_case', counted, read);
    const [row] = await preparedCount.execute(db, shape, values);
    return Number(row?.n ?? 0);
  };
  const total =
    filter.count === 'none' || filter.count === 'estimate' ? undefined : await countTotal();
  const { page: rows, nextCursor } = keysetPage(read, filter.limit, (row) => [
    row.hearing_key ?? '',
    row.created_key,
    row.id,
  ]);
  const estimate =
    filter.count !== 'estimate'
      ? undefined
      : counted
        ? await countTotal()
        : await estimatePastPage(
            { db, compiled: preparedInScope.compile(db, shape, values) },
            filter,
            rows.length,
          );
  return {
    legalCases: rows.map(listItemOf),
    ...(total === undefined ? {} : { total }),
    ...(estimate === undefined ? {} : { totalEstimate: estimate }),
    nextCursor,
  };
}

type PageRow = Awaited<ReturnType<typeof preparedPage.execute>>[number];

/** A list row, each field as the case's page writes it (legal-case.repository.ts `viewOf`). */
function listItemOf(row: PageRow): LegalCaseListItem {
  return {
    id: row.id,
    ...titleOf(row.id, {
      number: row.fir_number,
      year: row.fir_year,
      policeStation: row.station_name,
    }),
    cnr: row.cnr,
    court: row.court_id ? { id: row.court_id, name: row.court_name ?? '' } : null,
    offences: row.offences.map(offenceView),
    stage: row.stage as LegalCaseListItem['stage'],
    accusedInCustody: row.accused_in_custody,
    nextHearing:
      row.hearing_key === null
        ? null
        : { at: indiaInstant(row.hearing_key), purpose: row.next_hearing_purpose },
  };
}
