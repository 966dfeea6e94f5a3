import type { Scope } from '@dawn/core';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { overdueTaskCount } from '../tasks/task.repository.ts';
import { visibleCareCases, type Executor } from './care-case.repository.ts';
import type { CaseListItem, CaseListQuery } from './care-case.schemas.ts';

/** The case list: the caller's scope in SQL first, then the filters; counts match the rows. */
export async function listVisibleCareCases(
  db: Executor,
  actor: Actor,
  scope: Scope,
  query: CaseListQuery,
): Promise<{ cases: CaseListItem[]; total: number }> {
  let base = db
    .selectFrom('care_case')
    .innerJoin('person', 'person.id', 'care_case.person_id')
    .leftJoin('organisation as placement', 'placement.id', 'care_case.placement_organisation_id')
    .where(visibleCareCases(actor, scope));
  if (query.phase) base = base.where('care_case.phase', '=', query.phase);
  if (query.shelterId)
    base = base.where('care_case.placement_organisation_id', '=', query.shelterId);
  if (query.ageBand) base = base.where('person.age_band', '=', query.ageBand);
  if (query.teamMemberId) {
    const member = query.teamMemberId;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('team_membership')
          .select(sql`1`.as('one'))
          .where('team_membership.entity_type', '=', 'care_case')
          .whereRef('team_membership.entity_id', '=', 'care_case.id')
          .where('team_membership.user_id', '=', member),
      ),
    );
  }
  if (query.overdue !== undefined)
    base = base.where(overdueTaskCount, query.overdue ? '>' : '=', 0);
  if (query.search) {
    const pattern = `%${query.search.replace(/[%_\\]/g, '')}%`;
    base = base.where((eb) =>
      eb.or([eb('person.pseudonym', 'ilike', pattern), eb('care_case.code', 'ilike', pattern)]),
    );
  }
  const total = await base
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'care_case.id',
      'care_case.code',
      'care_case.phase',
      'care_case.opened_at',
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
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    total: Number(total.n),
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
