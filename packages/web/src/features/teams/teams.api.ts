import type { Role } from '@dawn/core';
import { getJson, queryString } from '../../app/api.ts';

/** A colleague as case teams see one another: name and roles, never an e-mail address. */
export interface Member {
  userId: string;
  displayName: string;
  roles: Role[];
}

export const teamsApi = {
  legalCaseTeam: (caseId: string) =>
    getJson<{ members: Member[] }>(`/api/legal-cases/${encodeURIComponent(caseId)}/team`),
  careCaseTeam: (caseId: string) =>
    getJson<{ members: Member[] }>(`/api/care-cases/${encodeURIComponent(caseId)}/team`),
  colleagues: (filter: { search?: string; ids?: string[] }) =>
    getJson<{ colleagues: Member[] }>(
      `/api/colleagues${queryString({
        search: filter.search?.trim() || undefined,
        ids: filter.ids && filter.ids.length > 0 ? filter.ids.join(',') : undefined,
        limit: 50,
      })}`,
    ),
};
