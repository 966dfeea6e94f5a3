import { DomainError, isPermission, restrictGrants } from '@dawn/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { currentContext } from '../../platform/request-context.ts';
import { findUser } from '../users/user.repository.ts';
import { findLiveToken, TOKEN_PREFIX } from '../tokens/token.repository.ts';
import { safeEqual } from './credentials.ts';
import { actorOf } from './auth.service.ts';
import {
  findLiveSession,
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
  interface FastifyRequest {
    /** The sign-in session of a cookie-authenticated request, at whatever stage it is. */
    authSession?: StoredSession;
  }
}

/**
 * Resolves who is calling, from the session cookie or an `Authorization: Bearer dawn_pat_…`
 * token, and checks CSRF for cookie-authenticated writes. Sets the actor in the request context
 * only for an active session or a live token.
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps): void {
  app.addHook('preHandler', async (request) => {
    const now = new Date();
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      await authenticateToken(deps, authorization.slice('Bearer '.length).trim(), now);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findLiveSession(deps.db, token, now);
    if (!session) return;
    if (now.getTime() - session.lastSeenAt.getTime() > deps.config.sessionIdleMinutes * 60_000) {
      await revokeSession(deps.db, session.idHash, now);
      return;
    }
    checkCsrf(request, session);
    const user = await findUser(deps.db, session.userId);
    if (!user || user.status !== 'active') return;
    request.authSession = session;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await touchSession(deps.db, session.idHash, now);
    }
    const context = currentContext();
    if (context && session.stage === 'active') context.actor = actorOf(user, session);
  });
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

async function authenticateToken(deps: Deps, token: string, now: Date): Promise<void> {
  const invalid = new DomainError(
    'UNAUTHENTICATED',
    'The API token is unknown, expired or revoked.',
  );
  if (!token.startsWith(TOKEN_PREFIX)) throw invalid;
  const row = await findLiveToken(deps.db, token, now);
  if (!row) throw invalid;
  const user = await findUser(deps.db, row.user_id);
  if (!user || user.status !== 'active') throw invalid;
  const context = currentContext();
  if (context) {
    const actor = actorOf(user, undefined);
    // A token never carries more than its user has now, nor more than it was given.
    context.actor = {
      ...actor,
      grants: restrictGrants(actor.grants, row.permissions.filter(isPermission)),
    };
  }
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
    await deps.db
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .execute();
  }
}
