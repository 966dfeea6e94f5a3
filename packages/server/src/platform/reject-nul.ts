import type { FastifyInstance } from 'fastify';
import { DomainError } from '@dawn/core';

/**
 * PostgreSQL refuses text holding U+0000 (error 22021), so a NUL in any string a request brings
 * would end as a 500 wherever it reaches a query. Refused here once, for every route and every
 * string in the query, the path parameters and a JSON body, with the field named; so is a body
 * nested past any request's depth, which would overflow the stack of whatever walks it.
 */
export function findNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNul(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '')];
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Deeper than any request of Dawn's nests (the deepest, the care settings, is eight levels). */
export const MAX_REQUEST_DEPTH = 32;

/**
 * What a walk of `value` met first: a string (or key) holding a NUL, nesting deeper than
 * {@link MAX_REQUEST_DEPTH}, or nothing. Allocates nothing, so the request that has neither, which
 * is every request but an attacker's, pays a walk and no arrays (issue 11); only a request that
 * has a NUL pays for `findNul`'s path. The depth bound keeps the walk (and everything after it)
 * off the end of the stack: a body of 100,000 nested brackets is 200 KB.
 */
function firstProblem(value: unknown, depth: number): 'nul' | 'deep' | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? 'nul' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_REQUEST_DEPTH) return 'deep';
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = firstProblem(value[index], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (key.includes('\u0000')) return 'nul';
    const found = firstProblem(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

const PARTS = ['query', 'params', 'body'] as const;

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    for (const part of PARTS) {
      const value = request[part];
      const problem = firstProblem(value, 0);
      if (!problem) continue;
      if (problem === 'deep') {
        const message = `nests deeper than ${MAX_REQUEST_DEPTH} levels; no request of Dawn's does`;
        done(
          new DomainError('VALIDATION_FAILED', `${part}: ${message}`, {
            issues: [{ path: part, message }],
          }),
        );
        return;
      }
      const found = findNul(value) ?? [];
      const path = [part, ...found].join('.');
      const message = 'must not contain a NUL character';
      done(
        new DomainError('VALIDATION_FAILED', `${path}: ${message}`, {
          issues: [{ path, message }],
        }),
      );
      return;
    }
    done();
  });
}
