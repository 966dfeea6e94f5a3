import { randomInt } from 'node:crypto';
import {
  generatePseudonym,
  identityMatchTokens,
  similarityScore,
  type MatchToken,
} from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { Scope } from '@dawn/core';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { visiblePersons } from './person.repository.ts';
import type { Identity, SimilarQuery } from './person.schemas.ts';

/**
 * Matching without plaintext: core turns identity fields into normalised tokens, the vault hashes
 * each under its blind-index key, and only the hashes reach the database. Scoring runs on the
 * hashes, so it never needs a name back.
 */
/** A random pseudonym whose name fits the person's recorded sex. */
export function newPseudonym(sex: string): string {
  return generatePseudonym((maxExclusive) => randomInt(maxExclusive), sex);
}

function hashTokens(vault: Vault, tokens: MatchToken[]): MatchToken[] {
  const seen = new Set<string>();
  const hashed: MatchToken[] = [];
  for (const token of tokens) {
    const value = vault.blindIndex(token.kind, token.value);
    const key = `${token.kind}:${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hashed.push({ kind: token.kind, value });
  }
  return hashed;
}

export function identityIndexRows(vault: Vault, personId: string, identity: Identity) {
  const tokens = identityMatchTokens({
    names: [identity.legalName, ...identity.aliases],
    phones: identity.phones,
    ...(identity.birthDate ? { birthDate: identity.birthDate } : {}),
  });
  return hashTokens(vault, tokens).map((token) => ({
    person_id: personId,
    kind: token.kind,
    token_hash: token.value,
  }));
}

export function queryIndexHashes(vault: Vault, query: SimilarQuery): MatchToken[] {
  return hashTokens(
    vault,
    identityMatchTokens({
      names: [...(query.legalName ? [query.legalName] : []), ...query.aliases],
      phones: query.phones,
      ...(query.birthYear !== undefined ? { birthYear: query.birthYear } : {}),
    }),
  );
}

const CANDIDATES = 200;

/** Candidates sharing any hashed token, scored on their whole token sets, best first. */
export async function rankSimilar(
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  query: MatchToken[],
  limit: number,
): Promise<{ personId: string; pseudonym: string; score: number }[]> {
  if (query.length === 0) return [];
  const candidates = await db
    .selectFrom('identity_index')
    .innerJoin('person', 'person.id', 'identity_index.person_id')
    .select(['person.id', 'person.pseudonym', sql<number>`count(*)`.as('shared')])
    .where(
      'identity_index.token_hash',
      'in',
      query.map((token) => token.value),
    )
    .where(visiblePersons(actor, scope))
    .groupBy(['person.id', 'person.pseudonym'])
    .orderBy('shared', 'desc')
    .limit(CANDIDATES)
    .execute();
  if (candidates.length === 0) return [];
  const rows = await db
    .selectFrom('identity_index')
    .select(['person_id', 'kind', 'token_hash'])
    .where(
      'person_id',
      'in',
      candidates.map((candidate) => candidate.id),
    )
    .execute();
  const tokensByPerson = new Map<string, MatchToken[]>();
  for (const row of rows) {
    const list = tokensByPerson.get(row.person_id) ?? [];
    list.push({ kind: row.kind as MatchToken['kind'], value: row.token_hash });
    tokensByPerson.set(row.person_id, list);
  }
  return candidates
    .map((candidate) => ({
      personId: candidate.id,
      pseudonym: candidate.pseudonym,
      score:
        Math.round(similarityScore(query, tokensByPerson.get(candidate.id) ?? []) * 1000) / 1000,
    }))
    .filter((match) => match.score > 0)
    .sort((left, right) => right.score - left.score)
    .slice(0, limit);
}
