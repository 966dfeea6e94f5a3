/**
 * Similar-person search as it was before issue 11's cut of its CPU (commit ffb1005): the SQL score
 * written out whole (its names' part repeated in each branch, planned in the filter, the sort and
 * the output), built and compiled by Kysely every request, and the sharing organisations asked in
 * a round trip of their own by the caller. Kept only so networks.bench.ts can time the two in the
 * same minutes and compare their answers; the candidate plan is core's, unchanged by that cut.
 * Not used by Dawn.
 */
import {
  CANDIDATE_KINDS,
  DEFAULT_CANDIDATE_PLAN_OPTIONS,
  DIFFERENT_YEAR_FACTOR,
  NAME_WEIGHTS,
  SCORED_NAME_KINDS,
  SHARED_PHONE_KEEPS,
  SHARED_YEAR_KEEPS,
  planCandidateSearch,
  similarityScore,
  type MatchToken,
  type Scope,
} from '@dawn/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../../packages/server/src/platform/access/actor.ts';
import type { DatabaseSchema } from '../../packages/server/src/platform/db/schema.ts';
import { personHasVisibleCareCase } from '../../packages/server/src/features/care-cases/care-case.repository.ts';
import { visiblePersons } from '../../packages/server/src/features/persons/person.repository.ts';

const SCORED_KINDS = [...SCORED_NAME_KINDS, 'phone', 'birth_year'] as const;
type ScoredKind = (typeof SCORED_KINDS)[number];

const column = (prefix: 'asked' | 'held' | 'shared', kind: ScoredKind) =>
  sql.raw(`${prefix}_${kind}`);

/**
 * One row of the `asked` table: a source's (an organisation's hashes of the query) tokens of each
 * scored kind, without repeats, as `similarityScore` sees them (one set per kind).
 */
function askedRow(source: number, tokens: readonly MatchToken[]): RawBuilder<unknown> {
  const byKind = SCORED_KINDS.map((kind) => [
    ...new Set(tokens.filter((token) => token.kind === kind).map((token) => token.value)),
  ]);
  return sql`(${source}::int, ${sql.join(byKind.map((values) => sql`${values}::text[]`))})`;
}

/** The columns of `asked` rows, for `(values …) as asked(…)`. */
const askedColumns = sql.raw(['source', ...SCORED_KINDS.map((kind) => `asked_${kind}`)].join(', '));

/**
 * Aggregates over one person's `identity_index` rows (the alias `held_rows`), joined to its
 * source's `asked` row: how many tokens of each kind the person holds and how many of them the
 * query holds too.
 */
const heldCounts = sql.join(
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
function roundedScore(): RawBuilder<number> {
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

const CANDIDATES = 200;
/** Postings are counted only up to here: beyond it a token is common, however common. */
const POSTINGS_PROBE_CAP = DEFAULT_CANDIDATE_PLAN_OPTIONS.rareLimit + 1;

function tokenKey(token: MatchToken): string {
  return `${token.kind}:${token.value}`;
}

/**
 * How many people hold each token, counted on the (kind, token_hash, person_id) index and capped,
 * in one round trip.
 */
async function countPostings(
  db: Kysely<DatabaseSchema>,
  counted: MatchToken[],
): Promise<Map<string, number>> {
  if (counted.length === 0) return new Map();
  const result = await sql<{ kind: string; token_hash: string; postings: string }>`
    select probe.kind, probe.token_hash,
      (select count(*) from (
        select 1 from identity_index
        where identity_index.kind = probe.kind and identity_index.token_hash = probe.token_hash
        limit ${POSTINGS_PROBE_CAP}
      ) as held) as postings
    from (values ${sql.join(
      counted.map((token) => sql`(${token.kind}::text, ${token.value}::text)`),
    )}) as probe(kind, token_hash)`.execute(db);
  return new Map(result.rows.map((row) => [`${row.kind}:${row.token_hash}`, Number(row.postings)]));
}

/** A search's tokens under the key of one organisation whose persons are shared with the caller. */
interface SharedQuery {
  organisationId: string;
  tokens: MatchToken[];
}

/**
 * Where more people were found than are scored (a full name held by hundreds at a state's size),
 * those who also hold the birth year asked go first, so the 200 scored are not simply the lowest
 * ids: one index probe a hit, and only then (issue 17). An ordering term to put before the ids
 * (none when no birth year is asked).
 */
function confirmedFirst(sources: readonly MatchToken[][]) {
  const years = sources.flatMap((tokens, source) =>
    tokens
      .filter((token) => token.kind === 'birth_year')
      .map((token) => sql`(${source}::int, ${token.value})`),
  );
  if (years.length === 0) return sql``;
  return sql`case when hit.hits > ${CANDIDATES} then exists (select 1
      from (values ${sql.join(years)}) as asked_year(source, token_hash)
      join identity_index as held_year on held_year.kind = 'birth_year'
        and held_year.token_hash = asked_year.token_hash
      where asked_year.source = hit.source and held_year.person_id = hit.person_id)
    else false end desc, `;
}

export async function rankSimilarBefore(
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  query: MatchToken[],
  limit: number,
  shared: readonly SharedQuery[] = [],
): Promise<{ personId: string; pseudonym: string; score: number }[]> {
  if (query.length === 0) return [];
  // Source 0 is the caller's own organisation; source n the nth sharing organisation.
  const sources = [query, ...shared.map((other) => other.tokens)];
  const all = sources.flat();
  // Phones, words and phonetic keys first; trigrams only when a plan asks (birth years never).
  const postings = await countPostings(
    db,
    all.filter((token) => CANDIDATE_KINDS.includes(token.kind)),
  );
  const planAll = () =>
    sources.map((tokens) =>
      planCandidateSearch(tokens, (token) => postings.get(tokenKey(token)) ?? 0),
    );
  let plans = planAll();
  if (plans.some((plan) => plan.needsTrigramCounts)) {
    const trigrams = await countPostings(
      db,
      all.filter((token) => token.kind === 'trigram'),
    );
    for (const [key, count] of trigrams) postings.set(key, count);
    plans = planAll();
  }
  const finders = plans.flatMap((plan, source) => [
    ...plan.anyOf.map(
      (token) => sql`select person_id, ${source}::int as source from identity_index
        where kind = ${token.kind} and token_hash = ${token.value}`,
    ),
    // Both lists are read whole and intersected: a join here became nested loops of thousands
    // of index probes where the planner took a common hash for a rare one (docs/networks.md).
    ...plan.bothOf.map(
      ([left, right]) => sql`select person_id, ${source}::int as source
        from (select person_id from identity_index
            where kind = ${left.kind} and token_hash = ${left.value}
          intersect
          select person_id from identity_index
            where kind = ${right.kind} and token_hash = ${right.value}) as both_held`,
    ),
  ]);
  if (finders.length === 0) return [];
  // The hits are ranked by how much of the plan found them before a person row is read, the
  // first 200 are scored here on their index rows (read index-only, `similarity-sql.ts`), and
  // person rows are read best first only until `limit` are visible: a few dozen person rows
  // however many people hold a common name. Where most hits may be out of the caller's scope (a
  // team's scope, or another organisation's persons) the scope is checked before the 200 are
  // kept, as before; the organisation's own persons under an organisation-wide scope are checked
  // only when read.
  const sharingOrganisations = shared.map((other) => other.organisationId);
  const visible = db
    .selectFrom('person')
    .select(['person.id', 'person.pseudonym'])
    .where(sql<boolean>`person.id = hit.person_id`)
    .where((eb) =>
      eb.or([
        eb.and([sql<boolean>`hit.source = 0`, visiblePersons(actor, scope)(eb)]),
        ...(sharingOrganisations.length === 0
          ? []
          : [
              eb.and([
                sql<boolean>`person.organisation_id = (${sharingOrganisations}::uuid[])[hit.source]`,
                personHasVisibleCareCase(actor, 'shared')(eb),
              ]),
            ]),
      ]),
    )
    .offset(0);
  const organisationWide = scope === 'organisation' || scope === 'all';
  // A person can be a hit under two sources (a chance collision of another key): enough rows
  // that `limit` distinct persons remain.
  const returned = Math.min(CANDIDATES, limit * sources.length);
  const candidates = await sql<{
    id: string;
    pseudonym: string;
    source: number;
    kinds: string[];
    hashes: string[];
  }>`select seen.id, seen.pseudonym, hit.source, hit.kinds, hit.hashes
    from (select hit.person_id, hit.source, hit.found, held.kinds, held.hashes,
        ${roundedScore()} as score
      from (select person_id, source, found
        from (select person_id, source, count(*)::int as found, count(*) over () as hits
          from (${sql.join(finders, sql` union all `)}) as found_by
          group by source, person_id) as hit
        where ${organisationWide ? sql`hit.source = 0 or ` : sql``}exists (${visible})
        order by found desc, ${confirmedFirst(sources)}person_id, source
        limit ${CANDIDATES}) as hit
      join (values ${sql.join(sources.map((tokens, source) => askedRow(source, tokens)))})
        as asked(${askedColumns}) on asked.source = hit.source
      cross join lateral (select array_agg(held_rows.kind) as kinds,
          array_agg(held_rows.token_hash) as hashes, ${heldCounts}
        from identity_index as held_rows
        where held_rows.person_id = hit.person_id) as held
      order by score desc, hit.found desc, hit.person_id, hit.source) as hit
    -- No order by here: the planner, thinking the scored hits few, sorted again after reading
    -- every one's person row. A nested loop keeps its outer side's order, so the limit stops
    -- at the first visible ones (and the scores are sorted again below).
    cross join lateral (${visible}) as seen
    where hit.score > 0
    limit ${returned}`
    .execute(db)
    .then((result) => result.rows);
  const best = new Map<string, { personId: string; pseudonym: string; score: number }>();
  for (const candidate of candidates) {
    const tokens = candidate.kinds.map((kind, index) => ({
      kind: kind as MatchToken['kind'],
      value: candidate.hashes[index] ?? '',
    }));
    const score =
      Math.round(similarityScore(sources[candidate.source] ?? [], tokens) * 1000) / 1000;
    const known = best.get(candidate.id);
    if (score > 0 && (!known || score > known.score))
      best.set(candidate.id, { personId: candidate.id, pseudonym: candidate.pseudonym, score });
  }
  return [...best.values()].sort((left, right) => right.score - left.score).slice(0, limit);
}
