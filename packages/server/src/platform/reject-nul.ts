import type { FastifyInstance } from 'fastify';
import { DomainError } from '@dawn/core';

/**
 * PostgreSQL refuses text holding U+0000 (error 22021), so a NUL in any string a request brings
 * would end as a 500 wherever it reaches a query. Refused here once, for every route and every
 * string in the query, the path parameters and a JSON body, with the field named.
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

/**
 * Whether any string in `value` (or any key) holds a NUL. Allocates nothing, so the request that
 * has none, which is every request but an attacker's, pays a walk and no arrays (issue 11);
 * only a request that has one pays for `findNul`'s path.
 */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (hasNul(value[index])) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (key.includes('\u0000') || hasNul(record[key])) return true;
  }
  return false;
}

const PARTS = ['query', 'params', 'body'] as const;

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    for (const part of PARTS) {
      const value = request[part];
      if (!hasNul(value)) continue;
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
