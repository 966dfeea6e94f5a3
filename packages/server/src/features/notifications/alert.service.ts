import { DomainError, type Language } from '@dawn/core';
import { sql } from 'kysely';
import { requireActor } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import type {
  AlertResolution,
  EmailAlertsPreference,
} from '../../platform/db/schema-notifications.ts';

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
  /** When the obligation was met (or stopped being owed); the alert then asks for nothing. */
  resolvedAt: string | null;
  resolution: AlertResolution | null;
}

/**
 * The caller's own alerts (in-app inbox): those still asking for work first, then unread first,
 * newest first. `unread` counts only unread alerts still asking for work.
 */
export async function listMyAlerts(
  deps: Deps,
  filter: { unreadOnly: boolean; limit: number },
): Promise<{ alerts: AlertView[]; unread: number }> {
  const actor = requireActor();
  let query = deps.db.selectFrom('alert').selectAll().where('user_id', '=', actor.userId);
  if (filter.unreadOnly) query = query.where('read_at', 'is', null);
  const rows = await query
    .orderBy(sql`resolved_at is null`, 'desc')
    .orderBy(sql`read_at is null`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(filter.limit)
    .execute();
  const unread = await deps.db
    .selectFrom('alert')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    alerts: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      caseType: row.case_type,
      caseId: row.case_id,
      caseCode: row.case_code,
      rule: row.rule,
      title: row.title,
      subject: row.subject,
      dueAt: row.due_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      readAt: row.read_at ? row.read_at.toISOString() : null,
      resolvedAt: row.resolved_at ? row.resolved_at.toISOString() : null,
      resolution: row.resolution,
    })),
    unread: Number(unread.n),
  };
}

/** Marks one of the caller's alerts read; someone else's alert is NOT_FOUND. */
export async function markAlertRead(deps: Deps, alertId: string): Promise<void> {
  const actor = requireActor();
  const result = await deps.db
    .updateTable('alert')
    .set({ read_at: new Date() })
    .where('id', '=', alertId)
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    const exists = await deps.db
      .selectFrom('alert')
      .select('id')
      .where('id', '=', alertId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!exists) throw new DomainError('NOT_FOUND', 'Not found.');
  }
}

export async function markAllAlertsRead(deps: Deps): Promise<number> {
  const actor = requireActor();
  const result = await deps.db
    .updateTable('alert')
    .set({ read_at: new Date() })
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface NotificationPreference {
  emailAlerts: EmailAlertsPreference;
  emailLanguage: Language;
}

export async function getMyNotificationPreference(deps: Deps): Promise<NotificationPreference> {
  const actor = requireActor();
  const row = await deps.db
    .selectFrom('notification_preference')
    .select(['email_alerts', 'email_language'])
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  return {
    emailAlerts: row?.email_alerts ?? 'immediate',
    emailLanguage: row?.email_language ?? 'en',
  };
}

/**
 * Changes what is given of how Dawn e-mails the caller (at least one of the two, as the route
 * checks); what is not given stays as it was.
 */
export async function setMyNotificationPreference(
  deps: Deps,
  change: Partial<NotificationPreference>,
): Promise<NotificationPreference> {
  const actor = requireActor();
  const changed = {
    ...(change.emailAlerts ? { email_alerts: change.emailAlerts } : {}),
    ...(change.emailLanguage ? { email_language: change.emailLanguage } : {}),
  };
  const row = await deps.db
    .insertInto('notification_preference')
    .values({ user_id: actor.userId, email_alerts: 'immediate', last_digest_at: null, ...changed })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(changed))
    .returning(['email_alerts', 'email_language'])
    .executeTakeFirstOrThrow();
  return { emailAlerts: row.email_alerts, emailLanguage: row.email_language };
}
