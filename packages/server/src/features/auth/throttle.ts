import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';

/**
 * Sign-in throttling shared by every node (it lives in the database): per account, a lock that
 * doubles from one minute after five failures; per address, a 15-minute lock after twenty
 * failures. A success clears the account's count.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  windowMinutes: number;
  lockMinutes: (failuresOverLimit: number) => number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  windowMinutes: 60,
  lockMinutes: (over) => Math.min(60, 2 ** Math.max(0, over - 1)),
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  windowMinutes: 15,
  lockMinutes: () => 15,
};

/** The latest moment any of the keys is locked until, if one is locked now. */
export async function lockedUntil(
  db: Kysely<DatabaseSchema>,
  keys: string[],
  now: Date,
): Promise<Date | undefined> {
  const rows = await db
    .selectFrom('throttle')
    .select('locked_until')
    .where('key', 'in', keys)
    .where('locked_until', '>', now)
    .execute();
  const times = rows.map((row) => row.locked_until).filter((time): time is Date => time !== null);
  return times.length === 0
    ? undefined
    : new Date(Math.max(...times.map((time) => new Date(time).getTime())));
}

/** Counts a failure; returns the lock it caused, if any. */
export async function recordFailure(
  db: Kysely<DatabaseSchema>,
  key: string,
  policy: ThrottlePolicy,
  now: Date,
): Promise<Date | undefined> {
  const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
  const row = await db
    .insertInto('throttle')
    .values({ key, failures: 1, window_started_at: now, locked_until: null })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        // A window that has passed starts again from this failure.
        failures: sql`case when throttle.window_started_at < ${windowStart} then 1 else throttle.failures + 1 end`,
        window_started_at: sql`case when throttle.window_started_at < ${windowStart} then ${now} else throttle.window_started_at end`,
      }),
    )
    .returning(['failures'])
    .executeTakeFirstOrThrow();
  const over = row.failures - policy.freeFailures;
  if (over <= 0) return undefined;
  const until = new Date(now.getTime() + policy.lockMinutes(over) * 60_000);
  await db.updateTable('throttle').set({ locked_until: until }).where('key', '=', key).execute();
  return until;
}

export async function clearFailures(db: Kysely<DatabaseSchema>, key: string): Promise<void> {
  await db.deleteFrom('throttle').where('key', '=', key).execute();
}
