import { type Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { ObligationSource } from '../obligations/obligation-source.ts';
import { publishObligationsOverdue } from '../webhooks/webhook.publish.ts';
import {
  raiseDueAlerts,
  raiseDueAlertsAndRecordOverdue,
  recordOverdueToPublish,
  type FoldedAlerts,
  type RaisedAlert,
} from './alert-candidates.repository.ts';
import { resolveAlerts } from './alert.resolve.ts';
import { alertEmail, digestEmail, type MailConfig } from './alert-email.ts';
import { enqueueEmails } from './outbox.ts';

/**
 * Overdue obligations published per statement: the lookup and the insert take arrays, so the
 * bound is only on what one statement holds (a first sweep's batch has about 5,000).
 */
const PUBLISH_CHUNK = 5_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += PUBLISH_CHUNK) {
    result.push(items.slice(start, start + PUBLISH_CHUNK));
  }
  return result;
}

type AlertCase = { id: string; code: string; organisationId: string };
type Raised = { alerts: number; emailsQueued: number };

/**
 * Resolves the alerts of `cases` whose obligation was met or is gone, then raises the alerts their
 * obligations call for, once per user and stage, queues their immediate e-mails, and publishes
 * `obligation.overdue` to the organisation's webhooks once per obligation, in one transaction (the
 * outbox). What is already raised or published is left out by the database, so a sweep with
 * nothing new reads nothing back and writes nothing.
 */
export async function raiseAlerts(
  db: Kysely<DatabaseSchema>,
  config: MailConfig,
  source: ObligationSource,
  cases: readonly AlertCase[],
  asOf: Date,
): Promise<Raised> {
  if (cases.length === 0) return { alerts: 0, emailsQueued: 0 };
  return db
    .transaction()
    .execute((trx) => raiseAlertsInTransaction(trx, config, source.caseType, cases, asOf));
}

/**
 * The same, in the caller's transaction, after the obligations of `cases` were stored, so the
 * alerts commit with the change that calls for them. Three statements when there is nothing new
 * (resolve, raise, overdue), a few more for what is. Recording an event raises its case's alerts
 * in the statement that writes its obligations instead ({@link finishFoldedAlerts}).
 */
export async function raiseAlertsInTransaction(
  trx: Transaction<DatabaseSchema>,
  config: MailConfig,
  caseType: string,
  cases: readonly AlertCase[],
  asOf: Date,
  /**
   * What the caller knows from the obligations it has just stored, to leave out statements that
   * cannot find anything: no alert to resolve when no obligation went met or away, none to
   * raise when none calls for one, no webhook when none is overdue.
   */
  needs: { resolve: boolean; raise: boolean; publish: boolean } = {
    resolve: true,
    raise: true,
    publish: true,
  },
): Promise<Raised> {
  const caseIds = cases.map((entry) => entry.id);
  if (caseIds.length === 0) return { alerts: 0, emailsQueued: 0 };
  // Only these cases' obligations were stored again, so only their alerts can need resolving:
  // found through the index of unresolved alerts by case, not by reading every unresolved alert.
  if (needs.resolve) await resolveAlerts(trx, caseType, asOf, caseIds);
  // One case (an event recorded) that calls for both: its alerts and its overdue keys in one
  // statement, a round trip fewer.
  const [caseId] = caseIds;
  const both =
    needs.raise && needs.publish && caseIds.length === 1 && caseId !== undefined
      ? await raiseDueAlertsAndRecordOverdue(trx, caseType, caseId, asOf)
      : undefined;
  const raised = both
    ? both.raised
    : needs.raise
      ? await raiseDueAlerts(trx, caseType, caseIds, asOf)
      : [];
  const emailsQueued = await queueAlertEmails(trx, config, raised);
  if (needs.publish) await publishOverdue(trx, caseType, cases, asOf, both?.subscribed);
  return { alerts: raised.length, emailsQueued };
}

/**
 * What is left of {@link raiseAlertsInTransaction} when the alerts were raised, and the overdue
 * keys recorded, by the statement that wrote one case's obligations (`foldedAlertParts`, recording
 * an event): the alerts of obligations met or gone resolved (none of those just raised: each is
 * of an open or overdue obligation), the immediate e-mails queued, the payloads of the keys
 * recorded with a subscriber published.
 */
export async function finishFoldedAlerts(
  trx: Transaction<DatabaseSchema>,
  config: MailConfig,
  caseType: string,
  alertCase: AlertCase,
  asOf: Date,
  folded: FoldedAlerts | undefined,
  needs: { resolve: boolean; publish: boolean },
): Promise<Raised> {
  if (needs.resolve) await resolveAlerts(trx, caseType, asOf, [alertCase.id]);
  if (folded === undefined) return { alerts: 0, emailsQueued: 0 };
  const emailsQueued = await queueAlertEmails(trx, config, folded.raised);
  if (needs.publish) await publishOverdue(trx, caseType, [alertCase], asOf, folded.subscribed);
  return { alerts: folded.raised.length, emailsQueued };
}

/**
 * Told to other systems whether or not anyone on the case team is alerted: every overdue
 * obligation's key is recorded; a payload is built only for a subscribed organisation.
 */
async function publishOverdue(
  trx: Transaction<DatabaseSchema>,
  caseType: string,
  cases: readonly AlertCase[],
  asOf: Date,
  recordedAlready: readonly string[] | undefined,
): Promise<void> {
  const toPublish = await recordOverdueToPublish(
    trx,
    caseType,
    cases.map((entry) => entry.id),
    recordedAlready,
  );
  if (toPublish.length === 0) return;
  const byId = new Map(cases.map((entry) => [entry.id, entry]));
  const overdue = toPublish.flatMap((obligation) => {
    const entry = byId.get(obligation.case_id);
    if (entry === undefined) return [];
    return [
      {
        organisationId: obligation.organisation_id,
        key: obligation.key,
        data: {
          obligationId: obligation.id,
          caseType,
          caseId: obligation.case_id,
          caseCode: entry.code,
          rule: obligation.rule,
          dueAt: obligation.due_at.toISOString(),
        },
      },
    ];
  });
  for (const chunk of chunks(overdue))
    await publishObligationsOverdue(trx, chunk, asOf, { recorded: true });
}

/** The immediate e-mails of alerts just raised, queued in one statement. */
async function queueAlertEmails(
  trx: Transaction<DatabaseSchema>,
  config: MailConfig,
  raised: readonly RaisedAlert[],
): Promise<number> {
  const emails = raised
    .filter((alert) => alert.immediate)
    .map((alert) => ({
      userId: alert.user_id,
      to: alert.email,
      ...alertEmail(alert, alert.consequence, config, alert.email_language),
    }));
  await enqueueEmails(trx, emails);
  return emails.length;
}

/**
 * Someone joins a case's team: they get the alerts the case's stored obligations call for now,
 * in the transaction that adds them, as if the team had always included them. The sweep raises
 * alerts only for the cases it evaluates (issue 11), so it would no longer reach them; before, the
 * next sweep did. One statement for the alerts and one for their e-mails, whatever the number of
 * obligations.
 */
export async function raiseAlertsForNewMember(
  trx: Transaction<DatabaseSchema>,
  config: MailConfig,
  caseType: string,
  caseId: string,
  userId: string,
  asOf: Date,
): Promise<Raised> {
  const raised = await raiseDueAlerts(trx, caseType, [caseId], asOf, userId);
  if (raised.length === 0) return { alerts: 0, emailsQueued: 0 };
  return { alerts: raised.length, emailsQueued: await queueAlertEmails(trx, config, raised) };
}

function localDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/**
 * Users who chose a daily digest get one e-mail a local day listing the alerts not yet e-mailed.
 */
export async function sendDailyDigests(
  db: Kysely<DatabaseSchema>,
  config: MailConfig,
  asOf: Date,
): Promise<number> {
  const users = await db
    .selectFrom('notification_preference')
    .innerJoin('app_user', 'app_user.id', 'notification_preference.user_id')
    .select([
      'app_user.id',
      'app_user.email',
      'notification_preference.last_digest_at',
      'notification_preference.email_language',
    ])
    .where('notification_preference.email_alerts', '=', 'daily_digest')
    .where('app_user.status', '=', 'active')
    .execute();
  const today = localDay(asOf, config.timeZone);
  const due = users.filter(
    (user) => !user.last_digest_at || localDay(user.last_digest_at, config.timeZone) !== today,
  );
  if (due.length === 0) return 0;
  // Every due user's alerts not e-mailed yet, in one statement.
  const pending = await db
    .selectFrom('alert')
    .selectAll()
    .where(
      'user_id',
      'in',
      due.map((user) => user.id),
    )
    .where('emailed_at', 'is', null)
    // Met before the digest went out: nothing left to tell.
    .where('resolved_at', 'is', null)
    .orderBy('user_id')
    .orderBy('due_at')
    .execute();
  const alertsOf = new Map<string, typeof pending>();
  for (const alert of pending) {
    const alerts = alertsOf.get(alert.user_id);
    if (alerts) alerts.push(alert);
    else alertsOf.set(alert.user_id, [alert]);
  }
  const digests = due.flatMap((user) => {
    const alerts = alertsOf.get(user.id) ?? [];
    if (alerts.length === 0) return [];
    return [
      { userId: user.id, to: user.email, ...digestEmail(alerts, config, user.email_language) },
    ];
  });
  if (digests.length === 0) return 0;
  // The e-mails, their alerts marked and their users' last digest, in three statements.
  await db.transaction().execute(async (trx) => {
    await enqueueEmails(trx, digests);
    await trx
      .updateTable('alert')
      .set({ emailed_at: asOf })
      .where(
        'id',
        'in',
        pending.map((alert) => alert.id),
      )
      .execute();
    await trx
      .updateTable('notification_preference')
      .set({ last_digest_at: asOf })
      .where(
        'user_id',
        'in',
        digests.map((digest) => digest.userId),
      )
      .execute();
  });
  return digests.length;
}
