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

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const parts = { query: request.query, params: request.params, body: request.body } as const;
    for (const [part, value] of Object.entries(parts)) {
      const found = findNul(value);
      if (found) {
        const path = [part, ...found].join('.');
        const message = 'must not contain a NUL character';
        done(
          new DomainError('VALIDATION_FAILED', `${path}: ${message}`, {
            issues: [{ path, message }],
          }),
        );
        return;
      }
    }
    done();
  });
}
