import { sql, type RawBuilder } from 'kysely';

/**
 * A list page's LIMIT and OFFSET written into its named statement's text, where they are the
 * common ones (issue 11).
 *
 * PostgreSQL plans a named statement's first five executions with their values (custom plans),
 * then keeps its generic plan only if that plan's estimated cost is no higher than theirs. With
 * `limit $n` the generic plan cannot know how many rows are wanted and assumes a tenth of the
 * table, so it always looked dearer than a custom plan for 26 rows: the lists' named statements
 * were planned again on every execution, which was most of their database time (the legal-case
 * page 0.75–0.85 ms of backend CPU planned each time, 0.22–0.26 ms on its generic plan). With
 * the page's size and a zero offset as literals, the generic plan is estimated for the page it
 * reads and is kept.
 *
 * Only a few sizes are literal (the web's page of 25, the one-row count request, round sizes), so a
 * client asking every size from 1 to 100 cannot fill the process's budget of named statements;
 * any other size or offset stays a parameter, planned with its value as before.
 */
const LITERAL_LIMITS = new Set([1, 2, 10, 11, 20, 21, 25, 26, 50, 51, 100, 101]);

/** The part of a shape's key that says which of limit and offset are literals, and which. */
export function pageBoundsKey(limit: number, offset: number): string {
  return `${LITERAL_LIMITS.has(limit) ? String(limit) : '$'}/${offset === 0 ? '0' : '$'}`;
}

/**
 * The limit and offset to build the page with: the literals the key names, or the values given
 * (parameters, or a prepared shape's stand-ins). Without a key, both are the values.
 */
export function pageBounds(
  key: string | undefined,
  limit: number,
  offset: number,
): { limit: number | RawBuilder<number>; offset: number | RawBuilder<number> } {
  if (key === undefined) return { limit, offset };
  const [rows, skip] = key.split('/');
  return {
    limit: rows === '$' || rows === undefined ? limit : sql.lit(Number(rows)),
    offset: skip === '0' ? sql.lit(0) : offset,
  };
}
