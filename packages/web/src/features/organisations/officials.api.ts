import { getJson, queryString } from '../../app/api.ts';

/**
 * Officials (police, prosecutors, CWC members): public servants, so their names travel in lists
 * and a name fragment may go in a query string. Mirrors
 * packages/server/src/features/organisations/official.schemas.ts.
 */
export interface Official {
  id: string;
  name: string;
  designation: string;
  organisation: { id: string; name: string; kind: string };
}

export const officialsApi = {
  search: (filter: { search?: string; organisationId?: string; ids?: string[] }) =>
    getJson<{ total: number; officials: Official[] }>(
      `/api/officials${queryString({
        search: filter.search?.trim() || undefined,
        organisationId: filter.organisationId,
        ids: filter.ids && filter.ids.length > 0 ? filter.ids.join(',') : undefined,
        limit: 50,
      })}`,
    ),
};
