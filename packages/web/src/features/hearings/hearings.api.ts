import type { LegalCaseTitleFir } from '@dawn/core';
import { deleteJson, getJson, postJson, queryString } from '../../app/api.ts';

/** Mirrors the server's hearing schema (features/hearings/hearing.routes.ts). */
export interface HearingView {
  legalCaseId: string;
  /** In English, for API clients; the screen composes the title from `titleFir`. */
  title: string;
  titleFir: LegalCaseTitleFir | null;
  court: string | null;
  at: string;
  kind: 'held' | 'scheduled';
  purpose: string | null;
  adjourned: boolean | null;
  adjournmentReason: string | null;
  witnesses: string[];
  eventId: string | null;
}

export const hearingsApi = {
  month: (month: string) =>
    getJson<{ hearings: HearingView[] }>(`/api/hearings${queryString({ month })}`),
  /** Whether the user has a feed, since when and when a calendar last read it; never its path. */
  feedStatus: () =>
    getJson<{ feed: { createdAt: string; lastUsedAt: string | null } | null }>(
      '/api/hearings/feed',
    ),
  /** The feed's path holds a secret token: shown once, never cached, never logged. */
  createFeed: () => postJson<{ path: string }>('/api/hearings/feed', {}, 'each-time'),
  revokeFeed: () => deleteJson<{ ok: true }>('/api/hearings/feed'),
};
