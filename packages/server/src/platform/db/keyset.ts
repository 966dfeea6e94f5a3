import { DomainError } from '@dawn/core';
import { CompiledQuery, type Kysely, type SelectQueryBuilder } from 'kysely';
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

/**
 * What each value of a key is, checked before it reaches SQL: a cursor made by hand with the
 * right number of values but a word for an instant is refused like any other forged cursor,
 * with the field named, instead of failing in the database as an unexplained server error.
 */
export type CursorPart = 'instant' | 'instant-or-empty' | 'uuid' | 'text';

// An instant as PostgreSQL prints timestamptz (`2026-12-05 04:00:00.123456+00`) or as ISO text.
const INSTANT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const partSchemas: Record<CursorPart, z.ZodType<string>> = {
  instant: z.string().regex(INSTANT),
  'instant-or-empty': z.string().regex(INSTANT).or(z.literal('')),
  uuid: z.string().regex(UUID),
  text: z.string().max(200),
};

export function decodeCursor(cursor: string, parts: readonly CursorPart[]): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z.array(z.string().max(200)).length(parts.length).parse(values);
    return parts.map((part, index) => partSchemas[part].parse(parsed[index]));
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'after: is not a cursor this list gave', {
      issues: [{ path: 'query.after', message: 'is not a cursor this list gave' }],
    });
  }
}

/**
 * A page from rows read with `limit + 1`: the extra row, if it came back, says there is a next
 * page, and is not shown. So a page that is exactly full at the end of the list has no cursor,
 * and Next is not offered for a page that would be empty.
 */
export function keysetPage<Row>(
  rows: readonly Row[],
  limit: number,
  keyOf: (row: Row) => readonly string[],
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    page,
    nextCursor: last !== undefined && rows.length > limit ? encodeCursor(keyOf(last)) : null,
  };
}

/**
 * `count=none` skips the total; `exact` (the default, for the numbered pages) counts every row in
 * scope, which reads them all; `estimate` answers the planner's row estimate for the same scoped,
 * filtered query (one EXPLAIN, no rows read, reused for 30 s) as `totalEstimate`, or the exact
 * total where the `list_count` read model holds it (cheaper than planning the EXPLAIN, and never
 * off).
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
      'exact: total counts every row in scope; estimate: totalEstimate, cheap whatever the size: ' +
        'exact where the count read model holds the rows (the organisation’s, unfiltered or of one ' +
        'phase or stage), else the database planner’s estimate (may be off, and up to 30 s old); none: neither (cheapest)',
    ),
};

export const totalEstimateSchema = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe(
    'with count=estimate: the rows in scope, exact where the count read model holds them, ' +
      'else the planner’s estimate (may be off, and up to 30 s old)',
  );

/** How long a planner's estimate is answered again without asking the planner. */
export const ESTIMATE_REUSED_FOR_MS = 30_000;
/** At most this many estimates are kept; the oldest goes first. */
const MAX_ESTIMATES = 1_000;

/**
 * The estimates given, by the query's SQL text and values: the same text and values are the same
 * scope and filters, so an estimate is only ever reused for exactly the question it answered.
 * In memory only, never logged (a search's text is among the values).
 */
const estimates = new Map<string, { rows: number; until: number }>();

/**
 * A query to estimate: built with Kysely, or already compiled (a prepared shape, issue 11: the
 * legal-case list built its whole page again on every request only to EXPLAIN its scope), with
 * the database to EXPLAIN it on. The same SQL and values are the same estimate either way.
 */
export type EstimatedQuery =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table's query
  | SelectQueryBuilder<any, any, any>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database
  | { readonly db: Pick<Kysely<any>, 'executeQuery'>; readonly compiled: CompiledQuery };

/**
 * The planner's estimate of how many rows `query` (scoped and filtered, without limit or offset)
 * returns: one EXPLAIN, which reads statistics, never the rows, so its cost does not grow with
 * the data. It is as good as the table's statistics (autovacuum's `analyze`).
 *
 * Planning the EXPLAIN cost as much database CPU as the page itself on every request of a list
 * outside what the `list_count` read model holds (issue 11), for a figure that moves only as the
 * statistics do: the same question is answered again for `ESTIMATE_REUSED_FOR_MS` from memory.
 */
export async function estimateRows(
  query: EstimatedQuery,
  now: number = Date.now(),
): Promise<number> {
  const compiled = 'compiled' in query ? query.compiled : query.compile();
  const key = `${compiled.sql}\u0000${JSON.stringify(
    compiled.parameters,
    (_name, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
  )}`;
  const known = estimates.get(key);
  if (known && known.until > now) return known.rows;
  const [row] =
    'compiled' in query
      ? (
          await query.db.executeQuery<Record<string, unknown>>(
            CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
          )
        ).rows
      : await query.explain('json');
  const raw: unknown = row?.['QUERY PLAN'];
  const parsed = z
    .array(z.object({ Plan: z.object({ 'Plan Rows': z.number() }) }))
    .parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  const rows = Math.max(0, Math.round(parsed[0]?.Plan['Plan Rows'] ?? 0));
  estimates.delete(key);
  if (estimates.size >= MAX_ESTIMATES) {
    const oldest = estimates.keys().next();
    if (!oldest.done) estimates.delete(oldest.value);
  }
  estimates.set(key, { rows, until: now + ESTIMATE_REUSED_FOR_MS });
  return rows;
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

/**
 * A list's `count=estimate` where the count read model does not hold its rows: the planner's
 * estimate of `query` ({@link estimateRows}) bounded by the page just read ({@link boundEstimate}).
 */
export async function estimatePastPage(
  query: EstimatedQuery,
  paging: { limit: number; offset: number; after?: string | undefined },
  returned: number,
): Promise<number> {
  return boundEstimate(await estimateRows(query), {
    returned,
    limit: paging.limit,
    offset: paging.offset,
    after: paging.after,
  });
}
