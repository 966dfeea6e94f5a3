import { IncomingMessage, type ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';

type Step = { set: string; value: string } | { remove: string };

/**
 * Helmet's security headers, worked out once: helmet's middleware is run here against a recorder,
 * and every answer gets the same headers set (and `X-Powered-By` removed) on its raw response,
 * as helmet's middleware would, without running its chain of a dozen middlewares per request
 * (issue 11). The @fastify/helmet plugin before it even rebuilt the middleware, parsing the whole
 * Content-Security-Policy, on every request.
 *
 * Only for options whose headers do not depend on the request: a Content-Security-Policy
 * directive given as a function (a nonce) is refused.
 */
export function securityHeaders(options: HelmetOptions): (response: ServerResponse) => void {
  const directives =
    typeof options.contentSecurityPolicy === 'object'
      ? Object.values(options.contentSecurityPolicy.directives ?? {})
      : [];
  const dynamic = directives.some(
    (value) =>
      typeof value === 'function' ||
      (Array.isArray(value) && value.some((item) => typeof item === 'function')),
  );
  if (dynamic) throw new Error('security headers computed per request are not supported here');
  const steps: Step[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      steps.push({ set: name, value: String(value) });
      return recorder;
    },
    removeHeader(name: string) {
      steps.push({ remove: name });
    },
  };
  // Set by helmet's callback, which runs before helmet(options)(…) returns.
  let finished = false as boolean;
  helmet(options)(
    new IncomingMessage(new Socket()),
    recorder as unknown as ServerResponse,
    (error) => {
      if (error) throw error instanceof Error ? error : new Error('helmet refused its options');
      finished = true;
    },
  );
  if (!finished) throw new Error('helmet did not set its headers at once');
  return (response) => {
    for (const step of steps) {
      if ('set' in step) response.setHeader(step.set, step.value);
      else response.removeHeader(step.remove);
    }
  };
}
