import { AsyncLocalStorage } from 'node:async_hooks';

/** What every use-case may need about the request it serves. Grows with sign-in (the user). */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
