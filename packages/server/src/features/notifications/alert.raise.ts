import type { ConsequenceClass } from '@dawn/core';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { AlertKind, AlertTable } from '../../platform/db/schema-notifications.ts';
import type { ObligationSource } from '../obligations/obligation-source.ts';
import {
  obligationKey,
  obligationsToAlert,
  type AlertableObligation,
} from '../obligations/obligation.repository.ts';
import { publishObligationsOverdue } from '../webhooks/webhook.publish.ts';
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

/** Which alert an obligation calls for now, if any: overdue, or the latest lead time passed. */
function stageOf(
  obligation: AlertableObligation,
  asOf: Date,
): { kind: AlertKind; stage: string } | undefined {
  if (obligation.status === 'overdue') return { kind: 'deadline_overdue', stage: 'overdue' };
  const passed = obligation.alerts_at.filter((at) => at.getTime() <= asOf.getTime());
  const latest = passed.sort((left, right) => right.getTime() - left.getTime())[0];
  return latest ? { kind: 'deadline_due_soon', stage: `due:${latest.toISOString()}` } : undefined;
}

interface TeamMember {
  id: string;
  email: string;
  roles: string[];
  emailAlerts: string;
}

const LOOKUP_CHUNK = 500;
const KEYS_PER_LOOKUP = 10_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += LOOKUP_CHUNK) {
    result.push(items.slice(start, start + LOOKUP_CHUNK));
  }
  return result;
}

/** The active members of each case's team, read in a few queries for all the cases at once. */
async function teamsOf(
  db: Kysely<DatabaseSchema>,
  caseType: string,
  caseIds: readonly string[],
): Promise<Map<string, TeamMember[]>> {
  const teams = new Map<string, TeamMember[]>();
  for (const chunk of chunks(caseIds)) {
    const rows = await db
      .selectFrom('team_membership')
      .innerJoin('app_user', 'app_user.id', 'team_membership.user_id')
      .leftJoin('notification_preference', 'notification_preference.user_id', 'app_user.id')
      .select([
        'team_membership.entity_id',
        'app_user.id',
        'app_user.email',
        'app_user.roles',
        'notification_preference.email_alerts',
      ])
      .where('team_membership.entity_type', '=', caseType)
      .where('team_membership.entity_id', 'in', chunk)
      .where('app_user.status', '=', 'active')
      .execute();
    for (const row of rows) {
      const team = teams.get(row.entity_id) ?? [];
      team.push({
        id: row.id,
        email: row.email,
        roles: row.roles,
        emailAlerts: row.email_alerts ?? 'immediate',
      });
      teams.set(row.entity_id, team);
    }
  }
  return teams;
}

/** The team members who hold the responsible role; the whole team when none does. */
function recipients(team: readonly TeamMember[], responsibleRole: string): readonly TeamMember[] {
  const responsible = team.filter((member) => member.roles.includes(responsibleRole));
  return responsible.length > 0 ? responsible : team;
}

/** `user|dedupe key` of the alerts already raised among `keys`, so a sweep writes only new ones. */
async function raisedAlready(
  db: Kysely<DatabaseSchema>,
  userIds: readonly string[],
  keys: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const raised = new Set<string>();
  for (let start = 0; start < keys.length; start += KEYS_PER_LOOKUP) {
    const chunk = keys.slice(start, start + KEYS_PER_LOOKUP);
    const rows = await db
      .selectFrom('alert')
      .select(['user_id', 'dedupe_key'])
      // The unique (user, key) index answers this: users first, then their keys. Arrays, not
      // lists of parameters, so a sweep of thousands of alerts asks in a few statements.
      .where('user_id', '=', sql<string>`any(${[...userIds]}::uuid[])`)
      .where('dedupe_key', '=', sql<string>`any(${chunk}::text[])`)
      .execute();
    for (const row of rows) raised.add(`${row.user_id}|${row.dedupe_key}`);
  }
  return raised;
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
 * organisation's webhooks once per obligation, in the same transaction (the outbox).
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
  // A sweep of one case (after its events change) reads only that case's obligations.
  const scoped = cases.length === 1 ? cases.map((entry) => entry.id) : undefined;
  await resolveAlerts(db, source.caseType, asOf, scoped);
  const due = (await obligationsToAlert(db, source.caseType, asOf, scoped)).flatMap(
    (obligation) => {
      const caseCode = codes.get(obligation.case_id);
      const stage = stageOf(obligation, asOf);
      if (caseCode === undefined || stage === undefined) return [];
      const dedupeKey = `${source.caseType}:${obligation.case_id}:${obligationKey({
        rule: obligation.rule,
        subject: obligation.subject,
        startsAt: obligation.starts_at.toISOString(),
      })}:${stage.stage}`;
      return [{ obligation, caseCode, stage, dedupeKey }];
    },
  );
  if (due.length === 0) return { alerts, emailsQueued };
  // Told to other systems whether or not anyone on the case team is alerted.
  const overdue = due.flatMap(({ obligation, caseCode, stage }) => {
    const organisationId = organisations.get(obligation.case_id);
    if (stage.kind !== 'deadline_overdue' || organisationId === undefined) return [];
    const key = obligationKey({
      rule: obligation.rule,
      subject: obligation.subject,
      startsAt: obligation.starts_at.toISOString(),
    });
    return [
      {
        organisationId,
        key: `${source.caseType}:${obligation.case_id}:${key}`,
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
  const teams = await teamsOf(db, source.caseType, [
    ...new Set(due.map((entry) => entry.obligation.case_id)),
  ]);
  const members = [...new Set([...teams.values()].flat().map((member) => member.id))];
  const raised = await raisedAlready(
    db,
    members,
    due.map((entry) => entry.dedupeKey),
  );
  const fresh: {
    user: TeamMember;
    obligation: AlertableObligation;
    row: Insertable<AlertTable>;
  }[] = [];
  for (const { obligation, caseCode, stage, dedupeKey } of due) {
    const team = teams.get(obligation.case_id) ?? [];
    for (const user of recipients(team, obligation.responsible_role)) {
      if (raised.has(`${user.id}|${dedupeKey}`)) continue;
      fresh.push({
        user,
        obligation,
        row: {
          user_id: user.id,
          kind: stage.kind,
          obligation_id: obligation.id,
          case_type: source.caseType,
          case_id: obligation.case_id,
          case_code: caseCode,
          rule: obligation.rule,
          title: obligation.title,
          subject: obligation.subject,
          due_at: obligation.due_at,
          dedupe_key: dedupeKey,
          read_at: null,
          emailed_at: user.emailAlerts === 'immediate' ? asOf : null,
        },
      });
    }
  }
  if (fresh.length === 0 && overdue.length === 0) return { alerts, emailsQueued };
  // The new alerts, their e-mails and webhooks in one transaction, a few statements for all of
  // them. An alert another sweep raised meanwhile is skipped by the unique (user, key) index, and
  // so is its e-mail; an overdue event already published is skipped by its key.
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(overdue)) await publishObligationsOverdue(trx, chunk, asOf);
    for (const chunk of chunks(fresh)) {
      const inserted = await trx
        .insertInto('alert')
        .values(chunk.map((entry) => entry.row))
        .onConflict((conflict) => conflict.constraint('alert_once').doNothing())
        .returning([
          'id',
          'user_id',
          'dedupe_key',
          'kind',
          'title',
          'case_code',
          'subject',
          'due_at',
        ])
        .execute();
      const byKey = new Map(
        chunk.map((entry) => [`${entry.user.id}|${entry.row.dedupe_key}`, entry]),
      );
      const emails = [];
      for (const alert of inserted) {
        alerts += 1;
        const entry = byKey.get(`${alert.user_id}|${alert.dedupe_key}`);
        if (!entry || entry.user.emailAlerts !== 'immediate') continue;
        emails.push({
          userId: entry.user.id,
          to: entry.user.email,
          ...alertEmail(alert, entry.obligation.consequence, config),
        });
      }
      await enqueueEmails(trx, emails);
      emailsQueued += emails.length;
    }
  });
  return { alerts, emailsQueued };
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
