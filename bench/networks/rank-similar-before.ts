/**
 * Similar-person search as it was before issue 17's ranking in SQL (commit 3b0e1c2), with the
 * candidate plan of then (candidate-plan-before.ts) and two keys joined, not intersected: hits
 * ranked by how much of the plan found them, the caller's scope checked on each in that order
 * until 200 are visible (200 person rows), each one's tokens read, all 200 scored in TypeScript.
 * Kept only so networks.bench.ts can time the two in the same minutes.
 */
import {
  CANDIDATE_KINDS,
  DEFAULT_CANDIDATE_PLAN_OPTIONS,
  similarityScore,
  type MatchToken,
  type Scope,
} from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../packages/server/src/platform/access/actor.ts';
import type { DatabaseSchema } from '../../packages/server/src/platform/db/schema.ts';
import { visiblePersons } from '../../packages/server/src/features/persons/person.repository.ts';
import { planCandidateSearchBefore as planCandidateSearch } from './candidate-plan-before.ts';

const CANDIDATES = 200;
const POSTINGS_PROBE_CAP = DEFAULT_CANDIDATE_PLAN_OPTIONS.rareLimit + 1;

async function countPostings(db: Kysely<DatabaseSchema>, counted: MatchToken[]) {
  if (counted.length === 0) return new Map<string, number>();
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

/** The caller's own organisation only (the bench searches no sharing organisations). */
export async function rankSimilarBefore(
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  query: MatchToken[],
  limit: number,
): Promise<{ personId: string; pseudonym: string; score: number }[]> {
  if (query.length === 0) return [];
  const postings = await countPostings(
    db,
    query.filter((token) => CANDIDATE_KINDS.includes(token.kind)),
  );
  const key = (token: MatchToken) => `${token.kind}:${token.value}`;
  let plan = planCandidateSearch(query, (token) => postings.get(key(token)) ?? 0);
  if (plan.needsTrigramCounts) {
    const trigrams = await countPostings(
      db,
      query.filter((token) => token.kind === 'trigram'),
    );
    for (const [found, count] of trigrams) postings.set(found, count);
    plan = planCandidateSearch(query, (token) => postings.get(key(token)) ?? 0);
  }
  const finders = [
    ...plan.anyOf.map(
      (token) => sql`select person_id, 0::int as source from identity_index
        where kind = ${token.kind} and token_hash = ${token.value}`,
    ),
    ...plan.bothOf.map(
      ([left, right]) => sql`select one.person_id, 0::int as source
        from identity_index as one
        join identity_index as other on other.person_id = one.person_id
          and other.kind = ${right.kind} and other.token_hash = ${right.value}
        where one.kind = ${left.kind} and one.token_hash = ${left.value}`,
    ),
  ];
  if (finders.length === 0) return [];
  const visible = db
    .selectFrom('person')
    .select(['person.id', 'person.pseudonym'])
    .where(sql<boolean>`person.id = hit.person_id`)
    .where(visiblePersons(actor, scope))
    .offset(0);
  const candidates = await sql<{
    id: string;
    pseudonym: string;
    kinds: string[];
    hashes: string[];
  }>`
    select seen.id, seen.pseudonym, held.kinds, held.hashes
    from (select person_id, source, count(*)::int as found
      from (${sql.join(finders, sql` union all `)}) as found_by
      group by source, person_id
      order by found desc, person_id, source) as hit
    cross join lateral (${visible}) as seen
    cross join lateral (select array_agg(kind) as kinds, array_agg(token_hash) as hashes
      from identity_index where identity_index.person_id = hit.person_id) as held
    order by hit.found desc, hit.person_id, hit.source
    limit ${CANDIDATES}`
    .execute(db)
    .then((result) => result.rows);
  const best = new Map<string, { personId: string; pseudonym: string; score: number }>();
  for (const candidate of candidates) {
    const tokens = candidate.kinds.map((kind, index) => ({
      kind: kind as MatchToken['kind'],
      value: candidate.hashes[index] ?? '',
    }));
    const score = Math.round(similarityScore(query, tokens) * 1000) / 1000;
    const known = best.get(candidate.id);
    if (score > 0 && (!known || score > known.score))
      best.set(candidate.id, { personId: candidate.id, pseudonym: candidate.pseudonym, score });
  }
  return [...best.values()].sort((left, right) => right.score - left.score).slice(0, limit);
}
