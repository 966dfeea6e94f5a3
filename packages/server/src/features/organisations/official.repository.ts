import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

export interface OfficialFilter {
  organisationId?: string | undefined;
  ids?: string[] | undefined;
  search?: string | undefined;
  limit: number;
  offset: number;
}

export interface OfficialRow {
  id: string;
  name: string;
  designation: string;
  organisation_id: string;
  organisation_name: string;
  organisation_kind: string;
}

/**
 * Officials are public servants (an investigating officer, a prosecutor, a CWC member): their names
 * and designations are public, so the list is installation-wide.
 */
export async function listOfficials(
  db: Kysely<DatabaseSchema>,
  filter: OfficialFilter,
): Promise<{ total: number; rows: OfficialRow[] }> {
  let base = db
    .selectFrom('official')
    .innerJoin('organisation', 'organisation.id', 'official.organisation_id');
  if (filter.organisationId)
    base = base.where('official.organisation_id', '=', filter.organisationId);
  if (filter.ids && filter.ids.length > 0) base = base.where('official.id', 'in', filter.ids);
  if (filter.search) {
    // The search is a name fragment, not a pattern: wildcards typed by the user are dropped.
    const pattern = `%${filter.search.replace(/[%_\\]/g, '')}%`;
    base = base.where('official.name', 'ilike', pattern);
  }
  const total = await base
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'official.id',
      'official.name',
      'official.designation',
      'official.organisation_id',
      'organisation.name as organisation_name',
      'organisation.kind as organisation_kind',
    ])
    .orderBy('official.name')
    .orderBy('official.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { total: Number(total.n), rows };
}
