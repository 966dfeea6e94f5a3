import type { Scope } from '@dawn/core';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { boundEstimate, decodeCursor, keysetPage, estimateRows } from '../../platform/db/keyset.ts';
import { overdueTaskCount } from '../tasks/task.repository.ts';
import { visibleCareCases, type Executor } from './care-case.repository.ts';
import type { CaseListItem, CaseListQuery } from './care-case.schemas.ts';

/**
 * The case list: the caller's scope in SQL first, then the filters; counts match the rows. The
 * page is read newest first from `care_case (organisation_id, opened_at, code)` (or the scope's
 * own index), joined to persons only for its own rows; the total is counted only when asked,
 * and joins a person only when a filter is about the person.
 */
export async function listVisibleCareCases(
  db: Executor,
  actor: Actor,
  scope: Scope,
  query: Omit<CaseListQuery, 'count'> & {
    count?: CaseListQuery['count'];
    /** Leave closed cases out (My work). */
    notClosed?: boolean;
  },
): Promise<{
  cases: CaseListItem[];
  total?: number;
  totalEstimate?: number;
  nextCursor: string | null;
}> {
  const caseConditions = (eb: ExpressionBuilder<DatabaseSchema, 'care_case'>) => {
    const conditions: Expression<SqlBool>[] = [visibleCareCases(actor, scope)(eb)];
    if (query.phase) conditions.push(eb('care_case.phase', '=', query.phase));
    if (query.notClosed) conditions.push(eb('care_case.phase', '!=', 'closed'));
    if (query.shelterId)
      conditions.push(eb('care_case.placement_organisation_id', '=', query.shelterId));
    if (query.teamMemberId)
      conditions.push(
        eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', 'care_case')
            .whereRef('team_membership.entity_id', '=', 'care_case.id')
            .where('team_membership.user_id', '=', query.teamMemberId),
        ),
      );
    if (query.overdue !== undefined)
      conditions.push(eb(overdueTaskCount, query.overdue ? '>' : '=', 0));
    return eb.and(conditions);
  };
  const pattern = query.search ? `%${query.search.replace(/[%_\\]/g, '')}%` : undefined;
  const personConditions = (eb: ExpressionBuilder<DatabaseSchema, 'care_case' | 'person'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (query.ageBand) conditions.push(eb('person.age_band', '=', query.ageBand));
    if (pattern)
      conditions.push(
        eb.or([eb('person.pseudonym', 'ilike', pattern), eb('care_case.code', 'ilike', pattern)]),
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
    query.ageBand !== undefined || pattern !== undefined
      ? base
      : db.selectFrom('care_case').where(caseConditions);
  const countTotal = async () => {
    const row = await inScope
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  let page = base;
  if (query.after) {
    const [openedAt, code] = decodeCursor(query.after, ['instant', 'text']) as [string, string];
    page = page.where(
      sql<boolean>`(care_case.opened_at, care_case.code) < (${openedAt}::timestamptz, ${code})`,
    );
  }
  const read = await page
    .leftJoin('organisation as placement', 'placement.id', 'care_case.placement_organisation_id')
    .select([
      'care_case.id',
      'care_case.code',
      'care_case.phase',
      'care_case.opened_at',
      sql<string>`care_case.opened_at::text`.as('opened_at_key'),
      'person.pseudonym',
      'person.age_band',
      'placement.name as placement_name',
    ])
    .select(overdueTaskCount.as('overdue_tasks'))
    .select(
      sql<Date | null>`(select min(task.due_at) from task where task.case_id = care_case.id and task.done_at is null)`.as(
        'next_due_at',
      ),
    )
    .orderBy('care_case.opened_at', 'desc')
    .orderBy('care_case.code', 'desc')
    .limit(query.limit + 1)
    .offset(query.after ? 0 : query.offset)
    .execute();
  const { page: rows, nextCursor } = keysetPage(read, query.limit, (row) => [
    row.opened_at_key,
    row.code,
  ]);
  const estimate =
    query.count === 'estimate'
      ? boundEstimate(await estimateRows(inScope.select(sql`1`.as('one'))), {
          returned: rows.length,
          limit: query.limit,
          offset: query.offset,
          after: query.after,
        })
      : undefined;
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
      openedAt: new Date(row.opened_at).toISOString(),
      placementOrganisationName: row.placement_name,
      overdueTasks: Number(row.overdue_tasks),
      nextDueAt: row.next_due_at ? new Date(row.next_due_at).toISOString() : null,
    })),
  };
}
