import type { Scope } from '@dawn/core';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { decodeCursor, keysetPage, estimatePastPage } from '../../platform/db/keyset.ts';
import { totalColumns, totalOfPage, type CountedRows } from '../../platform/db/list-count.ts';
import { isoInstant, isoInstantOrNull } from '../../platform/db/instant-text.ts';
import { pageBounds, pageBoundsKey } from '../../platform/db/page-bounds.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import { hasOverdueTask, overdueTaskCount } from '../tasks/task.repository.ts';
import { visibleCareCases, type Executor } from './care-case.repository.ts';
import type { CaseListItem, CaseListQuery } from './care-case.schemas.ts';

/**
 * The case list: the caller's scope in SQL first, then the filters; counts match the rows. The
 * page is read newest first from `care_case (organisation_id, opened_at, code)` (or the scope's
 * own index), joined to persons only for its own rows; the total is counted only when asked,
 * and joins a person only when a filter is about the person.
 */
type ListQuery = Omit<CaseListQuery, 'count'> & {
  count?: CaseListQuery['count'];
  /** Leave closed cases out (My work). */
  notClosed?: boolean;
};

/**
 * What the list's SQL is made of, from the filters given: the values go in as parameters,
 * so the same shape (which filters are present) is the same SQL whatever the values.
 */
interface ListValues {
  organisationId: string;
  userId: string;
  phase: string;
  shelterId: string;
  teamMemberId: string;
  ageBand: string;
  pattern: string;
  afterOpenedAt: string;
  afterCode: string;
  limit: number;
  offset: number;
}

function listQueries(
  db: Executor,
  actor: Pick<Actor, 'organisationId' | 'userId'>,
  scope: Scope,
  filters: {
    phase?: string | undefined;
    notClosed?: boolean | undefined;
    shelterId?: string | undefined;
    teamMemberId?: string | undefined;
    overdue?: boolean | undefined;
    ageBand?: string | undefined;
    pattern?: string | undefined;
    after?: { openedAt: string; code: string } | undefined;
    limit: number;
    offset: number;
    /** Which of limit and offset a prepared shape writes as literals (page-bounds.ts). */
    bounds?: string | undefined;
    /** The read model's total of these rows, read as two columns of the page. */
    total?: CountedRows | undefined;
  },
) {
  const caseConditions = (eb: ExpressionBuilder<DatabaseSchema, 'care_case'>) => {
    const conditions: Expression<SqlBool>[] = [visibleCareCases(actor as Actor, scope)(eb)];
    if (filters.phase)
      conditions.push(eb('care_case.phase', '=', filters.phase as CaseListItem['phase']));
    // A literal, not a parameter: a named statement's generic plan then still knows which phase
    // is left out (with `<> $n` it may guess that almost no case is left and sort them all).
    if (filters.notClosed) conditions.push(eb('care_case.phase', '!=', sql.lit('closed')));
    if (filters.shelterId)
      conditions.push(eb('care_case.placement_organisation_id', '=', filters.shelterId));
    if (filters.teamMemberId)
      conditions.push(
        eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', 'care_case')
            .whereRef('team_membership.entity_id', '=', 'care_case.id')
            .where('team_membership.user_id', '=', filters.teamMemberId),
        ),
      );
    // Without an overdue task as an anti-join, not a count equal to 0 (issue 11): the planner
    // takes `(count) = 0` to keep one case in 200 and, on a programme of a few thousand cases,
    // read, joined and sorted them all for a page (4 ms of database CPU a request in the bench);
    // `not exists` it estimates from the tasks, and pages from the organisation's index. The
    // same cases either way.
    if (filters.overdue === true) conditions.push(eb(overdueTaskCount, '>', 0));
    if (filters.overdue === false) conditions.push(eb.not(hasOverdueTask));
    return eb.and(conditions);
  };
  const personConditions = (eb: ExpressionBuilder<DatabaseSchema, 'care_case' | 'person'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filters.ageBand) conditions.push(eb('person.age_band', '=', filters.ageBand));
    if (filters.pattern !== undefined)
      conditions.push(
        eb.or([
          // The pseudonym stored lowered (0037d): what `ilike` answers, without lowering it
          // again for every case the page walks past (issue 11).
          sql<SqlBool>`person.pseudonym_folded like lower(${filters.pattern}::text)`,
          eb('care_case.code', 'ilike', filters.pattern),
        ]),
      );
    return eb.and(conditions);
  };
  const base = db
    .selectFrom('care_case')
    .innerJoin('person', 'person.id', 'care_case.person_id')
    .where(caseConditions)
    .where(personConditions);
  // Every case has its person (a foreign key): the join only matters when a filter is about them.
  const inScope =
    filters.ageBand !== undefined || filters.pattern !== undefined
      ? base
      : db.selectFrom('care_case').where(caseConditions);
  const bounds = pageBounds(filters.bounds, filters.limit, filters.offset);
  let page = base;
  if (filters.after) {
    page = page.where(
      sql<boolean>`(care_case.opened_at, care_case.code) < (${filters.after.openedAt}::timestamptz, ${filters.after.code})`,
    );
  }
  const rows = page
    .leftJoin('organisation as placement', 'placement.id', 'care_case.placement_organisation_id')
    // The open tasks' overdue count and next due date in one pass over the case's tasks, not two
    // subqueries: a fifth of the page's database time (issue 11). An aggregate always has its row.
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('task')
          .select([
            sql<string>`count(*) filter (where task.due_at < now())`.as('overdue'),
            sql<string | null>`min(task.due_at)::text`.as('next_due'),
          ])
          .whereRef('task.case_id', '=', 'care_case.id')
          .where('task.done_at', 'is', null)
          .as('open_tasks'),
      (join) => join.onTrue(),
    )
    .select([
      'care_case.id',
      'care_case.code',
      'care_case.phase',
      // As text, answered as ISO text without a Date in between (instant-text.ts): the cursor's
      // key and the row's openedAt both come from it.
      sql<string>`care_case.opened_at::text`.as('opened_at_key'),
      'person.pseudonym',
      'person.age_band',
      'placement.name as placement_name',
    ])
    .select(['open_tasks.overdue as overdue_tasks', 'open_tasks.next_due as next_due_at'])
    .orderBy('care_case.opened_at', 'desc')
    .orderBy('care_case.code', 'desc')
    .limit(bounds.limit)
    .offset(bounds.offset);
  return {
    inScope,
    count: inScope.select((eb) => eb.fn.countAll<string>().as('n')),
    page: filters.total ? rows.select(totalColumns('care_case', filters.total)) : rows,
  };
}

/**
 * The rows whose total the `list_count` read model holds: the organisation's cases, of every
 * phase or of one; `undefined` for any other scope or filter.
 */
function countedRows(
  actor: Pick<Actor, 'organisationId'>,
  scope: Scope,
  filters: Parameters<typeof listQueries>[3],
): CountedRows | undefined {
  if (
    scope !== 'organisation' ||
    filters.shelterId !== undefined ||
    filters.teamMemberId !== undefined ||
    filters.overdue !== undefined ||
    filters.ageBand !== undefined ||
    filters.pattern !== undefined ||
    filters.notClosed
  )
    return undefined;
  return filters.phase
    ? { organisationId: actor.organisationId, bucket: filters.phase }
    : { organisationId: actor.organisationId };
}

type PageRow = Awaited<ReturnType<ReturnType<typeof listQueries>['page']['execute']>>[number];

/** The filters present (and overdue's value), as the key of a prepared shape. */
function shapeOf(scope: Scope, filters: Parameters<typeof listQueries>[3]): string {
  // The total's key is the organisation and the phase filter's value: the shape says only whether.
  const present = (value: unknown) => (value === undefined || value === '' ? '-' : '+');
  return [
    scope,
    present(filters.phase),
    filters.notClosed ? '+' : '-',
    present(filters.shelterId),
    present(filters.teamMemberId),
    filters.overdue === undefined ? '-' : String(filters.overdue),
    present(filters.ageBand),
    present(filters.pattern),
    present(filters.after),
    present(filters.total),
    filters.bounds ?? '-',
  ].join(' ');
}

/** The same shape from the key, with stand-ins for the values. */
function standInFilters(shape: string, values: ListValues): Parameters<typeof listQueries>[3] {
  const [, phase, notClosed, shelter, teamMember, overdue, ageBand, pattern, after, total, bounds] =
    shape.split(' ');
  return {
    phase: phase === '+' ? values.phase : undefined,
    notClosed: notClosed === '+',
    shelterId: shelter === '+' ? values.shelterId : undefined,
    teamMemberId: teamMember === '+' ? values.teamMemberId : undefined,
    overdue: overdue === '-' ? undefined : overdue === 'true',
    ageBand: ageBand === '+' ? values.ageBand : undefined,
    pattern: pattern === '+' ? values.pattern : undefined,
    after: after === '+' ? { openedAt: values.afterOpenedAt, code: values.afterCode } : undefined,
    limit: values.limit,
    offset: values.offset,
    bounds: bounds === '-' ? undefined : bounds,
    total:
      total === '+'
        ? {
            organisationId: values.organisationId,
            ...(phase === '+' ? { bucket: values.phase } : {}),
          }
        : undefined,
  };
}

// The lists are opened more than anything else: each shape built once (issue 11). In
// organisation scope without search text the page is also a named statement, planned once a
// pooled connection (its joins and two subqueries cost more to plan than to run): its plan does
// not depend on the values (the organisation's index, newest first, then the page's rows by key),
// asserted on the generic plan in test/hot-queries/. A search's `ilike` pattern
// is left to a custom plan, whose estimate reads the pattern.
const preparedPage = preparedSelect(
  (db, values: ListValues, shape) =>
    listQueries(db, values, shape.split(' ')[0] as Scope, standInFilters(shape, values)).page,
  {
    named: (shape) => {
      const [scope, , , , , , , pattern] = shape.split(' ');
      return scope === 'organisation' && pattern === '-';
    },
  },
);
const preparedCount = preparedSelect(
  (db, values: ListValues, shape) =>
    listQueries(db, values, shape.split(' ')[0] as Scope, standInFilters(shape, values)).count,
);
// The scope and filters the estimate EXPLAINs, built once a shape as the page is (issue 11): the
// list's whole queries were built again on every filtered `count=estimate` only to compile this
// text, the key of the 30-second estimate cache, as the legal-case list's were.
const preparedInScope = preparedSelect((db, values: ListValues, shape) =>
  listQueries(
    db,
    values,
    shape.split(' ')[0] as Scope,
    standInFilters(shape, values),
  ).inScope.select(sql`1`.as('one')),
);

export async function listVisibleCareCases(
  db: Executor,
  actor: Actor,
  scope: Scope,
  query: ListQuery,
): Promise<{
  cases: CaseListItem[];
  total?: number;
  totalEstimate?: number;
  nextCursor: string | null;
}> {
  const after = query.after
    ? (([openedAt, code]) => ({ openedAt: openedAt ?? '', code: code ?? '' }))(
        decodeCursor(query.after, ['instant', 'text']),
      )
    : undefined;
  const asked = {
    phase: query.phase,
    notClosed: query.notClosed,
    shelterId: query.shelterId,
    teamMemberId: query.teamMemberId,
    overdue: query.overdue,
    ageBand: query.ageBand,
    pattern: query.search ? `%${query.search.replace(/[%_\\]/g, '')}%` : undefined,
    after,
    limit: query.limit + 1,
    offset: query.after ? 0 : query.offset,
  };
  // The shared scope names the organisation inside a text: built each time.
  const prepared = scope !== 'shared';
  // A total the read model holds is read with the page, in the same statement (issue 11). For
  // `count=estimate` it is exact and cheaper than the planner's estimate (no EXPLAIN to plan).
  const counted =
    prepared && (query.count === 'exact' || query.count === 'estimate')
      ? countedRows(actor, scope, asked)
      : undefined;
  // The common page sizes and a first page as literals, so the named statement keeps its generic plan.
  const filters = {
    ...asked,
    total: counted,
    bounds: prepared ? pageBoundsKey(asked.limit, asked.offset) : undefined,
  };
  const values: ListValues = {
    organisationId: actor.organisationId,
    userId: actor.userId,
    phase: filters.phase ?? '',
    shelterId: filters.shelterId ?? '',
    teamMemberId: filters.teamMemberId ?? '',
    ageBand: filters.ageBand ?? '',
    pattern: filters.pattern ?? '',
    afterOpenedAt: after?.openedAt ?? '',
    afterCode: after?.code ?? '',
    limit: filters.limit,
    offset: filters.offset,
  };
  const shape = shapeOf(scope, filters);
  const countTotal = async () => {
    if (counted) return totalOfPage(db, 'care_case', counted, read);
    const [row] = prepared
      ? await preparedCount.execute(db, shape, values)
      : await listQueries(db, actor, scope, filters).count.execute();
    return Number(row?.n ?? 0);
  };
  const read: PageRow[] = prepared
    ? await preparedPage.execute(db, shape, values)
    : await listQueries(db, actor, scope, filters).page.execute();
  const { page: rows, nextCursor } = keysetPage(read, query.limit, (row) => [
    row.opened_at_key,
    row.code,
  ]);
  const estimate =
    query.count !== 'estimate'
      ? undefined
      : counted
        ? await totalOfPage(db, 'care_case', counted, read)
        : await estimatePastPage(
            prepared
              ? { db, compiled: preparedInScope.compile(db, shape, values) }
              : listQueries(db, actor, scope, filters).inScope.select(sql`1`.as('one')),
            query,
            rows.length,
          );
  return {
    ...(query.count === 'exact' ? { total: await countTotal() } : {}),
    ...(estimate === undefined ? {} : { totalEstimate: estimate }),
    nextCursor,
    cases: rows.map((row) => ({
      id: row.id,
      code: row.code,
      pseudonym: row.pseudonym,
      ageBand: row.age_band as CaseListItem['ageBand'],
      phase: row.phase,
      openedAt: isoInstant(row.opened_at_key),
      placementOrganisationName: row.placement_name,
      overdueTasks: Number(row.overdue_tasks),
      nextDueAt: isoInstantOrNull(row.next_due_at),
    })),
  };
}
