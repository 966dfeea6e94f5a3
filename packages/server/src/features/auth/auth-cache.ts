import type { Database } from '../../platform/db/database.ts';
import {
  AUTH_CHANGED_CHANNEL,
  authWriteWatcherOf,
  type ChannelListener,
} from '../../platform/db/auth-changes.ts';

/**
 * Who a session cookie or API token belongs to, remembered between requests so a valid one costs
 * no database round trip, yet forgotten the moment anything about sessions, tokens or users
 * changes:
 * - this process writing such a change forgets everything and stops remembering until the
 *   database confirms the change committed (its notification), so its own next request reads it;
 * - every process forgets everything when the database's notification arrives (on commit);
 * - while the notification channel is down, nothing is remembered;
 * - an entry is never trusted for more than a minute, and every hit still checks its expiry.
 * Negative answers are never cached: an unknown token always costs its lookup.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
/** A local write whose notification never comes (it rolled back) stops suspending after this. */
const SUSPEND_MS = 5_000;

export class AuthCache {
  private readonly entries = new Map<string, { value: unknown; until: number }>();
  /** Bumped on every forget: a lookup that started before it may not store what it read. */
  private generation = 0;
  /** How many change notifications this process has heard (for operators and tests). */
  notificationsHeard = 0;
  private suspendedUntil = 0;
  private listener: ChannelListener | undefined;
  private stopWatching: (() => void) | undefined;

  async start(database: Database): Promise<void> {
    this.stopWatching = authWriteWatcherOf(database.db)?.onWrite(() => {
      this.forget();
      this.suspendedUntil = Date.now() + SUSPEND_MS;
    });
    this.listener = await database.listen(AUTH_CHANGED_CHANNEL, {
      onNotify: () => {
        this.notificationsHeard += 1;
        this.forget();
        this.suspendedUntil = 0;
      },
      onLost: () => this.forget(),
    });
  }

  async stop(): Promise<void> {
    this.stopWatching?.();
    await this.listener?.close();
    this.forget();
  }

  private usable(): boolean {
    return this.listener?.live === true && Date.now() >= this.suspendedUntil;
  }

  forget(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /**
   * The cached answer for `key` if there is one still `valid`, without waiting: a hit needs no
   * promise (the authentication hook answers most requests synchronously with it).
   */
  peek<T>(key: string, valid: (value: T) => boolean, now = Date.now()): T | undefined {
    if (!this.usable()) return undefined;
    const hit = this.entries.get(key);
    return hit && hit.until > now && valid(hit.value as T) ? (hit.value as T) : undefined;
  }

  /**
   * The cached answer for `key` if it is still `valid`, else `load`'s answer (remembered when it
   * is one and nothing changed meanwhile).
   */
  async lookup<T>(
    key: string,
    load: () => Promise<T | undefined>,
    valid: (value: T) => boolean,
  ): Promise<T | undefined> {
    const now = Date.now();
    const hit = this.peek(key, valid, now);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && generation === this.generation && this.usable()) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { value, until: now + TTL_MS });
    }
    return value;
  }
}
