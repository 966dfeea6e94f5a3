import type { Scope } from '@dawn/core';
import type { EventAttributes } from 'ics';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { ObligationSource } from './obligation-source.ts';

const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

/** True when `due` is the last millisecond of a day in Kolkata: a "by the end of the day" date. */
function isEndOfLocalDay(due: Date): boolean {
  return (due.getTime() + IST_OFFSET_MS + 1) % DAY_MS === 0;
}

function localDate(instant: number): [number, number, number] {
  const local = new Date(instant + IST_OFFSET_MS);
  return [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
}

/**
 * The open statutory deadlines of the cases a user may see, as calendar entries for their private
 * feed (issue 6: "the per-user calendar feed includes deadlines"). A deadline due by the end of a
 * day is an all-day entry on that day; one due at an hour (24-hour production rules) is a short
 * entry ending at that hour. Entries say the rule, the case's own reference for the person (A1, V1)
 * and the case code — never a name.
 */
export async function deadlineCalendarEvents(
  db: Kysely<DatabaseSchema>,
  source: ObligationSource,
  actor: Actor,
  scope: Scope,
  window: { from: Date; to: Date },
): Promise<EventAttributes[]> {
  const rows = await db
    .selectFrom('obligation')
    .select(['id', 'case_code', 'title', 'citation', 'subject', 'due_at', 'status', 'rule'])
    .where('case_type', '=', source.caseType)
    // Open deadlines in the window, and every overdue one however old: it still needs doing.
    .where((eb) =>
      eb.or([
        eb('status', '=', 'overdue'),
        eb.and([
          eb('status', '=', 'open'),
          eb('due_at', '>=', window.from),
          eb('due_at', '<=', window.to),
        ]),
      ]),
    )
    .where(source.visibleCase(actor, scope))
    .orderBy('due_at')
    .execute();
  return rows.map((row) => {
    const overdue = row.status === 'overdue';
    const summary = `${overdue ? 'OVERDUE: ' : 'Deadline: '}${row.title}${row.subject ? ` (${row.subject})` : ''} — ${row.case_code}`;
    const common = {
      uid: `${row.id}@dawn-deadline`,
      title: summary,
      description: `${row.citation}. Rule ${row.rule}. Open Dawn to see how the date was computed.`,
      status: 'CONFIRMED' as const,
      busyStatus: 'FREE' as const,
      classification: 'PRIVATE' as const,
      categories: ['Dawn deadline'],
    };
    if (isEndOfLocalDay(row.due_at)) {
      const day = localDate(row.due_at.getTime());
      return { ...common, start: day, end: localDate(row.due_at.getTime() + 1) };
    }
    return {
      ...common,
      start: row.due_at.getTime() - 30 * 60_000,
      startInputType: 'utc' as const,
      startOutputType: 'utc' as const,
      duration: { minutes: 30 },
    };
  });
}
