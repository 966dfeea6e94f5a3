import {
  DIFFERENT_YEAR_FACTOR,
  NAME_WEIGHTS,
  SCORED_NAME_KINDS,
  SHARED_PHONE_KEEPS,
  SHARED_YEAR_KEEPS,
  type MatchToken,
} from '@dawn/core';
import { sql, type RawBuilder } from 'kysely';

/**
 * `similarityScore` (packages/core/src/identity/similarity.ts) written in SQL, so a search can rank
 * its candidates on their index rows alone and read person rows only for the best few
 * (person-matching.ts). The same float8 operations in the same order as the TypeScript, so the two
 * agree to the bit; `similar-search.ranking.test.ts` holds them to it. The server still scores the
 * returned candidates with `similarityScore`: this copy only chooses which ones are returned.
 */

const SCORED_KINDS = [...SCORED_NAME_KINDS, 'phone', 'birth_year'] as const;
type ScoredKind = (typeof SCORED_KINDS)[number];

const column = (prefix: 'asked' | 'held' | 'shared', kind: ScoredKind) =>
  sql.raw(`${prefix}_${kind}`);

/**
 * One row of the `asked` table: a source's (an organisation's hashes of the query) tokens of each
 * scored kind, without repeats, as `similarityScore` sees them (one set per kind).
 */
export function askedRow(source: number, tokens: readonly MatchToken[]): RawBuilder<unknown> {
  const byKind = SCORED_KINDS.map((kind) => [
    ...new Set(tokens.filter((token) => token.kind === kind).map((token) => token.value)),
  ]);
  return sql`(${source}::int, ${sql.join(byKind.map((values) => sql`${values}::text[]`))})`;
}

/** The columns of `asked` rows, for `(values …) as asked(…)`. */
export const askedColumns = sql.raw(
  ['source', ...SCORED_KINDS.map((kind) => `asked_${kind}`)].join(', '),
);

/**
 * Aggregates over one person's `identity_index` rows (the alias `held_rows`), joined to its
 * source's `asked` row: how many tokens of each kind the person holds and how many of them the
 * query holds too.
 */
export const heldCounts = sql.join(
  SCORED_KINDS.flatMap((kind) => [
    sql`count(*) filter (where held_rows.kind = ${kind})::int as ${column('held', kind)}`,
    sql`count(*) filter (where held_rows.kind = ${kind}
      and held_rows.token_hash = any(asked.${column('asked', kind)}))::int as ${column('shared', kind)}`,
  ]),
);

const float = (value: number) => sql`${sql.lit(value)}::float8`;

/** Containment blended with Dice, as `similarity.ts` computes it, for one kind. */
function overlap(kind: ScoredKind) {
  const asked = sql`cardinality(asked.${column('asked', kind)})`;
  const held = sql`held.${column('held', kind)}`;
  const shared = sql`held.${column('shared', kind)}`;
  return sql`case when ${asked} > 0 and ${held} > 0
    then (${shared}::float8 / ${asked}::float8
      + (2 * ${shared})::float8 / (${asked} + ${held})::float8) / ${float(2)}
    else ${float(0)} end`;
}

/**
 * The score of `held` (a row of `heldCounts` beside its `asked` row) rounded to thousandths as the
 * search returns it, as an integer (0–1000): the number candidates are ranked by.
 */
export function roundedScore(): RawBuilder<number> {
  const [first, ...rest] = SCORED_NAME_KINDS.map(
    (kind) => sql`${float(NAME_WEIGHTS[kind])} * (${overlap(kind)})`,
  );
  const name = rest.reduce((sum, part) => sql`(${sum}) + ${part}`, first ?? float(0));
  const phone = sql`case when held.shared_phone > 0
    then ${float(1)} - (${float(1)} - (${name})) * ${float(SHARED_PHONE_KEEPS)}
    else (${name}) end`;
  const year = sql`case when cardinality(asked.asked_birth_year) > 0 and held.held_birth_year > 0
    then case when held.shared_birth_year > 0
      then ${float(1)} - (${float(1)} - (${phone})) * ${float(SHARED_YEAR_KEEPS)}
      else (${phone}) * ${float(DIFFERENT_YEAR_FACTOR)} end
    else (${phone}) end`;
  return sql<number>`floor(least(${float(1)}, greatest(${float(0)}, ${year})) * ${float(1000)} + ${float(0.5)})::int`;
}
