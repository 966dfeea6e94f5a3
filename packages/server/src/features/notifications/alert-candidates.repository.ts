import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { AlertKind } from '../../platform/db/schema-notifications.ts';

/**
 * An obligation's alert stage as SQL: `overdue`, or `due:` and the latest alert time passed, in
 * the ISO form `Date.toISOString` gives (the alert's dedupe key was built with it before, so keys
 * already stored keep matching). Null when no alert time has passed.
 */
function stageSql(asOf: Date) {
  return sql<string | null>`case when obligation.status = 'overdue' then 'overdue'
    else 'due:' || to_char((select max(alert_at) from unnest(obligation.alerts_at) as alert_at
      where alert_at <= ${asOf.toISOString()}::timestamptz) at time zone 'UTC',
      'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end`;
}

/** Obligations that call for an alert at `asOf`: overdue, or open with an alert time passed. */
function callsForAlert(asOf: Date) {
  return sql<boolean>`(obligation.status = 'overdue' or (obligation.status = 'open'
    and ${asOf.toISOString()}::timestamptz >= any(obligation.alerts_at)))`;
}

export interface AlertToRaise {
  obligation_id: string;
  case_id: string;
  case_code: string;
  rule: string;
  title: string;
  subject: string | null;
  due_at: Date;
  consequence: string;
  kind: AlertKind;
  dedupe_key: string;
  user_id: string;
  email: string;
  email_alerts: string;
}

/**
 * The alerts not yet raised that the obligations of `caseIds` call for at `asOf`: one row per
 * obligation and recipient (the active team members who hold its responsible role, or the whole
 * team when none does; only `onlyUserId` when given, as when someone joins the team), leaving out every (user, dedupe key) already in `alert`. The database
 * does the matching, so a sweep that has nothing new to say reads no rows: before, every due
 * obligation, its team and its raised alerts came back to be compared in memory at every sweep.
 */
export async function alertsToRaise(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  caseIds: readonly string[],
  asOf: Date,
  onlyUserId?: string,
): Promise<AlertToRaise[]> {
  if (caseIds.length === 0) return [];
  // No CTE and no window: each due obligation row is joined with its team and probed against
  // the alert index once; the whole-team fallback is an index lookup of the case's team.
  const { rows } = await sql<AlertToRaise>`
    select obligation.id as obligation_id, obligation.case_id, obligation.case_code,
      obligation.rule, obligation.title,
      obligation.subject, obligation.due_at, obligation.consequence, keyed.dedupe_key,
      app_user.id as user_id, app_user.email,
      coalesce(notification_preference.email_alerts, 'immediate') as email_alerts,
      case when obligation.status = 'overdue' then 'deadline_overdue'
        else 'deadline_due_soon' end as kind
    from obligation
    cross join lateral (select ${caseType} || ':' || obligation.case_id || ':'
      || obligation.obligation_key || ':' || ${stageSql(asOf)} as dedupe_key) as keyed
    join team_membership on team_membership.entity_type = ${caseType}
      and team_membership.entity_id = obligation.case_id
    join app_user on app_user.id = team_membership.user_id and app_user.status = 'active'
      ${onlyUserId === undefined ? sql`` : sql`and app_user.id = ${onlyUserId}`}
    left join notification_preference on notification_preference.user_id = app_user.id
    where obligation.case_type = ${caseType}
      and obligation.case_id = any(${[...caseIds]}::uuid[])
      and ${callsForAlert(asOf)}
      and (app_user.roles @> array[obligation.responsible_role] or not exists (
        select 1 from team_membership as responsible
        join app_user as member on member.id = responsible.user_id and member.status = 'active'
        where responsible.entity_type = ${caseType}
          and responsible.entity_id = obligation.case_id
          and member.roles @> array[obligation.responsible_role]))
      and not exists (select 1 from alert
        where alert.user_id = app_user.id and alert.dedupe_key = keyed.dedupe_key)
    order by obligation.case_id, keyed.dedupe_key, app_user.id`.execute(db);
  return rows;
}

export interface OverdueToPublish {
  id: string;
  case_id: string;
  rule: string;
  due_at: Date;
  /** The event's key without its type, as `publishObligationsOverdue` takes it. */
  key: string;
}

/**
 * The overdue obligations of `caseIds` whose `obligation.overdue` event was never published,
 * whether or not anyone on the case team is alerted: those published once are left out here by
 * the key `webhook_event_once` keeps, instead of being sent back at every sweep.
 */
export async function overdueToPublish(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  caseIds: readonly string[],
): Promise<OverdueToPublish[]> {
  if (caseIds.length === 0) return [];
  const { rows } = await sql<OverdueToPublish>`
    select obligation.id, obligation.case_id, obligation.rule, obligation.due_at,
      ${caseType} || ':' || obligation.case_id || ':' || obligation.obligation_key as key
    from obligation
    where obligation.case_type = ${caseType}
      and obligation.case_id = any(${[...caseIds]}::uuid[])
      and obligation.status = 'overdue'
      and not exists (select 1 from webhook_event_once
        where webhook_event_once.event_key =
          'obligation.overdue:' || ${caseType} || ':' || obligation.case_id || ':'
            || obligation.obligation_key)
    order by obligation.case_id, obligation.obligation_key`.execute(db);
  return rows;
}
