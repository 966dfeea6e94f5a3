import { DomainError } from '@dawn/core';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendAsyncHookHandler,
  preHandlerAsyncHookHandler,
  RouteOptions,
} from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './db/schema.ts';
import type { Deps } from './deps.ts';
import { currentContext } from './request-context.ts';

/**
 * Changes that are made once however often they are sent (`Idempotency-Key`).
 *
 * A field worker on a mobile connection saves a hearing; the server records it, and the answer
 * never arrives. Sent again, the same hearing would be recorded twice. Every `POST` under `/api/`
 * that does not opt out (`config: { idempotency: 'none' }`) honours the header: the key is claimed
 * for the signed-in user before the change is made; once it is made, its answer is kept, sealed by
 * the vault, for a day. The same request sent again with the same key is answered with the kept
 * answer (and `Idempotent-Replayed: true`) instead of being made again; while the first is still
 * running, or when its answer could not be kept, it is refused as a conflict that says to reload.
 * A request refused with a 4xx made nothing: its key is let go, so it can be corrected and sent
 * again. The web sends a fresh key with each change and the same key again only when it resends a
 * change whose answer was lost (web `app/api.ts`).
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `'none'`: this POST does not honour `Idempotency-Key` (a read sent as a POST, a sign-in, a
     * reveal that must be audited each time it is asked, an answer holding a secret shown once, an
     * upload that streams).
     */
    idempotency?: 'none';
  }
  interface FastifyRequest {
    /** The key this request claimed, to be settled with its answer. */
    idempotencyClaim?: { userId: string; key: string };
  }
}

/** How long an answer is kept: a retry comes within minutes; a day covers a phone left offline. */
export const IDEMPOTENCY_KEPT_HOURS = 24;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
const HEADER = 'idempotency-key';

export const EARLIER_ATTEMPT_MESSAGE =
  'An earlier attempt at this same change is still being saved, or its answer was lost. Reload the page to see whether it was recorded before you try again.';
export const KEY_REUSED_MESSAGE =
  'This Idempotency-Key was sent before with a different change; send a new key with each new change.';
const KEY_FORM_MESSAGE =
  'An Idempotency-Key is 8 to 128 letters, digits or the signs . _ : - (a UUID, say).';

/** Hooks `POST` routes as they are registered; register before the routes. */
export function registerIdempotency(app: FastifyInstance, deps: Deps): void {
  const claim = claimHook(deps);
  const settle = settleHook(deps);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || !route.url.startsWith('/api/')) return;
    if (route.config?.idempotency === 'none') return;
    route.preHandler = [...asList(route.preHandler), claim];
    route.onSend = [...asList(route.onSend), settle];
  });
}

function asList<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

/**
 * What a request is, to tell a resent request from another sent with the same key: a keyed hash
 * (the vault's), since a body may hold a name or a phone that a plain hash would let anyone with
 * the table try guesses against.
 */
function fingerprintOf(deps: Deps, request: FastifyRequest, organisationId: string): string {
  const what = `${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`;
  return deps.vault.fingerprint(organisationId, 'idempotent-request', what);
}

function claimHook(deps: Deps): preHandlerAsyncHookHandler {
  return async function claimIdempotencyKey(request: FastifyRequest, reply: FastifyReply) {
    const key = request.headers[HEADER];
    if (key === undefined) return;
    // Without a signed-in user the route's own access check refuses; nothing to claim for.
    const actor = currentContext()?.actor;
    if (!actor) return;
    const { userId } = actor;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainError('VALIDATION_FAILED', KEY_FORM_MESSAGE, {
        issues: [{ path: `headers.${HEADER}`, message: KEY_FORM_MESSAGE }],
      });
    }
    const fingerprint = fingerprintOf(deps, request, actor.organisationId);
    if (await claimKey(deps.db, userId, key, fingerprint)) {
      request.idempotencyClaim = { userId, key };
      return;
    }
    const earlier = await deps.db
      .selectFrom('idempotent_request')
      .select(['fingerprint', 'status_code', 'content_type', 'answer_sealed'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (earlier && earlier.fingerprint !== fingerprint) {
      throw new DomainError('VALIDATION_FAILED', KEY_REUSED_MESSAGE, {
        issues: [{ path: `headers.${HEADER}`, message: KEY_REUSED_MESSAGE }],
      });
    }
    const answer =
      earlier?.status_code != null && earlier.answer_sealed != null
        ? openAnswer(deps, userId, key, earlier.answer_sealed)
        : undefined;
    // Still running, its answer not kept, or (between the claim and this read) let go: the
    // change may or may not be there, and only a reload shows which.
    if (answer === undefined || earlier?.status_code == null)
      throw new DomainError('CONFLICT', EARLIER_ATTEMPT_MESSAGE);
    return reply
      .status(earlier.status_code)
      .header('content-type', earlier.content_type ?? 'application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(answer);
  };
}

/**
 * Claims `key` for the user: true when this request may make its change. A key older than the
 * time answers are kept is claimed afresh, as if it had been forgotten.
 */
async function claimKey(
  db: Kysely<DatabaseSchema>,
  userId: string,
  key: string,
  fingerprint: string,
): Promise<boolean> {
  const result = await sql<{ claimed: boolean }>`
    insert into idempotent_request (user_id, key, fingerprint)
    values (${userId}, ${key}, ${fingerprint})
    on conflict (user_id, key) do update
      set fingerprint = excluded.fingerprint, created_at = now(), status_code = null,
          content_type = null, answer_sealed = null
      where idempotent_request.created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEPT_HOURS})
    returning true as claimed`.execute(db);
  return result.rows.length > 0;
}

const binding = (userId: string, key: string) => `idempotent-request:${userId}:${key}`;

function openAnswer(deps: Deps, userId: string, key: string, sealed: string): string | undefined {
  try {
    return deps.vault.openSecret(binding(userId, key), sealed);
  } catch {
    return undefined;
  }
}

function settleHook(deps: Deps): onSendAsyncHookHandler {
  return async function settleIdempotencyKey(request, reply, payload) {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = undefined;
    const status = reply.statusCode;
    const row = deps.db
      .updateTable('idempotent_request')
      .where('user_id', '=', claim.userId)
      .where('key', '=', claim.key);
    try {
      if (status >= 200 && status < 300) {
        // An answer that is not text (a file streamed) is not kept: resent, the request is told to
        // reload, and is not made again.
        const kept = typeof payload === 'string';
        const contentType = reply.getHeader('content-type');
        await row
          .set({
            status_code: status,
            content_type: kept && typeof contentType === 'string' ? contentType : null,
            answer_sealed: kept
              ? deps.vault.sealSecret(binding(claim.userId, claim.key), payload)
              : null,
          })
          .execute();
      } else if (status < 500) {
        // Refused: nothing was made, so the same key may be sent again once the change is corrected.
        await deps.db
          .deleteFrom('idempotent_request')
          .where('user_id', '=', claim.userId)
          .where('key', '=', claim.key)
          .execute();
      }
      // A 5xx keeps the claim unanswered: the change may have been made before the failure, so a
      // resend is told to reload rather than made again.
    } catch (error) {
      // The change stands; only its answer was not kept (a resend is told to reload).
      request.log.warn({ err: error }, 'the answer to an idempotent request could not be kept');
    }
    return payload;
  };
}

/** Forgets keys and answers older than a day; run by the server's sweep. */
export async function forgetOldIdempotencyKeys(db: Kysely<DatabaseSchema>): Promise<number> {
  const result = await db
    .deleteFrom('idempotent_request')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_KEPT_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
