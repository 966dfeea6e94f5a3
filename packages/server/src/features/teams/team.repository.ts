import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

export interface MemberRow {
  id: string;
  display_name: string;
  roles: string[];
}

/** The team of one case, in the order its members joined. */
export async function membersOf(
  db: Kysely<DatabaseSchema>,
  entityType: 'care_case' | 'legal_case',
  entityId: string,
): Promise<MemberRow[]> {
  return db
    .selectFrom('team_membership')
    .innerJoin('app_user', 'app_user.id', 'team_membership.user_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.roles'])
    .where('team_membership.entity_type', '=', entityType)
    .where('team_membership.entity_id', '=', entityId)
    .orderBy('team_membership.added_at')
    .orderBy('app_user.id')
    .execute();
}

/** Active users of one organisation, by name: the people a case team can add. */
export async function activeUsersOf(
  db: Kysely<DatabaseSchema>,
  organisationId: string,
  filter: { ids?: string[] | undefined; search?: string | undefined; limit: number },
): Promise<MemberRow[]> {
  let query = db
    .selectFrom('app_user')
    .select(['app_user.id', 'app_user.display_name', 'app_user.roles'])
    .where('app_user.organisation_id', '=', organisationId)
    .where('app_user.status', '=', 'active');
  if (filter.ids && filter.ids.length > 0) query = query.where('app_user.id', 'in', filter.ids);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[%_\\]/g, '')}%`;
    query = query.where('app_user.display_name', 'ilike', pattern);
  }
  return query
    .orderBy('app_user.display_name')
    .orderBy('app_user.id')
    .limit(filter.limit)
    .execute();
}
