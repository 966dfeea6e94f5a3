import { similarityScore, type MatchToken } from '@dawn/core';
import { sql } from 'kysely';
import { queryIndexHashes } from '../src/features/persons/person-matching.ts';
import { similarQuerySchema } from '../src/features/persons/person.schemas.ts';
import type { TestApp } from './test-app.ts';

/**
 * The similar-person search's stories share two things: a crowd of invented persons holding
 * copies of one recorded person's index tokens (no identity of their own: the search reads only
 * tokens), and what the core's `similarityScore` says of each person, to compare the search with.
 */

/**
 * Makes `count` persons in `organisationId`, pseudonyms `<prefix>-<n>`, with ids in the block
 * `00000000-0000-4000-<block>-…` (so they sort before any random id), each holding copies of
 * `from`'s index tokens (only those of `kinds`, when given). Returns their ids.
 */
export async function aCrowdHoldingTokensOf(
  subject: TestApp,
  options: {
    organisationId: string;
    from: string;
    count: number;
    prefix: string;
    block: string;
    kinds?: readonly MatchToken['kind'][];
  },
): Promise<string[]> {
  const { organisationId, from, count, prefix, block, kinds } = options;
  const crowd = Array.from(
    { length: count },
    (_, index) => `00000000-0000-4000-${block}-${index.toString(16).padStart(12, '0')}`,
  );
  const db = subject.database.db;
  await db
    .insertInto('person')
    .values(
      crowd.map((id, index) => ({
        id,
        pseudonym: `${prefix}-${index}`,
        organisation_id: organisationId,
        sex: 'female' as const,
        age_band: '25-34',
        languages: [],
      })),
    )
    .execute();
  await sql`insert into identity_index (person_id, kind, token_hash)
    select crowd.id, held.kind, held.token_hash
    from unnest(${crowd}::uuid[]) as crowd(id)
    cross join identity_index as held
    where held.person_id = ${from}
      and (${kinds === undefined} or held.kind = any(${[...(kinds ?? [])]}::text[]))`.execute(db);
  return crowd;
}

/**
 * What `similarityScore` says of each of `ids` for the search `body` asks (rounded as the API
 * rounds), best first.
 */
export async function similarityScoresOf(
  subject: TestApp,
  organisationId: string,
  ids: readonly string[],
  body: Record<string, unknown>,
): Promise<{ personId: string; score: number }[]> {
  const query = queryIndexHashes(
    subject.deps.vault,
    organisationId,
    similarQuerySchema.parse(body),
  );
  const rows = await subject.database.db
    .selectFrom('identity_index')
    .select(['person_id', 'kind', 'token_hash'])
    .where('person_id', 'in', [...ids])
    .execute();
  return ids
    .map((personId) => {
      const tokens: MatchToken[] = rows
        .filter((row) => row.person_id === personId)
        .map((row) => ({ kind: row.kind as MatchToken['kind'], value: row.token_hash }));
      return { personId, score: Math.round(similarityScore(query, tokens) * 1000) / 1000 };
    })
    .sort((left, right) => right.score - left.score);
}
