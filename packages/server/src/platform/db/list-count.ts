import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/**
 * Exact list totals from the `list_count` read model (migration 0031c): the sum of the signed
 * deltas that triggers write beside every insert, delete and move of a row, so in one statement's
 * snapshot it equals `count(*)` over the same rows, at a cost that does not grow with them.
 *
 * It answers only what it holds: one organisation's rows, of every bucket or of one. A scope or
 * filter it cannot answer (team, shelter, shared, search text, person filters…) keeps its
 * counting query.
 */
type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/** The lists counted, by table; the bucket is care_case.phase, legal_case.stage, none for persons. */
export type CountedList = 'person' | 'care_case' | 'legal_case';

export interface CountedRows {
  organisationId: string;
  /** Only the rows of this phase (care cases) or stage (legal cases). */
  bucket?: string;
}

/** A reader that finds more delta rows than this for its key folds them into one per bucket. */
export const FOLD_AFTER = 32;

// Fixed statements, one per shape: no query building on the hot path.
const SUM = 'select coalesce(sum(n), 0)::text as total, count(*)::int as parts from list_count';
const SUM_OF_ORGANISATION = `${SUM} where list = $1 and organisation_id = $2`;
const SUM_OF_BUCKET = `${SUM_OF_ORGANISATION} and bucket = $3`;

/**
 * Deletes the delta rows of an organisation's list that no other fold holds and inserts their
 * sums, one row per bucket, in one statement: a reader sees the rows before or the
 * sums after, never both or neither. Rows a writer has not committed are not seen, so not
 * touched; two folds at once take disjoint rows (`skip locked`) and neither waits.
 */
const FOLD = `
  with taken as (
    select id from list_count
     where list = $1 and organisation_id = $2
       for update skip locked
  ), gone as (
    delete from list_count using taken where list_count.id = taken.id
    returning list_count.organisation_id, list_count.bucket, list_count.n
  )
  insert into list_count (list, organisation_id, bucket, n)
  select $1, organisation_id, bucket, sum(n) from gone
   group by organisation_id, bucket having sum(n) <> 0`;

/** The exact number of rows of `list` in `rows`; folds the key's deltas when they have piled up. */
export async function countFromReadModel(
  db: Executor,
  list: CountedList,
  rows: CountedRows,
): Promise<number> {
  const statement =
    rows.bucket === undefined
      ? CompiledQuery.raw(SUM_OF_ORGANISATION, [list, rows.organisationId])
      : CompiledQuery.raw(SUM_OF_BUCKET, [list, rows.organisationId, rows.bucket]);
  const {
    rows: [row],
  } = await db.executeQuery<{ total: string; parts: number }>(statement);
  if (row && row.parts > FOLD_AFTER)
    await db.executeQuery(CompiledQuery.raw(FOLD, [list, rows.organisationId]));
  return Number(row?.total ?? 0);
}

/**
 * The same total as a column of a list's page (issue 11): two uncorrelated scalar subqueries,
 * which PostgreSQL runs once a statement (an InitPlan), so a page with its total is one statement,
 * one round trip and one plan instead of two, read in the page's own snapshot. `organisationId`
 * and `bucket` are the page's parameters (its stand-ins in a prepared shape).
 */
export function totalColumns(list: CountedList, rows: CountedRows) {
  // Qualified: the page's own tables have an organisation_id too.
  const key = sql`list_count.list = ${sql.lit(list)} and list_count.organisation_id = ${rows.organisationId}${
    rows.bucket === undefined ? sql`` : sql` and list_count.bucket = ${rows.bucket}`
  }`;
  return [
    sql<string>`(select coalesce(sum(n), 0)::text from list_count where ${key})`.as('list_total'),
    sql<number>`(select count(*)::int from list_count where ${key})`.as('list_parts'),
  ] as const;
}

/**
 * The exact total from a page read with `totalColumns`; folds the key's deltas when they have
 * piled up. A page with no row carries no total: it is then read on its own.
 */
export async function totalOfPage(
  db: Executor,
  list: CountedList,
  rows: CountedRows,
  page: readonly object[],
): Promise<number> {
  const first = page[0] as { list_total?: unknown; list_parts?: unknown } | undefined;
  if (typeof first?.list_total !== 'string' || typeof first.list_parts !== 'number')
    return countFromReadModel(db, list, rows);
  if (first.list_parts > FOLD_AFTER)
    await db.executeQuery(CompiledQuery.raw(FOLD, [list, rows.organisationId]));
  return Number(first.list_total);
}
