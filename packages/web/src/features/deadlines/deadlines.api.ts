import { getJson, postJson, putJson, queryString } from '../../app/api.ts';

export type ObligationStatus = 'met' | 'met_late' | 'open' | 'overdue';

export interface ObligationView {
  id: string;
  caseType: string;
  caseId: string;
  caseCode: string;
  rule: string;
  title: string;
  citation: string;
  subject: string | null;
  startsAt: string;
  dueAt: string;
  status: ObligationStatus;
  metAt: string | null;
  consequence: string;
  confidence: 'T' | 'S' | 'U';
  unconfirmed: boolean;
  responsibleRole: string;
  daysLeft: number | null;
  /**
   * Absent from brief lists (`fields: 'list'`): fetch the one obligation when a row opens. null:
   * none was recorded (a demonstration's generated deadline).
   */
  explanation?: ObligationExplanation | null;
  computedAt: string;
}

export interface ObligationExplanation {
  startEvent: { type: string; at: string };
  condition: string;
  counting: string;
  citation: string;
  confidence: 'T' | 'S' | 'U';
  unconfirmed: boolean;
  satisfiedBy: string;
  satisfyingEvent: { type: string; at: string } | null;
  notes: string[];
}

export interface ObligationFilters {
  caseType?: string;
  caseId?: string;
  status?: ObligationStatus[];
  dueWithinDays?: number;
  /** `list`: rows without explanations, a fraction of the bytes. */
  fields?: 'list';
  limit?: number;
  /** The nextCursor of the previous page (keyset paging). */
  after?: string | undefined;
}

/** Deadlines a page of the cross-case list shows. */
export const DEADLINES_PAGE_SIZE = 50;

export interface AlertView {
  id: string;
  kind: 'deadline_due_soon' | 'deadline_overdue';
  caseType: string;
  caseId: string;
  caseCode: string;
  rule: string;
  title: string;
  subject: string | null;
  dueAt: string;
  createdAt: string;
  readAt: string | null;
  /** Set once the obligation is met or no longer owed: the alert asks for nothing any more. */
  resolvedAt: string | null;
  resolution: 'met' | 'met_late' | 'withdrawn' | null;
}

export type EmailAlerts = 'immediate' | 'daily_digest' | 'off';

/** How Dawn e-mails the user alerts, and in which language. */
export interface NotificationPreference {
  emailAlerts: EmailAlerts;
  emailLanguage: 'en' | 'bn' | 'hi';
}

export const ALERTS_QUERY_KEY = ['alerts'] as const;

export const deadlinesApi = {
  obligations: (filters: ObligationFilters) =>
    getJson<{ obligations: ObligationView[]; nextCursor: string | null }>(
      `/api/obligations${queryString({
        caseType: filters.caseType,
        caseId: filters.caseId,
        status: filters.status?.join(','),
        dueWithinDays: filters.dueWithinDays,
        fields: filters.fields,
        limit: filters.limit,
        after: filters.after,
      })}`,
    ),
  /** The summary cards' numbers, counted by the server over every deadline the user may see. */
  summary: () =>
    getJson<{ overdue: number; dueWithinWeek: number; open: number; metLate: number }>(
      '/api/obligations/summary',
    ),
  obligation: (id: string) => getJson<ObligationView>(`/api/obligations/${id}`),
  alerts: () => getJson<{ alerts: AlertView[]; unread: number }>('/api/alerts'),
  markRead: (id: string) => postJson<{ read: true }>(`/api/alerts/${id}/read`),
  markAllRead: () => postJson<{ marked: number }>('/api/alerts/read-all'),
  preference: () => getJson<NotificationPreference>('/api/me/notifications'),
  /** Changes what is given; the rest stays as it was. */
  setPreference: (change: Partial<NotificationPreference>) =>
    putJson<NotificationPreference>('/api/me/notifications', change),
};
