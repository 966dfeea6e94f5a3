import type { Language } from '@dawn/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { executeNamed } from '../../platform/db/prepared-select.ts';
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

/**
 * How long after its due instant an overdue obligation still raises an alert when its case is
 * evaluated (issue 11). A sweep that runs as configured sees an obligation turn overdue within
 * minutes; one that first sees it later (a programme's first sweep, with clocks that ran out
 * years ago, a case imported with its history, an event recorded long after it happened) does
 * not alert and e-mail about it: the deadlines list shows it overdue all the same. An alert is a
 * nudge to act while acting still changes something, not the record (docs/alerts.md,
 * "Long-overdue stages raise no alert"). Someone who joins a case's team is not held to it.
 */
export const OVERDUE_ALERT_DAYS = 30;

/**
 * Obligations that call for an alert at `asOf`: overdue (for at most {@link OVERDUE_ALERT_DAYS}
 * when `windowed`), or open with an alert time passed.
 */
function callsForAlert(asOf: Date, windowed: boolean) {
  const overdueSince = new Date(asOf.getTime() - OVERDUE_ALERT_DAYS * 86_400_000);
  const recent = windowed
    ? sql`and obligation.due_at >= ${overdueSince.toISOString()}::timestamptz`
    : sql``;
  return sql<boolean>`((obligation.status = 'overdue' ${recent})
    or (obligation.status = 'open'
      and ${asOf.toISOString()}::timestamptz >= any(obligation.alerts_at)))`;
}

/**
 * The obligations of `caseIds`: one case (an event recorded) as an equality, whose statement has
 * one text and one plan whatever the case, so it runs as a named statement on PostgreSQL (parsed
 * once a connection); a batch (the sweep) as an array, planned each time with its size.
 */
function ofCaseIds(caseIds: readonly string[]) {
  return caseIds.length === 1
    ? sql<boolean>`obligation.case_id = ${caseIds[0]}::uuid`
    : sql<boolean>`obligation.case_id = any(${[...caseIds]}::uuid[])`;
}

/** Runs `query`, as a named statement when it is about one case (see {@link ofCaseIds}). */
async function executeFor<Row>(
  db: Kysely<DatabaseSchema>,
  caseIds: readonly string[],
  query: RawBuilder<Row>,
): Promise<Row[]> {
  return caseIds.length === 1
    ? (await executeNamed(db, query)).rows
    : (await query.execute(db)).rows;
}

/** The obligations as stored: what the alert statements read unless told otherwise. */
const STORED = sql`obligation`;

/**
 * The columns of an obligation the alert statements read: what a statement that writes the
 * obligations returns of them when the alerts are raised in it ({@link foldedAlertParts}).
 */
export const ALERTED_OBLIGATION_COLUMNS = sql.raw(`id, case_type, case_id, organisation_id,
  obligation_key, rule, title, subject, due_at, status, alerts_at, consequence, responsible_role,
  case_code`);

/** An alert just raised, with what its e-mail needs. */
export interface RaisedAlert {
  user_id: string;
  kind: AlertKind;
  case_type: string;
  rule: string;
  title: string;
  case_code: string;
  subject: string | null;
  due_at: Date;
  /** The recipient is e-mailed each alert at once (not in a daily digest, not at all). */
  immediate: boolean;
  email: string;
  /** The language the recipient reads e-mails in (migration 0037f). */
  email_language: Language;
  consequence: string;
}

/**
 * Raises the alerts not yet raised that the obligations of `caseIds` call for at `asOf`, in one
 * statement, and answers those it inserted: one row per obligation and recipient (the active
 * team members who hold its responsible role, or the whole team when none does; only
 * `onlyUserId` when given, as when someone joins the team: then every overdue obligation, however
 * old, since the newcomer was never told of any), leaving out every (user, dedupe key) already in
 * `alert`. An alert raised meanwhile by another sweep is skipped by the unique
 * `alert_once` and not answered, so its e-mail is not queued twice. The database does the
 * matching and the inserting: no candidate travels to the server and back (a programme's first
 * sweep raises hundreds of thousands).
 */
export async function raiseDueAlerts(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  caseIds: readonly string[],
  asOf: Date,
  onlyUserId?: string,
): Promise<RaisedAlert[]> {
  if (caseIds.length === 0) return [];
  const { ctes, answer } = dueAlertsParts(caseType, caseIds, asOf, onlyUserId);
  return executeFor(db, caseIds, sql<RaisedAlert>`with ${ctes} ${answer}`);
}

/**
 * {@link raiseDueAlerts}'s statement in two parts, so that another statement can hold it: its
 * data-modifying `with` items (`candidate`, `raised`) and the select of what the e-mails need.
 */
function dueAlertsParts(
  caseType: string,
  caseIds: readonly string[],
  asOf: Date,
  onlyUserId?: string,
  source: RawBuilder<unknown> = STORED,
) {
  // No window: each due obligation row is joined with its team and probed against the alert
  // index once; the whole-team fallback is an index lookup of the case's team.
  const ctes = sql`candidate as (
      select obligation.id as obligation_id, obligation.case_id, obligation.case_code,
        obligation.rule, obligation.title,
        obligation.subject, obligation.due_at, obligation.consequence, keyed.dedupe_key,
        app_user.id as user_id, app_user.email,
        coalesce(notification_preference.email_alerts, 'immediate') as email_alerts,
        case when obligation.status = 'overdue' then 'deadline_overdue'
          else 'deadline_due_soon' end as kind
      from ${source} as obligation
      cross join lateral (select ${caseType} || ':' || obligation.case_id || ':'
        || obligation.obligation_key || ':' || ${stageSql(asOf)} as dedupe_key) as keyed
      join team_membership on team_membership.entity_type = ${caseType}
        and team_membership.entity_id = obligation.case_id
      join app_user on app_user.id = team_membership.user_id and app_user.status = 'active'
        ${onlyUserId === undefined ? sql`` : sql`and app_user.id = ${onlyUserId}`}
      left join notification_preference on notification_preference.user_id = app_user.id
      where obligation.case_type = ${caseType}
        and ${ofCaseIds(caseIds)}
        and ${callsForAlert(asOf, onlyUserId === undefined)}
        and (app_user.roles @> array[obligation.responsible_role] or not exists (
          select 1 from team_membership as responsible
          join app_user as member on member.id = responsible.user_id and member.status = 'active'
          where responsible.entity_type = ${caseType}
            and responsible.entity_id = obligation.case_id
            and member.roles @> array[obligation.responsible_role]))
        and not exists (select 1 from alert
          where alert.user_id = app_user.id and alert.dedupe_key = keyed.dedupe_key)),
    raised as (
      insert into alert (user_id, kind, obligation_id, case_type, case_id, case_code, rule, title,
        subject, due_at, dedupe_key, read_at, emailed_at)
      select user_id, kind, obligation_id, ${caseType}, case_id, case_code, rule, title, subject,
        due_at, dedupe_key, null,
        case when email_alerts = 'immediate' then ${asOf.toISOString()}::timestamptz end
      from candidate
      order by case_id, dedupe_key, user_id
      on conflict on constraint alert_once do nothing
      returning user_id, obligation_id, case_type, case_id, dedupe_key, kind, rule, title,
        case_code, subject, due_at, emailed_at)`;
  // What the e-mails need, by key from the rows inserted (a join back to the candidates has no
  // statistics to plan with, and became a nested loop of thousands by thousands).
  const answer = sql`select raised.user_id, raised.kind, raised.case_type, raised.rule,
      raised.title, raised.case_code, raised.subject, raised.due_at,
      raised.emailed_at is not null as immediate, app_user.email,
      coalesce(preference.email_language, 'en') as email_language, obligation.consequence
    from raised
    join app_user on app_user.id = raised.user_id
    left join notification_preference as preference on preference.user_id = raised.user_id
    join ${source} as obligation on obligation.id = raised.obligation_id
    order by raised.case_id, raised.dedupe_key, raised.user_id`;
  return { ctes, answer };
}

export interface OverdueToPublish {
  id: string;
  case_id: string;
  organisation_id: string;
  rule: string;
  due_at: Date;
  /** The event's key without its type, as `publishObligationsOverdue` takes it. */
  key: string;
}

/**
 * The overdue obligations of `caseIds` as rows of (event_key, organisation_id): one case (an
 * event recorded) as an equality; a batch (the sweep) case by case through `obligation_identity`,
 * a lateral subquery that `offset 0` keeps from being flattened. Planned as `any(array)` on the
 * statistics of an `obligation` a programme's first sweep is filling, the read took every legal
 * case's obligation stored so far and filtered them by case (each batch dearer than the one
 * before: 5.6 of 18 s of the database's CPU in a first sweep of 20,000 cases, issue 11).
 */
function overdueKeysOf(
  caseType: string,
  caseIds: readonly string[],
  type: string,
  source: RawBuilder<unknown>,
) {
  const eventKey = sql<string>`${type} || ':' || ${caseType} || ':' || obligation.case_id || ':'
    || obligation.obligation_key`;
  if (caseIds.length === 1)
    return sql`select ${eventKey} as event_key, obligation.organisation_id
      from ${source} as obligation
      where obligation.case_type = ${caseType} and obligation.case_id = ${caseIds[0]}::uuid
        and obligation.status = 'overdue'`;
  // The status is tested outside the subquery: inside, the planner (on those statistics) ANDed
  // the case's index look-up with the `(status, due_at)` index, reading every overdue obligation
  // stored so far once per case.
  return sql`select overdue.event_key, overdue.organisation_id
      from unnest(${[...caseIds]}::uuid[]) as target(id)
      cross join lateral (select ${eventKey} as event_key, obligation.organisation_id,
          obligation.status
        from obligation
        where obligation.case_type = ${caseType} and obligation.case_id = target.id
        offset 0) as overdue
      where overdue.status = 'overdue'`;
}

/**
 * Publishes the `obligation.overdue` event of each overdue obligation of `caseIds` never
 * published before, whether or not anyone on the case team is alerted: one statement records its
 * key in `webhook_event_once` and answers only the keys just recorded whose organisation has an
 * active endpoint subscribed to the event ({@link overdueParts}); a second, only when
 * there are such keys, reads what their payloads need. A programme's first sweep finds thousands
 * of overdue obligations a batch; without a subscriber none of them travels back to the server.
 */
export async function recordOverdueToPublish(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  caseIds: readonly string[],
  /**
   * The keys already recorded, with a subscriber, by the statement that held this one's first
   * part ({@link raiseDueAlertsAndRecordOverdue}): only their payloads are left to read.
   */
  recordedAlready?: readonly string[],
): Promise<OverdueToPublish[]> {
  if (caseIds.length === 0) return [];
  const { eventKey, ofCases, ctes, answer } = overdueParts(caseType, caseIds);
  const subscribed =
    recordedAlready ??
    (await executeFor(db, caseIds, sql<{ event_key: string }>`with ${ctes} ${answer}`)).map(
      (row) => row.event_key,
    );
  if (subscribed.length === 0) return [];
  const { rows } = await sql<OverdueToPublish>`
    select obligation.id, obligation.case_id, obligation.organisation_id, obligation.rule,
      obligation.due_at, ${caseType} || ':' || obligation.case_id || ':'
        || obligation.obligation_key as key
    from obligation
    where ${ofCases}
      and ${eventKey} = any(${[...subscribed]}::text[])
    order by obligation.case_id, obligation.obligation_key`.execute(db);
  return rows;
}

/**
 * {@link recordOverdueToPublish}'s first statement in two parts: its data-modifying `with` item
 * (`once_recorded`) and the select of the keys just recorded whose organisation has a subscriber.
 */
function overdueParts(
  caseType: string,
  caseIds: readonly string[],
  source: RawBuilder<unknown> = STORED,
) {
  const type = 'obligation.overdue';
  const eventKey = sql<string>`${type} || ':' || ${caseType} || ':' || obligation.case_id || ':'
    || obligation.obligation_key`;
  const ofCases = sql`obligation.case_type = ${caseType}
    and ${ofCaseIds(caseIds)} and obligation.status = 'overdue'`;
  // No join between the rows found and the rows inserted: neither has statistics to plan with,
  // and such a join became a nested loop of thousands by thousands. A key recorded already (by an
  // earlier sweep or one running beside this) is left out by the key's conflict alone: the unique
  // index is probed once a key, and no anti-join with every key stored is ever planned (one was,
  // when the read went case by case beside a `not exists`).
  const ctes = sql`once_recorded as (
      insert into webhook_event_once (event_key, organisation_id)
      select overdue.event_key, overdue.organisation_id
      from (${overdueKeysOf(caseType, caseIds, type, source)}) as overdue
      order by 1
      on conflict (event_key) do nothing
      returning event_key, organisation_id)`;
  const answer = sql<{ event_key: string }>`select once_recorded.event_key from once_recorded
    where exists (select 1 from webhook_endpoint as endpoint
      where endpoint.organisation_id = once_recorded.organisation_id and endpoint.active
        and ${type} = any(endpoint.event_types))`;
  return { eventKey, ofCases, ctes, answer };
}

/** What {@link foldedAlertParts}' columns answer, parsed. */
export interface FoldedAlerts {
  raised: RaisedAlert[];
  /** The overdue keys just recorded whose organisation has a subscriber. */
  subscribed: string[];
}

/**
 * One case's {@link raiseDueAlerts} and, when `publish`, the first statement of
 * {@link recordOverdueToPublish}, as `with` items and answer columns for a larger statement that
 * writes the case's obligations (issue 11: recording an event raised them in a statement of its
 * own after its write). The writing statement's snapshot does not see its own writes, so
 * `source` names a relation of that statement holding the case's obligations as they are once it
 * has written them ({@link ALERTED_OBLIGATION_COLUMNS}): the rows it returns and the stored rows
 * it did not write. Same alerts, stages and once-keys as the two statements after the write.
 */
export function foldedAlertParts(
  caseType: string,
  caseId: string,
  asOf: Date,
  publish: boolean,
  source: RawBuilder<unknown>,
): { ctes: RawBuilder<unknown>; columns: RawBuilder<unknown> } {
  const alerts = dueAlertsParts(caseType, [caseId], asOf, undefined, source);
  if (!publish)
    return {
      ctes: sql`${alerts.ctes}, alerted as (${alerts.answer})`,
      columns: sql`(select coalesce(json_agg(alerted), '[]') from alerted) as raised,
        array[]::text[] as subscribed`,
    };
  const overdue = overdueParts(caseType, [caseId], source);
  return {
    ctes: sql`${alerts.ctes}, ${overdue.ctes},
      alerted as (${alerts.answer}),
      subscribed as (${overdue.answer})`,
    columns: sql`(select coalesce(json_agg(alerted), '[]') from alerted) as raised,
      array(select event_key from subscribed order by event_key) as subscribed`,
  };
}

/** {@link foldedAlertParts}' answer columns as the driver gives them, parsed. */
export function parseFoldedAlerts(row: {
  raised: (Omit<RaisedAlert, 'due_at'> & { due_at: string })[];
  subscribed: string[];
}): FoldedAlerts {
  return {
    raised: row.raised.map((alert) => ({ ...alert, due_at: new Date(alert.due_at) })),
    subscribed: row.subscribed,
  };
}

/**
 * One case's {@link raiseDueAlerts} and the first statement of {@link recordOverdueToPublish}, in
 * one statement (issue 11: recording an event that stores its case's obligations sent them one
 * after the other, a round trip each). The two write different tables and read neither's: the
 * same rows as the two statements. Answers the alerts raised, in the same order, and the overdue
 * keys recorded whose organisation has a subscriber.
 */
export async function raiseDueAlertsAndRecordOverdue(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  caseId: string,
  asOf: Date,
): Promise<{ raised: RaisedAlert[]; subscribed: string[] }> {
  const alerts = dueAlertsParts(caseType, [caseId], asOf);
  const overdue = overdueParts(caseType, [caseId]);
  const { rows } = await executeNamed(
    db,
    sql<{ raised: (Omit<RaisedAlert, 'due_at'> & { due_at: string })[]; subscribed: string[] }>`
    with ${alerts.ctes}, ${overdue.ctes},
    alerted as (${alerts.answer}),
    subscribed as (${overdue.answer})
    select (select coalesce(json_agg(alerted), '[]') from alerted) as raised,
      array(select event_key from subscribed order by event_key) as subscribed`,
  );
  const row = rows[0];
  return {
    raised: (row?.raised ?? []).map((alert) => ({ ...alert, due_at: new Date(alert.due_at) })),
    subscribed: row?.subscribed ?? [],
  };
}
