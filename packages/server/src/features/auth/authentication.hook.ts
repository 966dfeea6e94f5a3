import { DomainError, isPermission, restrictGrants } from '@dawn/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/access/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import type { UserRow } from '../users/user.repository.ts';
import { currentContext } from '../../platform/request-context.ts';
import { findLiveTokenWithUser, TOKEN_PREFIX } from '../tokens/token.repository.ts';
import { safeEqual, sha256 } from './credentials.ts';
import { AuthCache } from './auth-cache.ts';
import type { Database } from '../../platform/db/database.ts';
import { actorOf } from './auth.service.ts';
import {
  findLiveSessionWithUser,
  revokeSession,
  touchSession,
  type StoredSession,
} from './session.repository.ts';

export const SESSION_COOKIE = 'dawn_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Writing last_seen_at on every request would cost a write per read; a minute is precise enough
// for a 30-minute idle timeout.
const TOUCH_EVERY_MS = 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Who cookies and tokens belong to, between requests (auth-cache.ts). */
    authCache: AuthCache;
  }
  interface FastifyRequest {
    /** The sign-in session of a cookie-authenticated request, at whatever stage it is. */
    authSession?: StoredSession;
  }
}

/** A session and its user as the cache holds them, with the actor built once for them. */
interface SessionHit {
  session: StoredSession;
  user: UserRow;
  actor?: Actor;
}

/**
 * Resolves who is calling, from the session cookie or an `Authorization: Bearer dawn_pat_…`
 * token, and checks CSRF for cookie-authenticated writes. Sets the actor in the request context
 * only for an active session or a live token.
 *
 * A cookie the cache knows is answered without a promise or a query (issue 11), and the actor
 * built for the cached session is reused (frozen, so no request can change another's).
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps, database: Database): void {
  // A valid cookie or token costs no round trip; any change to sessions, tokens or users empties
  // the cache at once (auth-cache.ts).
  const cache = new AuthCache();
  app.decorate('authCache', cache);
  app.addHook('onReady', () => cache.start(database));
  app.addHook('onClose', () => cache.stop());
  app.addHook('preHandler', (request, _reply, done) => {
    let pending: Promise<void> | undefined;
    try {
      pending = authenticate(deps, cache, request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (pending) pending.then(() => done(), done);
    else done();
  });
}

/** Authenticates `request`: synchronously (undefined) on a cached cookie, else a promise. */
function authenticate(
  deps: Deps,
  cache: AuthCache,
  request: FastifyRequest,
): Promise<void> | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    return authenticateToken(deps, cache, authorization.slice('Bearer '.length).trim(), new Date());
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  const now = Date.now();
  // Keyed by the cookie's hash, as the database keeps it: a live cookie is never held as a key.
  const key = `session:${sha256(token)}`;
  const valid = (hit: SessionHit) => hit.session.expiresAt.getTime() > now;
  const hit = cache.peek(key, valid, now);
  if (hit) return admitSession(deps, request, hit, now);
  // Session and user in one round trip on a miss; a revocation or a disabled user empties the
  // cache before the next request reads it.
  return cache
    .lookup<SessionHit>(key, () => findLiveSessionWithUser(deps.db, token, new Date(now)), valid)
    .then((found) => (found ? admitSession(deps, request, found, now) : undefined));
}

/** Lets a live session's request in (or not); a promise only when it writes. */
function admitSession(
  deps: Deps,
  request: FastifyRequest,
  found: SessionHit,
  now: number,
): Promise<void> | undefined {
  const { session, user } = found;
  if (now - session.lastSeenAt.getTime() > deps.config.sessionIdleMinutes * 60_000)
    return revokeSession(deps.db, session.idHash, new Date(now));
  checkCsrf(request, session);
  if (user.status !== 'active') return undefined;
  request.authSession = session;
  if (session.stage === 'active') {
    const context = currentContext();
    if (context) context.actor = found.actor ??= frozen(actorOf(user, session));
  }
  if (now - session.lastSeenAt.getTime() <= TOUCH_EVERY_MS) return undefined;
  // The cached session is this object: its idle clock moves too, before the write, so the
  // requests that arrive while it is written do not each write it again (32 concurrent
  // requests of one user made 32 writes once a minute).
  const lastSeenAt = session.lastSeenAt;
  const touchedAt = new Date(now);
  session.lastSeenAt = touchedAt;
  return touchSession(deps.db, session.idHash, touchedAt).catch((error: unknown) => {
    session.lastSeenAt = lastSeenAt;
    throw error;
  });
}

/** An actor no request can change: it is shared by every request of its cached session. */
function frozen(actor: Actor): Actor {
  Object.freeze(actor.roles);
  Object.freeze(actor.grants);
  return Object.freeze(actor);
}

function checkCsrf(request: FastifyRequest, session: StoredSession): void {
  if (SAFE_METHODS.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
    throw new DomainError(
      'FORBIDDEN',
      'This request lacks its CSRF token (x-csrf-token header). Reload the page and try again.',
    );
  }
}

// Built only when a token is refused: an error (and its stack) per valid request costs CPU.
const invalidToken = () =>
  new DomainError('UNAUTHENTICATED', 'The API token is unknown, expired or revoked.');

async function authenticateToken(
  deps: Deps,
  cache: AuthCache,
  token: string,
  now: Date,
): Promise<void> {
  if (!token.startsWith(TOKEN_PREFIX)) throw invalidToken();
  // Token and user in one round trip on a miss; a revoked token or a disabled user empties the
  // cache before the next request reads it.
  const row = await cache.lookup(
    `token:${sha256(token)}`,
    () => findLiveTokenWithUser(deps.db, token, now),
    (hit) => new Date(hit.token_expires_at).getTime() > now.getTime(),
  );
  if (!row) throw invalidToken();
  const {
    token_id: tokenId,
    token_permissions: permissions,
    token_last_used_at: lastUsedAt,
    ...user
  } = row;
  if (user.status !== 'active') throw invalidToken();
  const context = currentContext();
  if (context) {
    const actor = actorOf(user, undefined);
    // A token never carries more than its user has now, nor more than it was given.
    context.actor = {
      ...actor,
      grants: restrictGrants(actor.grants, permissions.filter(isPermission)),
    };
  }
  if (!lastUsedAt || now.getTime() - new Date(lastUsedAt).getTime() > TOUCH_EVERY_MS) {
    await deps.db
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('id', '=', tokenId)
      .execute();
    row.token_last_used_at = now;
  }
}
