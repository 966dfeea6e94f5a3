import { isRole } from '@dawn/core';
import { can, deny, requireActor } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import { visibleCaseFor } from '../legal-cases/legal-case.service.ts';
import { activeUsersOf, membersOf, type MemberRow } from './team.repository.ts';
import type { ColleagueQuery, Colleagues, Member, Team } from './team.schemas.ts';

function toMember(row: MemberRow): Member {
  return { userId: row.id, displayName: row.display_name, roles: row.roles.filter(isRole) };
}

/** Who works on a legal case: anyone who may read the case may see its team. */
export async function getLegalCaseTeam(deps: Deps, caseId: string): Promise<Team> {
  await visibleCaseFor(deps, 'legal_case:read', caseId);
  return { members: (await membersOf(deps.db, 'legal_case', caseId)).map(toMember) };
}

/** Who works on a care case: anyone who may read the case may see its team. */
export async function getCareCaseTeam(deps: Deps, caseId: string): Promise<Team> {
  await requireCareCase(deps.db, 'care_case:read', caseId);
  return { members: (await membersOf(deps.db, 'care_case', caseId)).map(toMember) };
}

/**
 * Active users of the caller's own organisation, for a case team member choosing whom to add.
 * Only those who may write a case get the list; e-mail addresses are never part of it.
 */
export async function findColleagues(deps: Deps, query: ColleagueQuery): Promise<Colleagues> {
  const actor = requireActor();
  if (!can(actor, 'care_case:write') && !can(actor, 'legal_case:write'))
    return deny(deps.db, { permission: 'care_case:write' });
  const rows = await activeUsersOf(deps.db, actor.organisationId, query);
  return { colleagues: rows.map(toMember) };
}
