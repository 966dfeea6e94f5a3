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
 * agree to the bit; `similar-search.ranking.test.ts` holds them to it. The search returns this
 * score as it is (the candidates' tokens no longer travel to be scored again in Dawn's process).
 */

/** The kinds the score reads, in the order of the `asked` columns. */
export const SCORED_KINDS = [...SCORED_NAME_KINDS, 'phone', 'birth_year'] as const;
export type ScoredKind = (typeof SCORED_KINDS)[number];

/** A kind's name in SQL text: the kinds are core's constants, written out as literals. */
function kindLiteral(kind: ScoredKind): string {
  if (!/^[a-z_]+$/.test(kind)) throw new Error(`unexpected token kind ${kind}`);
  return `'${kind}'`;
}

/**
 * A source's (an organisation's hashes of the query) tokens of each scored kind, in the order of
 * `SCORED_KINDS`, without repeats, as `similarityScore` sees them (one set per kind).
 */
export function askedArrays(tokens: readonly MatchToken[]): string[][] {
  return SCORED_KINDS.map((kind) => [
    ...new Set(tokens.filter((token) => token.kind === kind).map((token) => token.value)),
  ]);
}

/**
 * One row of the `asked` table: a source's arrays of each scored kind (`askedArrays`, or
 * stand-ins for them in a prepared statement).
 */
export function askedRow(source: number, byKind: readonly unknown[]): RawBuilder<unknown> {
  return sql`(${source}::int, ${sql.join(byKind.map((values) => sql`${values}::text[]`))})`;
}

/** The columns of `asked` rows, for `(values …) as asked(…)`. */
export const askedColumns = sql.raw(
  ['source', ...SCORED_KINDS.map((kind) => `asked_${kind}`)].join(', '),
);

/**
 * Aggregates over one person's `identity_index` rows (the alias `held_rows`), joined to its
 * source's `asked` row: how many tokens of each kind the person holds and how many of them the
 * query holds too. Constant text, built once (no values: the kinds are literals).
 */
export const heldCounts = sql.raw(
  SCORED_KINDS.flatMap((kind) => [
    `count(*) filter (where held_rows.kind = ${kindLiteral(kind)})::int as held_${kind}`,
    `count(*) filter (where held_rows.kind = ${kindLiteral(kind)}
      and held_rows.token_hash = any(asked.asked_${kind}))::int as shared_${kind}`,
  ]).join(',\n      '),
);

/** A float8 literal: JavaScript's shortest decimal of the double, which float8in reads back exactly. */
const float = (value: number) => {
  if (!Number.isFinite(value)) throw new Error(`not a finite weight: ${value}`);
  return `${String(value)}::float8`;
};

/** Containment blended with Dice, as `similarity.ts` computes it, for one kind. */
function overlap(kind: ScoredKind): string {
  const asked = `cardinality(asked.asked_${kind})`;
  const held = `held.held_${kind}`;
  const shared = `held.shared_${kind}`;
  return `case when ${asked} > 0 and ${held} > 0
    then (${shared}::float8 / ${asked}::float8
      + (2 * ${shared})::float8 / (${asked} + ${held})::float8) / ${float(2)}
    else ${float(0)} end`;
}

/**
 * Lateral joins, after `asked` and `held` (a row of `heldCounts`), that give `scored.score`: the
 * score rounded to thousandths as the search returns it, as an integer (0–1000), the number
 * candidates are ranked by. One layer a step of `similarityScore` (names, then a shared phone,
 * then the birth year), each behind `offset 0` so that the planner keeps it a column: inlined,
 * the formula repeats the names' part six times and was planned and evaluated three times over
 * (filter, sort, output), half of the search statement's database CPU (issue 11). Constant text,
 * built once.
 */
export const scoreLaterals = sql.raw(
  (() => {
    const [first, ...rest] = SCORED_NAME_KINDS.map(
      (kind) => `${float(NAME_WEIGHTS[kind])} * (${overlap(kind)})`,
    );
    const name = rest.reduce((sum, part) => `(${sum}) + ${part}`, first ?? float(0));
    const phone = `case when held.shared_phone > 0
      then ${float(1)} - (${float(1)} - name_part.score) * ${float(SHARED_PHONE_KEEPS)}
      else name_part.score end`;
    const year = `case when cardinality(asked.asked_birth_year) > 0 and held.held_birth_year > 0
      then case when held.shared_birth_year > 0
        then ${float(1)} - (${float(1)} - phone_part.score) * ${float(SHARED_YEAR_KEEPS)}
        else phone_part.score * ${float(DIFFERENT_YEAR_FACTOR)} end
      else phone_part.score end`;
    const rounded = `floor(least(${float(1)}, greatest(${float(0)}, ${year})) * ${float(1000)} + ${float(0.5)})::int`;
    return `cross join lateral (select ${name} as score offset 0) as name_part
      cross join lateral (select ${phone} as score offset 0) as phone_part
      cross join lateral (select ${rounded} as score offset 0) as scored`;
  })(),
);

/** The kinds a hit's share of is bounded by what found it (`scoreBound`). */
export type BoundedKind = (typeof SCORED_NAME_KINDS)[number] | 'phone';

/**
 * Lateral joins, after `asked` and a hit with `most_<kind>` (at most how many of each kind's asked
 * tokens it can hold: `similar-candidates.ts`), that give `bound.score`: a number no less than the
 * hit's `scored.score`, so a hit whose bound is below a score already found need not be scored.
 * It is the score's own formula, step by step, with each kind's overlap at its largest (as many
 * shared as the hit can hold, and nothing else held of that kind), a shared phone wherever one can
 * be, and the kindest birth year. Each step is monotone in the one before, in float8 as in real
 * numbers, so the bound cannot fall below the score however the float8 operations round.
 */
export const scoreBound = sql.raw(
  (() => {
    const overlapAtMost = (kind: ScoredKind) => {
      const asked = `cardinality(asked.asked_${kind})`;
      const most = `hit.most_${kind}`;
      return `case when ${asked} > 0 and ${most} > 0
    then (${most}::float8 / ${asked}::float8
      + (2 * ${most})::float8 / (${asked} + ${most})::float8) / ${float(2)}
    else ${float(0)} end`;
    };
    const [first, ...rest] = SCORED_NAME_KINDS.map(
      (kind) => `${float(NAME_WEIGHTS[kind])} * (${overlapAtMost(kind)})`,
    );
    const name = rest.reduce((sum, part) => `(${sum}) + ${part}`, first ?? float(0));
    const phone = `case when hit.most_phone > 0 and cardinality(asked.asked_phone) > 0
      then greatest(name_bound.score,
        ${float(1)} - (${float(1)} - name_bound.score) * ${float(SHARED_PHONE_KEEPS)})
      else name_bound.score end`;
    const year = `case when cardinality(asked.asked_birth_year) > 0
      then greatest(phone_bound.score,
        ${float(1)} - (${float(1)} - phone_bound.score) * ${float(SHARED_YEAR_KEEPS)},
        phone_bound.score * ${float(DIFFERENT_YEAR_FACTOR)})
      else phone_bound.score end`;
    const rounded = `floor(least(${float(1)}, greatest(${float(0)}, ${year})) * ${float(1000)} + ${float(0.5)})::int`;
    return `cross join lateral (select ${name} as score offset 0) as name_bound
      cross join lateral (select ${phone} as score offset 0) as phone_bound
      cross join lateral (select ${rounded} as score offset 0) as bound`;
  })(),
);
