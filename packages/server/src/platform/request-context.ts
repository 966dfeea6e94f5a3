import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from './access/actor.ts';
import type { Abandonment } from './db/query-cancellation.ts';
import type { Claim } from './idempotency.ts';

/** What every use-case may need about the request it serves. */
export interface RequestContext {
  requestId: string;
  /** The signed-in user (or API token), set by the authentication hook. */
  actor?: Actor;
  /** Reads only: fires when the client goes away before the answer (query-cancellation.ts). */
  signal?: Abandonment;
  /** An Idempotency-Key for the use-case's own statement to claim (idempotency.ts). */
  claim?: Claim;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
