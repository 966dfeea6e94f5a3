import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@dawn/core';
import type { EventAttributes } from 'ics';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { currentContext } from '../../platform/request-context.ts';
import { actorOf } from '../auth/auth.service.ts';
import { findUser } from '../users/user.repository.ts';
import { hearingsBetween, type HearingItem } from './hearing.repository.ts';
import { deadlineCalendarEvents } from '../obligations/obligation-calendar.ts';
import { legalCaseObligationSource } from '../obligations/legal-case.obligation-source.ts';

const DAY_MS = 86_400_000;

/** Month and agenda views: every hearing held or scheduled in [from, to) on visible cases. */
export async function listHearings(
  deps: Deps,
  range: { from?: string | undefined; to?: string | undefined; month?: string | undefined },
): Promise<HearingItem[]> {
  const { actor, scope } = await requirePermission(deps.db, 'legal_case:read');
  let from: Date;
  let to: Date;
  if (range.month) {
    from = new Date(`${range.month}-01T00:00:00+05:30`);
    to = new Date(from);
    to.setUTCMonth(to.getUTCMonth() + 1);
  } else {
    from = range.from ? new Date(range.from) : new Date(Date.now() - DAY_MS);
    to = range.to ? new Date(range.to) : new Date(from.getTime() + 31 * DAY_MS);
  }
  if (to.getTime() - from.getTime() > 400 * DAY_MS)
    throw new DomainError('VALIDATION_FAILED', 'query.to: the range is limited to 400 days', {
      issues: [{ path: 'query.to', message: 'the range is limited to 400 days' }],
    });
  return hearingsBetween(deps.db, actor, scope, from, to);
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Creates (or replaces) the caller's private calendar feed; the token is shown once. */
export async function createCalendarFeed(deps: Deps): Promise<{ path: string }> {
  const { actor } = await requirePermission(deps.db, 'legal_case:read');
  const token = randomBytes(32).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('calendar_feed')
      .values({ user_id: actor.userId, token_hash: hashToken(token) })
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({
          token_hash: hashToken(token),
          created_at: new Date(),
          last_used_at: null,
        }),
      )
      .execute();
    await recordAudit(trx, {
      action: 'calendar_feed.created',
      entityType: 'user',
      entityId: actor.userId,
    });
  });
  return { path: `/api/calendar/${token}.ics` };
}

/**
 * Whether the caller has a calendar feed, since when, and when a calendar last read it: never
 * its address (only its hash is kept), so that the page can say what making a new one or
 * revoking it would stop.
 */
export async function calendarFeedStatus(
  deps: Deps,
): Promise<{ createdAt: string; lastUsedAt: string | null } | null> {
  const { actor } = await requirePermission(deps.db, 'legal_case:read');
  const feed = await deps.db
    .selectFrom('calendar_feed')
    .select(['created_at', 'last_used_at'])
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!feed) return null;
  return {
    createdAt: new Date(feed.created_at).toISOString(),
    lastUsedAt: feed.last_used_at ? new Date(feed.last_used_at).toISOString() : null,
  };
}

export async function revokeCalendarFeed(deps: Deps): Promise<void> {
  const { actor } = await requirePermission(deps.db, 'legal_case:read');
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('calendar_feed').where('user_id', '=', actor.userId).execute();
    await recordAudit(trx, {
      action: 'calendar_feed.revoked',
      entityType: 'user',
      entityId: actor.userId,
    });
  });
}

/**
 * The ICS feed behind a token: the hearings and open statutory deadlines of the token owner's
 * visible cases from 30 days ago to a year ahead. Titles carry FIR numbers and courts, never a survivor. An unknown or revoked
 * token, or a user who may no longer read cases, is a plain 404.
 */
export async function calendarFeed(deps: Deps, token: string): Promise<string> {
  const notFound = new DomainError('NOT_FOUND', 'Not found.');
  const feed = await deps.db
    .selectFrom('calendar_feed')
    .select(['user_id'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!feed) throw notFound;
  const user = await findUser(deps.db, feed.user_id);
  if (!user || user.status !== 'active') throw notFound;
  const context = currentContext();
  if (!context) throw notFound;
  context.actor = actorOf(user, undefined);
  const scope = context.actor.grants['legal_case:read'];
  if (!scope) throw notFound;
  const now = Date.now();
  const hearings = await hearingsBetween(
    deps.db,
    context.actor,
    scope,
    new Date(now - 30 * DAY_MS),
    new Date(now + 366 * DAY_MS),
  );
  await deps.db
    .updateTable('calendar_feed')
    .set({ last_used_at: new Date(now) })
    .where('user_id', '=', feed.user_id)
    .execute();
  const events: EventAttributes[] = hearings.map((hearing) => ({
    uid: `${hearing.legalCaseId}.${Date.parse(hearing.at)}@dawn`,
    start: Date.parse(hearing.at),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { hours: 1 },
    title: `Hearing${hearing.purpose ? ` (${hearing.purpose.replace(/_/g, ' ')})` : ''}: ${hearing.title}`,
    ...(hearing.court ? { location: hearing.court } : {}),
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    classification: 'PRIVATE',
  }));
  const deadlines = await deadlineCalendarEvents(
    deps.db,
    legalCaseObligationSource(deps.vault),
    context.actor,
    scope,
    { from: new Date(now - 30 * DAY_MS), to: new Date(now + 366 * DAY_MS) },
  );
  // Loaded when a feed is read rather than when the server starts.
  const { createEvents } = await import('ics');
  const { error, value } = createEvents([...events, ...deadlines], {
    productId: 'dawn/hearings',
    calName: 'Dawn hearings and deadlines',
  });
  if (error || value === null) throw error ?? new Error('calendar could not be written');
  return value;
}
