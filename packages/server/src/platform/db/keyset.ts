import { DomainError } from '@dawn/core';
import type { SelectQueryBuilder } from 'kysely';
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

/**
 * `count=none` skips the total; `exact` (the default, for the numbered pages) counts every row in
 * scope, which reads them all; `estimate` answers the planner's row estimate for the same scoped,
 * filtered query (one EXPLAIN, no rows read) as `totalEstimate`.
 */
export const listPagingQuery = {
  after: z
    .string()
    .max(400)
    .optional()
    .describe('the nextCursor of the previous page: keyset paging (offset is then ignored)'),
  count: z
    .enum(['exact', 'estimate', 'none'])
    .default('exact')
    .describe(
      'exact: total counts every row in scope; estimate: totalEstimate, the database planner’s ' +
        'estimate (cheap whatever the size, may be off); none: neither (cheapest)',
    ),
};

export const totalEstimateSchema = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe('with count=estimate: the planner’s estimate of the rows in scope, not a count');

/**
 * The planner's estimate of how many rows `query` (scoped and filtered, without limit or offset)
 * returns: one EXPLAIN, which reads statistics, never the rows, so its cost does not grow with
 * the data. It is as good as the table's statistics (autovacuum's `analyze`).
 */
export async function estimateRows(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table's query
  query: SelectQueryBuilder<any, any, any>,
): Promise<number> {
  const [row] = await query.explain('json');
  const raw: unknown = row?.['QUERY PLAN'];
  const parsed = z
    .array(z.object({ Plan: z.object({ 'Plan Rows': z.number() }) }))
    .parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  return Math.max(0, Math.round(parsed[0]?.Plan['Plan Rows'] ?? 0));
}

/**
 * The planner never estimates fewer than one row, and knows nothing of the page already read: an
 * offset page shorter than its limit ends the list, so its total is known exactly; otherwise the
 * estimate is at least the rows already seen.
 */
export function boundEstimate(
  estimate: number,
  page: { returned: number; limit: number; offset: number; after?: string | undefined },
): number {
  const seen = (page.after ? 0 : page.offset) + page.returned;
  const ended =
    page.returned < page.limit && !page.after && (page.returned > 0 || page.offset === 0);
  return ended ? seen : Math.max(estimate, seen);
}
