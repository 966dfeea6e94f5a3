import type { NetworkEdge, NetworkNode } from '@dawn/core';
import { getJson, postJson, queryString } from '../../app/api.ts';

/** The network API; shapes mirror packages/server/src/features/networks/network.routes.ts. */
export interface NetworkFilter {
  from?: string;
  to?: string;
  district?: string;
}

export const NETWORK_QUERY_KEY = ['networks'] as const;

export const networksApi = {
  get: (filter: NetworkFilter) =>
    getJson<{ nodes: NetworkNode[]; edges: NetworkEdge[]; truncated: boolean }>(
      `/api/networks${queryString({ from: filter.from, to: filter.to, district: filter.district })}`,
    ),
  confirm: (personId: string, otherPersonId: string) =>
    postJson<{ status: 'confirmed' }>('/api/networks/links', { personId, otherPersonId }),
};
