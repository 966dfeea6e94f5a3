import { DomainError } from '@dawn/core';
import { z } from 'zod';

/**
 * Keyset paging: a page ends with a cursor naming its last row's sort key, and the next page
 * starts after it through the list's index, so page 500 costs what page 1 does. The cursor is
 * opaque to clients (base64url of the key's values as text) and holds no personal data: sort keys
 * are dates, case codes and ids.
 */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z.array(z.string().max(200)).length(length).parse(values);
    return parsed;
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'after: is not a cursor this list gave', {
      issues: [{ path: 'query.after', message: 'is not a cursor this list gave' }],
    });
  }
}

/** `count=none` skips the total; `exact` (the default, for the numbered pages) counts. */
export const listPagingQuery = {
  after: z
    .string()
    .max(400)
    .optional()
    .describe('the nextCursor of the previous page: keyset paging (offset is then ignored)'),
  count: z
    .enum(['exact', 'none'])
    .default('exact')
    .describe('none: leave out total (cheaper); exact: count every row in scope'),
};
