import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { currentContext } from '../request-context.ts';
import { statementNameOf } from './prepared-select.ts';

/**
 * Cancelling the PostgreSQL query of a request nobody waits for any more (issue 11).
 *
 * A reading request (GET or HEAD) gets an AbortSignal in its request context that fires when its
 * connection closes before the answer was sent. A query running for that request on PostgreSQL is
 * then cancelled with `pg_cancel_backend(pid)`, sent on a separate connection, and its connection
 * goes back to the pool once the cancel has landed, healthy: a cancelled statement ends the
 * statement (Kysely rolls back a transaction it was in), not the session. Writes are never
 * cancelled: a client that goes away after sending a change still gets the change made whole.
 *
 * PGlite runs inside Dawn's process, one query at a time: there is no backend to cancel, and a
 * query there runs to its end.
 */

/** Thrown for a query a request starts after its client went away. */
export class RequestAbandonedError extends Error {
  constructor() {
    super('the client closed the connection before the answer');
    this.name = 'RequestAbandonedError';
  }
}

const READS = new Set(['GET', 'HEAD']);

/**
 * Whether a reading request's client went away, and who to tell. Cheaper than an AbortController
 * (an EventTarget) per request and a listener added and removed with its options validated on
 * every query, which the profile of a care case's header showed (issue 11).
 */
export class Abandonment {
  aborted = false;
  private listeners: Set<() => void> | undefined;

  /** Calls `listener` once if the request is abandoned; returns how to stop listening. */
  onAbort(listener: () => void): () => void {
    (this.listeners ??= new Set()).add(listener);
    return () => this.listeners?.delete(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    for (const listener of listeners ?? []) listener();
  }
}

/**
 * The signal of a reading request, which fires when its client goes away before the answer
 * (undefined for a write); app.ts puts it in the request's context.
 */
export function abandonmentSignal(
  request: FastifyRequest,
  reply: FastifyReply,
): Abandonment | undefined {
  if (!READS.has(request.method)) return undefined;
  const abandonment = new Abandonment();
  reply.raw.once('close', () => {
    // 'close' also follows a finished answer; only an unfinished one was abandoned.
    if (!reply.raw.writableFinished) abandonment.abort();
  });
  return abandonment;
}

/** True for the statements that end a transaction, which must still reach the server. */
function endsTransaction(sql: string): boolean {
  return /^\s*(rollback|commit)\b/i.test(sql);
}

/**
 * Thrown for the first statement after a transaction's `begin` failed, when that `begin` was sent
 * without being awaited (a cursor as the transaction's first statement): the transaction never
 * began, so nothing after it may run as if it had.
 */
export class TransactionBeginError extends Error {
  constructor(cause: unknown) {
    super('the transaction could not begin', { cause });
    this.name = 'TransactionBeginError';
  }
}

/** What PostgreSQL answers to `begin`, for a `begin` held back (cancellingPool). */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, rows: [] });

/** pg's transaction status of a connection: 'I' idle, 'T' in a transaction, 'E' a failed one. */
function transactionStatusOf(client: pg.PoolClient): unknown {
  return (client as { _txStatus?: unknown })._txStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The SQL literal of an id, a number, a truth value or null; undefined for anything else. */
function idLiteralOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && UUID.test(value)) return `'${value}'`;
  return undefined;
}

/**
 * Each parameter as an SQL literal, written as pg would send its text, when every one is an id
 * (a uuid, or an array of them), a number, a truth value or null; otherwise undefined. Only
 * these: a literal is part of the statement's text, which `pg_stat_activity` shows and the
 * server's log quotes with an error, where a parameter sent apart is not. Nothing personal may
 * reach either (a name, an address, a birth date, an event's account), so any other value keeps
 * its statement on the protocol, parameters sent apart.
 */
function idLiteralsOf(parameters: ReadonlyArray<unknown>): string[] | undefined {
  const literals: string[] = [];
  for (const parameter of parameters) {
    if (Array.isArray(parameter)) {
      if (!parameter.every((item) => typeof item === 'string' && UUID.test(item))) return undefined;
      literals.push(`'{${parameter.join(',')}}'`);
      continue;
    }
    const literal = idLiteralOf(parameter);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  return literals;
}

/**
 * The pool Kysely uses: `pool`, with each query of an abandoned request cancelled through
 * `cancelBackend` (one call per connection, however many times the request is abandoned).
 */
export function cancellingPool(
  pool: pg.Pool,
  cancelBackend: (pid: number) => Promise<void>,
): PostgresPool {
  // Kysely keeps one connection object per client, so hand it the same wrapper each time.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  function wrap(client: pg.PoolClient): PostgresPoolClient {
    let cancelling: Promise<void> | undefined;
    // Bumped when this connection's named statements went stale (below): they are parsed again
    // under new names.
    let generation = 0;
    // The named statements this connection has parsed (by their name with its generation).
    const parsed = new Set<string>();
    // Kysely's `begin`, held back to go with the transaction's first statement (below).
    let beginHeld = false;
    // A `begin` sent without being awaited (before a cursor) that failed: the next statement
    // fails with it.
    let beginFailure: TransactionBeginError | undefined;
    const named = async (name: string, sql: string, values: unknown[]) => {
      const statement = `${name}_${generation}`;
      const result = await client.query({ name: statement, text: sql, values });
      parsed.add(statement);
      return result;
    };
    async function sendNamed(name: string, sql: string, values: unknown[]) {
      try {
        return await named(name, sql, values);
      } catch (error) {
        // "cached plan must not change result type": a migration changed a table a `select *`
        // statement of this connection reads (another node's, during a rolling deploy). The
        // statement stays stale on this connection, so parse it again under another name; outside
        // a transaction (pg's ReadyForQuery status 'I'), the read is simply sent again.
        if ((error as { code?: unknown }).code !== '0A000') throw error;
        generation += 1;
        if (transactionStatusOf(client) !== 'I') throw error;
        return named(name, sql, values);
      }
    }
    function send(sql: string, parameters: ReadonlyArray<unknown>): Promise<pg.QueryResult> {
      const name = statementNameOf(sql);
      if (beginHeld) {
        beginHeld = false;
        return sendWithBegin(sql, name, parameters);
      }
      return name === undefined
        ? client.query(sql, [...parameters])
        : sendNamed(name, sql, [...parameters]);
    }
    /**
     * A transaction's first statement with the `begin` held back for it. When it is a named
     * statement this connection has already parsed, both go in one round trip: one simple query,
     * `begin; execute <name>(<parameters as literals>)` (the protocol's named statements and SQL's
     * `execute` share the session's prepared statements, so its plan is the same), answered with
     * both results, of which the statement's is returned. Its rows come typed from the same row
     * description as through the protocol. Only when its parameters are ids, numbers, truth values
     * or nulls (idLiteralsOf says why); otherwise, and for any other statement, `begin` is sent
     * first and awaited, as Kysely did. A failed statement leaves the transaction aborted, and
     * Kysely rolls it back as before.
     */
    async function sendWithBegin(
      sql: string,
      name: string | undefined,
      parameters: ReadonlyArray<unknown>,
    ): Promise<pg.QueryResult> {
      const statement = name === undefined ? undefined : `${name}_${generation}`;
      const literals =
        statement !== undefined && parsed.has(statement) ? idLiteralsOf(parameters) : undefined;
      if (statement === undefined || literals === undefined) {
        await client.query('begin');
        return send(sql, parameters);
      }
      const execute =
        literals.length === 0
          ? `begin; execute ${statement}`
          : `begin; execute ${statement}(${literals.join(', ')})`;
      try {
        const results = (await client.query(execute)) as unknown as pg.QueryResult[];
        return results[1] as pg.QueryResult;
      } catch (error) {
        // A stale statement (see sendNamed): parsed again under another name next time; inside
        // the transaction the error stands, as it did for a named statement there.
        if ((error as { code?: unknown }).code === '0A000') generation += 1;
        throw error;
      }
    }
    async function runQuery(sql: string, parameters: ReadonlyArray<unknown>) {
      // A cancel still on its way must land before anything else runs on this connection.
      if (cancelling) await cancelling;
      const signal = currentContext()?.signal;
      if (!signal) return send(sql, parameters);
      if (signal.aborted && !endsTransaction(sql)) throw new RequestAbandonedError();
      const pid = (client as pg.PoolClient & { processID: number | null }).processID;
      const stopListening = signal.onAbort(() => {
        if (pid !== null) cancelling ??= cancelBackend(pid).catch(() => undefined);
      });
      try {
        return await send(sql, parameters);
      } finally {
        stopListening();
      }
    }
    const wrapper = {
      query(sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown {
        if (typeof sqlOrCursor !== 'string') {
          // A cursor (streamed query): passed through as it is, after a `begin` held back.
          if (beginHeld) {
            beginHeld = false;
            // Not awaited (pg sends the cursor after it); a failure fails the next statement.
            client.query('begin').catch((error: unknown) => {
              beginFailure = new TransactionBeginError(error);
            });
          }
          return (client.query as (cursor: unknown) => unknown)(sqlOrCursor);
        }
        if (beginFailure) {
          const failure = beginFailure;
          beginFailure = undefined;
          // A `rollback` still goes, to end whatever the connection is in.
          if (!/^\s*rollback\b/i.test(sqlOrCursor)) return Promise.reject(failure);
        }
        if (sqlOrCursor === 'begin' && !beginHeld && transactionStatusOf(client) === 'I') {
          // Issue 11: a round trip of its own before every transaction's first statement. Held
          // back and sent with that statement (send); answered here as PostgreSQL answers it.
          beginHeld = true;
          return Promise.resolve(BEGUN);
        }
        if (beginHeld && endsTransaction(sqlOrCursor)) {
          // A transaction that sent nothing: there is nothing to commit or roll back.
          beginHeld = false;
          return Promise.resolve({
            command: sqlOrCursor.trim().toUpperCase(),
            rowCount: null,
            rows: [],
          });
        }
        return runQuery(sqlOrCursor, parameters ?? []);
      },
      release() {
        beginHeld = false;
        beginFailure = undefined;
        const pending = cancelling;
        cancelling = undefined;
        // Back to the pool only once a cancel sent for it has landed, so it cannot hit the next
        // request's query.
        if (pending) void pending.finally(() => client.release());
        else client.release();
      },
    } as PostgresPoolClient;
    return wrapper;
  }
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/** Cancels a backend's running statement from a connection of its own (of `cancelPool`). */
export function pgCancelBackend(cancelPool: pg.Pool): (pid: number) => Promise<void> {
  return async (pid) => {
    await cancelPool.query('select pg_cancel_backend($1)', [pid]);
  };
}

/** Whether `error` is the end of a query cancelled because its request was abandoned. */
export function isAbandonedQuery(error: unknown): boolean {
  if (error instanceof RequestAbandonedError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === '57014' && currentContext()?.signal?.aborted === true;
}
