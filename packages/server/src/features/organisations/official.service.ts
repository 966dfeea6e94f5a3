import { requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import { listOfficials } from './official.repository.ts';
import type { OfficialList, OfficialListQuery } from './official.schemas.ts';

/** Officials to pick from (for a rescue operation, a legal case, an event's credits). */
export async function searchOfficials(deps: Deps, query: OfficialListQuery): Promise<OfficialList> {
  await requirePermission(deps.db, 'organisation:read');
  const { total, rows } = await listOfficials(deps.db, query);
  return {
    total,
    officials: rows.map((row) => ({
      id: row.id,
      name: row.name,
      designation: row.designation,
      organisation: {
        id: row.organisation_id,
        name: row.organisation_name,
        kind: row.organisation_kind,
      },
    })),
  };
}
