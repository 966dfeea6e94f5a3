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
import { executeNamed } from './db/prepared-select.ts';
import type { DatabaseSchema } from './db/schema.ts';
import type { Deps } from './deps.ts';
import { currentContext } from './request-context.ts';

/**
 * Changes that are made once however often they are sent (`Idempotency-Key`).
 *
 * A field worker on a mobile connection saves a hearing; the server records it, and the answer
 * never arrives. Sent again, the same hearing would be recorded twice. Every `POST` under `/api/`
 * that does not opt out (`config: { idempotency: 'none' }`) honours the header:
 *
 * - before the change is made, the key is claimed for the signed-in user in the database (one
 *   named statement, `idempotent_request`), with a keyed fingerprint of the request;
 * - once it is made, its answer is kept by this process (`AnswerMemory`: in memory, bounded);
 * - the same request sent again with the same key is answered with the kept answer (and
 *   `Idempotent-Replayed: true`) instead of being made again; when this process has no answer for
 *   it (the first attempt is still running, failed with a 5xx, or was answered by another process
 *   or before a restart), it is refused as a conflict that says to reload: never made twice;
 * - a different request with a used key is refused beside the header;
 * - a request refused with a 4xx made nothing: its key is let go, to be sent again corrected.
 *
 * The web sends a fresh key with each change and the same key again only when it resends a change
 * whose answer was lost (web `app/api.ts`). Claims are forgotten after a day.
 *
 * A use-case that makes its change in one statement may claim the key in that statement instead
 * (`config: { idempotency: 'in-statement' }`, `claimToWrite`, `refuseClaimed`): no round trip of
 * its own, and the claim exists exactly when the change does (creating a person, issue 11).
 *
 * A change whose answer holds a secret shown once (an API token, a webhook's signing secret, a new
 * user's one-time password) claims its key but its answer is never kept (`config: { idempotency:
 * 'claim-only' }`): a secret is not held in memory for a day to be shown again, and a resend is
 * told to reload (the token list shows the one made), never made twice. So does an upload: its
 * body streams, unread when the key is claimed, so its fingerprint is its address alone and a
 * different file sent with the same key could not be told from a resend: never answered as one.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `'none'`: this POST does not honour `Idempotency-Key` (a read sent as a POST, a sign-in, a
     * reveal that must be audited each time it is asked, a secret that replaces the previous one).
     * `'in-statement'`: the use-case claims the key in the statement that makes its change.
     * `'claim-only'`: the key is claimed, the answer (holding a secret shown once, or to a
     * streamed upload) never kept, so a resend is told to reload.
     */
    idempotency?: 'none' | 'in-statement' | 'claim-only';
  }
  interface FastifyInstance {
    /** The answers this process gave to changes sent with a key (tests forget them). */
    idempotentAnswers: AnswerMemory;
  }
  interface FastifyRequest {
    /** The key this request claimed, to be settled with its answer. */
    idempotencyClaim?: Claim & { memoryKey: string };
  }
}

/** How long a claim holds: a resend comes within minutes; a day covers a phone left offline. */
export const IDEMPOTENCY_KEPT_HOURS = 24;
const KEPT_MS = IDEMPOTENCY_KEPT_HOURS * 3_600_000;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
const HEADER = 'idempotency-key';

export const EARLIER_ATTEMPT_MESSAGE =
  'An earlier attempt at this same change is still being saved, or its answer was lost. Reload the page to see whether it was recorded before you try again.';
export const KEY_REUSED_MESSAGE =
  'This Idempotency-Key was sent before with a different change; send a new key with each new change.';
const KEY_FORM_MESSAGE =
  'An Idempotency-Key is 8 to 128 letters, digits or the signs . _ : - (a UUID, say).';

/** A key claimed (or to be claimed by the use-case's statement) for a user's change. */
export interface Claim {
  userId: string;
  key: string;
  fingerprint: string;
  /** Claimed by the use-case's own statement, atomically with the change. */
  inStatement: boolean;
  /** The answer is kept for a resend (not when it holds a secret shown once, nor an upload's). */
  keepsAnswer: boolean;
}

interface KeptAnswer {
  fingerprint: string;
  status: number;
  contentType: string;
  body: string;
  at: number;
}

/**
 * The answers to changes made with a key, newest last, for a resend to be answered with. Bounded
 * in count and size (the oldest go first; an answer larger than a change's usual few kilobytes is
 * not kept): a resend this memory cannot answer is told to reload, never made again.
 */
export class AnswerMemory {
  private readonly answers = new Map<string, KeptAnswer>();
  private bytes = 0;

  constructor(
    private readonly maxAnswers = 5_000,
    private readonly maxBytes = 32 * 1024 * 1024,
    private readonly maxAnswerBytes = 256 * 1024,
  ) {}

  keep(memoryKey: string, answer: KeptAnswer): void {
    if (answer.body.length > this.maxAnswerBytes) return;
    this.drop(memoryKey);
    this.answers.set(memoryKey, answer);
    this.bytes += answer.body.length;
    for (const [oldest, kept] of this.answers) {
      if (this.answers.size <= this.maxAnswers && this.bytes <= this.maxBytes) break;
      this.answers.delete(oldest);
      this.bytes -= kept.body.length;
    }
  }

  find(memoryKey: string, now: number): KeptAnswer | undefined {
    const kept = this.answers.get(memoryKey);
    return kept && now - kept.at < KEPT_MS ? kept : undefined;
  }

  drop(memoryKey: string): void {
    const kept = this.answers.get(memoryKey);
    if (!kept) return;
    this.answers.delete(memoryKey);
    this.bytes -= kept.body.length;
  }

  /** As after a restart: every answer forgotten (their claims stay in the database). */
  forget(): void {
    this.answers.clear();
    this.bytes = 0;
  }
}

/** Hooks `POST` routes as they are registered; register before the routes. */
export function registerIdempotency(app: FastifyInstance, deps: Deps): void {
  const memory = new AnswerMemory();
  app.decorate('idempotentAnswers', memory);
  const claim = claimHook(deps, memory, { inStatement: false, keepsAnswer: true });
  const claimInStatement = claimHook(deps, memory, { inStatement: true, keepsAnswer: true });
  const claimOnly = claimHook(deps, memory, { inStatement: false, keepsAnswer: false });
  const settle = settleHook(deps, memory);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || !route.url.startsWith('/api/')) return;
    const how = route.config?.idempotency;
    if (how === 'none') return;
    route.preHandler = [
      ...asList(route.preHandler),
      how === 'in-statement' ? claimInStatement : how === 'claim-only' ? claimOnly : claim,
    ];
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

function claimHook(
  deps: Deps,
  memory: AnswerMemory,
  how: Pick<Claim, 'inStatement' | 'keepsAnswer'>,
): preHandlerAsyncHookHandler {
  const { inStatement } = how;
  return async function claimIdempotencyKey(request: FastifyRequest, reply: FastifyReply) {
    const key = request.headers[HEADER];
    if (key === undefined) return;
    // Without a signed-in user the route's own access check refuses; nothing to claim for.
    const context = currentContext();
    const actor = context?.actor;
    if (!context || !actor) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainError('VALIDATION_FAILED', KEY_FORM_MESSAGE, {
        issues: [{ path: `headers.${HEADER}`, message: KEY_FORM_MESSAGE }],
      });
    }
    const { userId } = actor;
    const fingerprint = fingerprintOf(deps, request, actor.organisationId);
    const memoryKey = `${userId}\u0000${key}`;
    const claim = { memoryKey, userId, key, fingerprint, ...how };
    if (inStatement) {
      // Answered before, by this process: the answer, without touching the database.
      const kept = memory.find(memoryKey, Date.now());
      if (kept) return replay(reply, kept, fingerprint);
      // Claimed by the use-case's statement with its change (claimToWrite, refuseClaimed).
      context.claim = claim;
      request.idempotencyClaim = claim;
      return;
    }
    if (await claimKey(deps.db, userId, key, fingerprint)) {
      request.idempotencyClaim = claim;
      return;
    }
    const kept = memory.find(memoryKey, Date.now());
    if (kept) return replay(reply, kept, fingerprint);
    await refuseClaimed(deps.db, claim);
  };
}

/** The kept answer of the same request; another request sent with its key is refused. */
function replay(reply: FastifyReply, kept: KeptAnswer, fingerprint: string): FastifyReply {
  if (kept.fingerprint !== fingerprint) throw keyReused();
  return reply
    .status(kept.status)
    .header('content-type', kept.contentType)
    .header('idempotent-replayed', 'true')
    .send(kept.body);
}

const keyReused = () =>
  new DomainError('VALIDATION_FAILED', KEY_REUSED_MESSAGE, {
    issues: [{ path: `headers.${HEADER}`, message: KEY_REUSED_MESSAGE }],
  });

/**
 * The claim of a use-case that claims its key in its own statement, when its request sent one: its
 * values go in an `insert into idempotent_request (user_id, key, fingerprint)` of that statement,
 * with no `on conflict`, so that a key already claimed aborts the whole statement (a unique
 * violation of `idempotent_request_pkey`, see `isClaimTaken`).
 */
export function claimToWrite(): Claim | undefined {
  return currentContext()?.claim;
}

/** True when `error` is a statement's claim refused because its key was claimed before. */
export function isClaimTaken(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'idempotent_request_pkey';
}

/**
 * Refuses a request whose key was claimed before: another change sent with it (400 beside the
 * header), or the same one whose answer this process does not have (still being made, failed,
 * or answered elsewhere: 409, reload to see whether it is there).
 */
export async function refuseClaimed(db: Kysely<DatabaseSchema>, claim: Claim): Promise<never> {
  const earlier = await db
    .selectFrom('idempotent_request')
    .select('fingerprint')
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .executeTakeFirst();
  if (earlier && earlier.fingerprint !== claim.fingerprint) throw keyReused();
  throw new DomainError('CONFLICT', EARLIER_ATTEMPT_MESSAGE);
}

/**
 * The claim is committed without waiting for the disk (`synchronous_commit` off for its own
 * statement's transaction; the wait is a third of a small write's cost). No guarantee is lost: the
 * change commits after its claim and waits for the disk, and PostgreSQL's log is written in order,
 * so whenever the change survives a crash its claim does too.
 */
const committedWithoutWaiting = sql`(select set_config('synchronous_commit', 'off', true)) as unwaited`;

/**
 * Claims `key` for the user: true when this request may make its change. A key stays claimed until
 * the sweep forgets it, a day on (`forgetOldIdempotencyKeys`), as a use-case's own statement
 * claims it.
 */
async function claimKey(
  db: Kysely<DatabaseSchema>,
  userId: string,
  key: string,
  fingerprint: string,
): Promise<boolean> {
  const claimed = sql<{ claimed: boolean }>`
    insert into idempotent_request (user_id, key, fingerprint)
    select ${userId}, ${key}, ${fingerprint} from ${committedWithoutWaiting}
    on conflict (user_id, key) do nothing
    returning true as claimed`;
  // The same text for every claim: a named statement on PostgreSQL, planned once a connection.
  const result = await executeNamed(db, claimed);
  return result.rows.length > 0;
}

function settleHook(deps: Deps, memory: AnswerMemory): onSendAsyncHookHandler {
  return async function settleIdempotencyKey(request, reply, payload) {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = undefined;
    const status = reply.statusCode;
    if (status >= 200 && status < 300) {
      // An answer that is not text (a file streamed), or that holds a secret shown once, is not
      // kept: a resend is told to reload.
      const contentType = reply.getHeader('content-type');
      if (typeof payload === 'string' && claim.keepsAnswer)
        memory.keep(claim.memoryKey, {
          fingerprint: claim.fingerprint,
          status,
          contentType:
            typeof contentType === 'string' ? contentType : 'application/json; charset=utf-8',
          body: payload,
          at: Date.now(),
        });
    } else if (status < 500 && !claim.inStatement) {
      // Refused: nothing was made, so the same key may be sent again once the change is corrected.
      // (A claim made in the use-case's statement exists only with its change: nothing to let go.)
      try {
        await executeNamed(
          deps.db,
          sql`delete from idempotent_request using ${committedWithoutWaiting}
            where user_id = ${claim.userId} and key = ${claim.key}`,
        );
      } catch (error) {
        // The key stays claimed: a resend is told to reload, which shows nothing was made.
        request.log.warn({ err: error }, 'an idempotency key could not be let go');
      }
    }
    // A 5xx keeps the key claimed without an answer: the change may have been made before the
    // failure, so a resend is told to reload rather than made again.
    return payload;
  };
}

/** Forgets claims older than a day; run by the server's sweep. */
export async function forgetOldIdempotencyKeys(db: Kysely<DatabaseSchema>): Promise<number> {
  const result = await db
    .deleteFrom('idempotent_request')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_KEPT_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
