import { getJson, postJson, putJson, queryString } from '../../app/api.ts';

/**
 * Re-trafficking alerts as the web app uses them; shapes mirror
 * packages/server/src/features/retrafficking/retrafficking.schemas.ts. An alert carries pseudonyms
 * and a score only; identities come only from the compare call, after a reason.
 */
export type MatchStatus = 'suggested' | 'same_person' | 'different_people';

export interface MatchCase {
  type: 'care_case' | 'rescue_operation';
  id: string;
  code: string | null;
  phase: string | null;
  district: string | null;
  rescuedAt: string | null;
}

export interface RetraffickingMatch {
  id: string;
  score: number;
  status: MatchStatus;
  createdAt: string;
  decidedAt: string | null;
  person: { id: string; pseudonym: string };
  case: MatchCase;
  earlierPerson: { id: string; pseudonym: string };
  earlierCase: MatchCase;
}

export interface ComparedIdentity {
  pseudonym: string;
  legalName: string;
  aliases: string[];
  birthDate?: string;
  phones: string[];
}

export const RETRAFFICKING_QUERY_KEY = ['retrafficking'] as const;

const matchUrl = (id: string) => `/api/retrafficking/matches/${encodeURIComponent(id)}`;

export const retraffickingApi = {
  list: (status: MatchStatus | undefined, after?: string) =>
    getJson<{ matches: RetraffickingMatch[]; nextCursor: string | null }>(
      `/api/retrafficking/matches${queryString({ status, after, limit: 25 })}`,
    ),
  decide: (id: string, decision: Exclude<MatchStatus, 'suggested'>) =>
    postJson<RetraffickingMatch>(`${matchUrl(id)}/decision`, { decision }),
  compare: (id: string, reason: string, purpose: string) =>
    postJson<{ person: ComparedIdentity; earlierPerson: ComparedIdentity }>(
      `${matchUrl(id)}/compare`,
      { reason, purpose },
      'retry',
    ),
  threshold: () => getJson<{ threshold: number }>('/api/retrafficking/settings'),
  setThreshold: (threshold: number) =>
    putJson<{ threshold: number }>('/api/retrafficking/settings', { threshold }),
};
