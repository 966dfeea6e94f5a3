import type { ConsequenceClass } from '@dawn/core';
import { type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { AlertTable } from '../../platform/db/schema-notifications.ts';
import type { ObligationSource } from '../obligations/obligation-source.ts';
import { publishObligationsOverdue } from '../webhooks/webhook.publish.ts';
import {
  alertsToRaise,
  overdueToPublish,
  type AlertToRaise,
} from './alert-candidates.repository.ts';
import { resolveAlerts } from './alert.resolve.ts';
import { enqueueEmail, enqueueEmails } from './outbox.ts';

type MailConfig = Pick<Config, 'timeZone' | 'publicUrl'>;

const CONSEQUENCE_TEXT: Record<ConsequenceClass, string> = {
  'accused-right-accrues':
    'If it is missed, a right of the accused accrues (such as default bail).',
  'unlawful-detention': 'Past this time the detention is unlawful.',
  'offence-by-official': 'Missing it is an offence by the official responsible.',
  directory: 'A time limit the law sets; courts expect reasons when it is missed.',
  entitlement: 'The survivor’s entitlement waits on it.',
  'limitation-bar': 'Past this time the appeal is time-barred unless the court condones the delay.',
};

function consequenceText(consequence: string): string {
  return consequence in CONSEQUENCE_TEXT ? CONSEQUENCE_TEXT[consequence as ConsequenceClass] : '';
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and a sweep formats
// a date for every alert it raises: one formatter per time zone, made once.
const localFormats = new Map<string, Intl.DateTimeFormat>();

export function formatLocal(date: Date, timeZone: string): string {
  let format = localFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-IN', {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    localFormats.set(timeZone, format);
  }
  return format.format(date);
}

const LOOKUP_CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += LOOKUP_CHUNK) {
    result.push(items.slice(start, start + LOOKUP_CHUNK));
  }
  return result;
}

export function alertEmail(
  alert: Pick<Selectable<AlertTable>, 'kind' | 'title' | 'case_code' | 'subject' | 'due_at'>,
  consequence: string,
  config: MailConfig,
): { subject: string; text: string } {
  const due = formatLocal(alert.due_at, config.timeZone);
  const about = alert.subject ? ` (${alert.subject})` : '';
  const state =
    alert.kind === 'deadline_overdue' ? `was due on ${due} and is overdue` : `is due by ${due}`;
  return {
    subject: `[Dawn] ${alert.kind === 'deadline_overdue' ? 'Overdue' : 'Due soon'}: ${alert.title} — ${alert.case_code}`,
    text: [
      `${alert.title}${about} in case ${alert.case_code} ${state} (${config.timeZone}).`,
      consequenceText(consequence),
      '',
      `Open Dawn to see the case and how the date was computed: ${config.publicUrl}/`,
      '',
      'You receive this because you are on the case team. Change how Dawn e-mails you under your account settings.',
    ]
      .filter((line, index) => index !== 1 || line !== '')
      .join('\n'),
  };
}

/**
 * Resolves the alerts of `cases` whose obligation was met or is gone, then raises the alerts their
 * obligations call for, once per user and stage, and publishes `obligation.overdue` to the
 * organisation's webhooks once per obligation, in the same transaction (the outbox). What is
 * already raised or published is left out by the database, so a sweep with nothing new reads
 * nothing back and writes nothing.
 */
export async function raiseAlerts(
  db: Kysely<DatabaseSchema>,
  config: MailConfig,
  source: ObligationSource,
  cases: readonly { id: string; code: string; organisationId: string }[],
  asOf: Date,
): Promise<{ alerts: number; emailsQueued: number }> {
  const codes = new Map(cases.map((entry) => [entry.id, entry.code]));
  const organisations = new Map(cases.map((entry) => [entry.id, entry.organisationId]));
  let alerts = 0;
  let emailsQueued = 0;
  const caseIds = cases.map((entry) => entry.id);
  // Only these cases' obligations were stored again, so only their alerts can need resolving:
  // found through the index of unresolved alerts by case, not by reading every unresolved alert.
  await resolveAlerts(db, source.caseType, asOf, caseIds);
  const [toRaise, toPublish] = await Promise.all([
    alertsToRaise(db, source.caseType, caseIds, asOf),
    overdueToPublish(db, source.caseType, caseIds),
  ]);
  // Told to other systems whether or not anyone on the case team is alerted.
  const overdue = toPublish.flatMap((obligation) => {
    const organisationId = organisations.get(obligation.case_id);
    const caseCode = codes.get(obligation.case_id);
    if (organisationId === undefined || caseCode === undefined) return [];
    return [
      {
        organisationId,
        key: obligation.key,
        data: {
          obligationId: obligation.id,
          caseType: source.caseType,
          caseId: obligation.case_id,
          caseCode,
          rule: obligation.rule,
          dueAt: obligation.due_at.toISOString(),
        },
      },
    ];
  });
  const fresh = toRaise.flatMap((candidate) => {
    const caseCode = codes.get(candidate.case_id);
    if (caseCode === undefined) return [];
    return [freshAlert(candidate, source.caseType, caseCode, asOf)];
  });
  if (fresh.length === 0 && overdue.length === 0) return { alerts, emailsQueued };
  // The new alerts, their e-mails and webhooks in one transaction, a few statements for all of
  // them. An alert another sweep raised meanwhile is skipped by the unique (user, key) index, and
  // so is its e-mail; an overdue event already published is skipped by its key.
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(overdue)) await publishObligationsOverdue(trx, chunk, asOf);
    const inserted = await insertAlerts(trx, config, fresh);
    alerts += inserted.alerts;
    emailsQueued += inserted.emailsQueued;
  });
  return { alerts, emailsQueued };
}

type FreshAlert = { candidate: AlertToRaise; row: Insertable<AlertTable> };

function freshAlert(
  candidate: AlertToRaise,
  caseType: string,
  caseCode: string,
  asOf: Date,
): FreshAlert {
  return {
    candidate,
    row: {
      user_id: candidate.user_id,
      kind: candidate.kind,
      obligation_id: candidate.obligation_id,
      case_type: caseType,
      case_id: candidate.case_id,
      case_code: caseCode,
      rule: candidate.rule,
      title: candidate.title,
      subject: candidate.subject,
      due_at: candidate.due_at,
      dedupe_key: candidate.dedupe_key,
      read_at: null,
      emailed_at: candidate.email_alerts === 'immediate' ? asOf : null,
    },
  };
}

/** Inserts alerts not raised yet and queues the immediate e-mails of those inserted. */
async function insertAlerts(
  trx: Transaction<DatabaseSchema>,
  config: MailConfig,
  fresh: readonly FreshAlert[],
): Promise<{ alerts: number; emailsQueued: number }> {
  let alerts = 0;
  let emailsQueued = 0;
  for (const chunk of chunks(fresh)) {
    const inserted = await trx
      .insertInto('alert')
      .values(chunk.map((entry) => entry.row))
      .onConflict((conflict) => conflict.constraint('alert_once').doNothing())
      .returning(['id', 'user_id', 'dedupe_key', 'kind', 'title', 'case_code', 'subject', 'due_at'])
      .execute();
    const byKey = new Map(
      chunk.map((entry) => [`${entry.candidate.user_id}|${entry.row.dedupe_key}`, entry]),
    );
    const emails = [];
    for (const alert of inserted) {
      alerts += 1;
      const entry = byKey.get(`${alert.user_id}|${alert.dedupe_key}`);
      if (!entry || entry.candidate.email_alerts !== 'immediate') continue;
      emails.push({
        userId: entry.candidate.user_id,
        to: entry.candidate.email,
        ...alertEmail(alert, entry.candidate.consequence, config),
      });
    }
    await enqueueEmails(trx, emails);
    emailsQueued += emails.length;
  }
  return { alerts, emailsQueued };
}

/**
 * Someone joins a case's team: they get the alerts the case's stored obligations call for now,
 * in the transaction that adds them, as if the team had always included them. The sweep raises
 * alerts only for the cases it evaluates (issue 11), so it would no longer reach them; before, the
 * next sweep did. One read and one insert, whatever the number of obligations.
 */
export async function raiseAlertsForNewMember(
  trx: Transaction<DatabaseSchema>,
  config: MailConfig,
  caseType: string,
  caseId: string,
  userId: string,
  asOf: Date,
): Promise<{ alerts: number; emailsQueued: number }> {
  const candidates = await alertsToRaise(trx, caseType, [caseId], asOf, userId);
  if (candidates.length === 0) return { alerts: 0, emailsQueued: 0 };
  return insertAlerts(
    trx,
    config,
    candidates.map((candidate) => freshAlert(candidate, caseType, candidate.case_code, asOf)),
  );
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
    .select(['app_user.id', 'app_user.email', 'notification_preference.last_digest_at'])
    .where('notification_preference.email_alerts', '=', 'daily_digest')
    .where('app_user.status', '=', 'active')
    .execute();
  let queued = 0;
  const today = localDay(asOf, config.timeZone);
  for (const user of users) {
    if (user.last_digest_at && localDay(user.last_digest_at, config.timeZone) === today) continue;
    const pending = await db
      .selectFrom('alert')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('emailed_at', 'is', null)
      // Met before the digest went out: nothing left to tell.
      .where('resolved_at', 'is', null)
      .orderBy('due_at')
      .execute();
    if (pending.length === 0) continue;
    const lines = pending.map((alert) => {
      const state = alert.kind === 'deadline_overdue' ? 'OVERDUE since' : 'due by';
      return `- ${alert.case_code}: ${alert.title}${alert.subject ? ` (${alert.subject})` : ''}, ${state} ${formatLocal(alert.due_at, config.timeZone)}`;
    });
    await db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, {
        userId: user.id,
        to: user.email,
        subject: `[Dawn] Daily digest: ${pending.length} deadline alert${pending.length === 1 ? '' : 's'}`,
        text: [
          `Deadlines on your cases (${config.timeZone}):`,
          '',
          ...lines,
          '',
          `Open Dawn: ${config.publicUrl}/`,
        ].join('\n'),
      });
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
        .where('user_id', '=', user.id)
        .execute();
    });
    queued += 1;
  }
  return queued;
}
