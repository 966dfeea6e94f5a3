import { randomInt } from 'node:crypto';
import {
  CANDIDATE_KINDS,
  dataSharingPurpose,
  generatePseudonym,
  identityMatchTokens,
  likelyDuplicateScore,
  planCandidateSearch,
  similarityScore,
  type MatchToken,
} from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { Scope } from '@dawn/core';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Vault } from '../../platform/vault/vault.ts';
import { executeNamed, preparedSelect } from '../../platform/db/prepared-select.ts';
import { askedArrays, SCORED_KINDS, type BoundedKind } from './similarity-sql.ts';
import {
  CANDIDATES,
  candidateStatement,
  organisationWideCandidates,
  probePostings,
  sharingOrganisations,
  type AskedValues,
  type CandidateValues,
} from './similar-candidates.ts';
import {
  othersBoundTable,
  plannedCandidates,
  plannedValues,
  type PlannedRow,
} from './planned-candidates.ts';
import { identitySchema, type Identity, type SimilarQuery } from './person.schemas.ts';

/**
 * Matching without plaintext: core turns identity fields into normalised tokens, the vault hashes
 * each under its blind-index key, and only the hashes reach the database. Scoring runs on the
 * hashes, so it never needs a name back.
 */
/** A random pseudonym whose name fits the person's recorded sex. */
export function newPseudonym(sex: string): string {
  return generatePseudonym((maxExclusive) => randomInt(maxExclusive), sex);
}

function hashTokens(vault: Vault, organisationId: string, tokens: MatchToken[]): MatchToken[] {
  const seen = new Set<string>();
  const hashed: MatchToken[] = [];
  for (const token of tokens) {
    const value = vault.blindIndex(organisationId, token.kind, token.value);
    const key = `${token.kind}:${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // The words a token came from guide the candidate plan; they are never stored.
    const hashedToken: MatchToken = { kind: token.kind, value };
    if (token.word !== undefined) hashedToken.word = token.word;
    if (token.pair !== undefined) hashedToken.pair = token.pair;
    if (token.edge !== undefined) hashedToken.edge = token.edge;
    hashed.push(hashedToken);
  }
  return hashed;
}

/** The rows of `identity_index` for one identity, under the key of the person's organisation. */
export function identityIndexRows(
  vault: Vault,
  person: { id: string; organisationId: string },
  identity: Identity,
) {
  const tokens = identityMatchTokens({
    names: [identity.legalName, ...identity.aliases],
    phones: identity.phones,
    ...(identity.birthDate ? { birthDate: identity.birthDate } : {}),
  });
  return hashTokens(vault, person.organisationId, tokens).map((token) => ({
    person_id: person.id,
    kind: token.kind,
    token_hash: token.value,
  }));
}

/**
 * A search's tokens under the caller's organisation's key: it compares with that organisation's
 * persons only (another organisation's hashes are under another key and never equal by design).
 */
export function queryIndexHashes(
  vault: Vault,
  organisationId: string,
  query: SimilarQuery,
): MatchToken[] {
  return hashTokens(
    vault,
    organisationId,
    identityMatchTokens({
      names: [...(query.legalName ? [query.legalName] : []), ...query.aliases],
      phones: query.phones,
      ...(query.birthYear !== undefined ? { birthYear: query.birthYear } : {}),
    }),
  );
}

function tokenKey(token: MatchToken): string {
  return `${token.kind}:${token.value}`;
}

/** The values of the postings count: the tokens as arrays, and the caller's organisation. */
interface CountValues {
  kinds: string[];
  hashes: string[];
  organisationId: string;
  /** `dataSharingPurpose(organisationId)`: the consent a shared case needs. */
  sharingPurpose: string;
}

/**
 * How many people hold each token, counted on the (kind, token_hash, person_id) index and capped,
 * in one round trip; in the shape `sharing`, the organisations sharing persons with the caller are
 * listed in the same round trip (rows of kind `organisation`), so a search that finds none pays
 * nothing for asking. Two texts whatever the query: built once each (Kysely is not run per
 * search) and named statements on PostgreSQL.
 */
const postingsCount = preparedSelect(
  (db, values: CountValues, shape) =>
    sql<{ kind: string; token_hash: string; postings: string }>`
    select probe.kind, probe.token_hash, ${probePostings} as postings
    from unnest(${values.kinds}::text[], ${values.hashes}::text[]) as probe(kind, token_hash)${
      shape === 'sharing'
        ? sql`
    union all
    select 'organisation', sharing.organisation_id::text, 0
    from (${sharingOrganisations(db, values.organisationId, values.sharingPurpose)}) as sharing`
        : sql``
    }`,
  { named: true },
);

async function countPostings(
  db: Kysely<DatabaseSchema>,
  counted: MatchToken[],
  sharing?: Actor,
): Promise<{ postings: Map<string, number>; organisations: string[] }> {
  if (counted.length === 0) return { postings: new Map(), organisations: [] };
  const organisationId = sharing?.organisationId ?? '';
  const rows = await postingsCount.execute(db, sharing ? 'sharing' : 'plain', {
    kinds: counted.map((token) => token.kind),
    hashes: counted.map((token) => token.value),
    organisationId,
    sharingPurpose: dataSharingPurpose(organisationId),
  });
  return countsOf(rows);
}

/** The postings and the sharing organisations a count (or a planned statement) answered. */
function countsOf(
  rows: readonly { kind: string; token_hash: string; postings: string | number }[],
): { postings: Map<string, number>; organisations: string[] } {
  const postings = new Map<string, number>();
  const organisations: string[] = [];
  for (const row of rows) {
    if (row.kind === 'organisation') organisations.push(row.token_hash);
    else postings.set(`${row.kind}:${row.token_hash}`, Number(row.postings));
  }
  return { postings, organisations: organisations.sort() };
}

/** A search's tokens under the key of one organisation whose persons are shared with the caller. */
export interface SharedQuery {
  organisationId: string;
  tokens: MatchToken[];
}

/**
 * The candidate statement of a team's or a shelter's scope, or of a search that also reads shared
 * persons, built for this search: the scope's text depends on more of the caller than its
 * organisation (a rescue's case staff see its rescued). Of the caller's own persons it is still
 * one of a few texts (by scope, the caller's rescue grant, and a birth year asked or not): a named
 * statement on PostgreSQL, its generic plans asserted in test/hot-queries/search.postgres.test.ts. With
 * shared persons it is sent unnamed.
 */
async function builtCandidates(
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  values: CandidateValues,
  asked: string[][][],
  options: { yearsAsked: boolean; sharing?: string[] },
) {
  const statement = candidateStatement(db, actor, scope, values, asked, options);
  const result =
    options.sharing === undefined ? await executeNamed(db, statement) : await statement.execute(db);
  return result.rows;
}

/**
 * Candidates the plan finds (a rare token, or both tokens of a pair), within the caller's scope,
 * those found by more of the plan first; then scored on their whole token sets, best first.
 * One round trip under an organisation-wide scope when every word held is rare (or one key is
 * common and its pair token is read) and nobody shares persons with the caller (`plannedCandidates`: counted, found, ranked and scoped in one
 * statement); otherwise two (three when a lone common key needs the trigrams counted, or when
 * organisations share persons with the caller): count postings; find, rank and scope the
 * candidates with their tokens.
 *
 * `sharedTokens` hashes the same query under the key of an organisation sharing persons with the
 * caller: those organisations are listed with the first count, and their tokens find only their
 * persons that are shared with the caller now.
 */
export async function rankSimilar(
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  query: MatchToken[],
  limit: number,
  sharedTokens?: (organisationId: string) => MatchToken[],
): Promise<{ personId: string; pseudonym: string; score: number }[]> {
  if (query.length === 0) return [];
  // Phones, words and phonetic keys first; trigrams only when a plan asks (birth years never).
  const candidateKinds = (tokens: MatchToken[]) =>
    tokens.filter((token) => CANDIDATE_KINDS.includes(token.kind));
  const queryYears = query.filter((token) => token.kind === 'birth_year');
  const askedOfQuery = askedArrays(query);
  const askedValues = Object.fromEntries(
    SCORED_KINDS.map((kind, index) => [`asked_${kind}`, askedOfQuery[index]]),
  ) as AskedValues;
  const organisationWide = scope === 'organisation' || scope === 'all';
  const counted = candidateKinds(query);
  // Under an organisation-wide scope, one statement counts the postings and, when the plan is
  // every held token while the budget lasts and nobody shares persons with the caller, finds and
  // scores the candidates too; otherwise it answers the counts, planned here as before.
  let firstCount: { postings: Map<string, number>; organisations: string[] };
  if (organisationWide && counted.length > 0) {
    const rows: PlannedRow[] = await plannedCandidates.execute(
      db,
      `${scope}:${queryYears.length > 0 ? 'years' : 'no-years'}:${sharedTokens ? 'sharing' : 'plain'}`,
      {
        ...plannedValues(actor, query, queryYears, limit),
        ...askedValues,
        kinds: counted.map((token) => token.kind),
        hashes: counted.map((token) => token.value),
        words: counted.map((token) => token.word ?? -1),
        pairFirst: counted.map((token) => token.pair?.[0] ?? -1),
        pairSecond: counted.map((token) => token.pair?.[1] ?? -1),
        sharingPurpose: dataSharingPurpose(actor.organisationId),
        ...othersBoundTable(query),
      },
    );
    if (!rows.some((row) => row.row_kind !== 'found'))
      return bestOf(
        rows.map((row) => ({
          id: row.id ?? '',
          pseudonym: row.pseudonym ?? '',
          score: row.score ?? 0,
        })),
        limit,
      );
    firstCount = countsOf(
      rows.map((row) => ({
        kind: row.row_kind === 'organisation' ? 'organisation' : (row.token_kind ?? ''),
        token_hash: row.token_hash ?? '',
        postings: row.postings ?? 0,
      })),
    );
  } else {
    firstCount = await countPostings(db, counted, sharedTokens ? actor : undefined);
  }
  const { postings, organisations } = firstCount;
  const shared: SharedQuery[] = sharedTokens
    ? organisations.map((organisationId) => ({
        organisationId,
        tokens: sharedTokens(organisationId),
      }))
    : [];
  if (shared.length > 0) {
    const more = await countPostings(db, candidateKinds(shared.flatMap((other) => other.tokens)));
    for (const [key, count] of more.postings) postings.set(key, count);
  }
  // Source 0 is the caller's own organisation; source n the nth sharing organisation.
  const sources = [query, ...shared.map((other) => other.tokens)];
  const all = sources.flat();
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
    for (const [key, count] of trigrams.postings) postings.set(key, count);
    plans = planAll();
  }
  const anyOf = plans.flatMap((plan, source) => plan.anyOf.map((token) => ({ token, source })));
  const bothOf = plans.flatMap((plan, source) =>
    plan.bothOf.map(([left, right]) => ({ left, right, source })),
  );
  if (anyOf.length === 0 && bothOf.length === 0) return [];
  const years = sources.flatMap((tokens, source) =>
    tokens
      .filter((token) => token.kind === 'birth_year')
      .map((token) => ({ source, value: token.value })),
  );
  // Of each source's asked tokens of a bounded kind, those a hit may hold without having been
  // found by them: not read as finders, and held by someone (a count of 0 is no one).
  const unfound = (kind: BoundedKind) =>
    sources.map((tokens, source) => {
      const finders = new Set(
        anyOf
          .filter((finder) => finder.source === source && finder.token.kind === kind)
          .map((finder) => finder.token.value),
      );
      return new Set(
        tokens
          .filter(
            (token) =>
              token.kind === kind &&
              !finders.has(token.value) &&
              postings.get(tokenKey(token)) !== 0,
          )
          .map((token) => token.value),
      ).size;
    });
  const values: CandidateValues = {
    anyKinds: anyOf.map((finder) => finder.token.kind),
    anyHashes: anyOf.map((finder) => finder.token.value),
    anySources: anyOf.map((finder) => finder.source),
    leftKinds: bothOf.map((finder) => finder.left.kind),
    leftHashes: bothOf.map((finder) => finder.left.value),
    rightKinds: bothOf.map((finder) => finder.right.kind),
    rightHashes: bothOf.map((finder) => finder.right.value),
    bothSources: bothOf.map((finder) => finder.source),
    yearSources: years.map((year) => year.source),
    yearHashes: years.map((year) => year.value),
    // A person can be a hit under two sources (a chance collision of another key): enough rows
    // that `limit` distinct persons remain.
    returned: Math.min(CANDIDATES, limit * sources.length),
    organisationId: actor.organisationId,
    userId: actor.userId,
    unfoundName: unfound('name'),
    unfoundPhonetic: unfound('phonetic'),
    unfoundTrigram: unfound('trigram'),
    unfoundPhone: unfound('phone'),
  };
  const yearsAsked = years.length > 0;
  const candidates =
    organisationWide && sources.length === 1
      ? await organisationWideCandidates.execute(
          db,
          `${scope}:${yearsAsked ? 'years' : 'no-years'}`,
          { ...values, ...askedValues },
        )
      : await builtCandidates(db, actor, scope, values, sources.map(askedArrays), {
          yearsAsked,
          ...(shared.length === 0 ? {} : { sharing: shared.map((other) => other.organisationId) }),
        });
  return bestOf(candidates, limit);
}

/** The best `limit` visible persons of the candidate statement's rows, each once, best first. */
function bestOf(
  candidates: readonly { id: string; pseudonym: string; score: number }[],
  limit: number,
): { personId: string; pseudonym: string; score: number }[] {
  const best = new Map<string, { personId: string; pseudonym: string; score: number }>();
  for (const candidate of candidates) {
    // The SQL's score is `similarityScore` to the bit, rounded to thousandths as an integer
    // (similarity-sql.ts; similar-search.ranking.test.ts holds the two together): the same number
    // as `Math.round(similarityScore(…) * 1000) / 1000`, without the candidate's tokens.
    const score = candidate.score / 1000;
    const known = best.get(candidate.id);
    if (score > 0 && (!known || score > known.score))
      best.set(candidate.id, { personId: candidate.id, pseudonym: candidate.pseudonym, score });
  }
  return [...best.values()].sort((left, right) => right.score - left.score).slice(0, limit);
}

/**
 * A score from here up is a likely duplicate: the import lists it for review instead of creating
 * (lower when the two names share no script: `likelyDuplicateScore`).
 */
export { LIKELY_DUPLICATE_SCORE } from '@dawn/core';

/**
 * The likely duplicate, if any, of each of many identities among the organisation's persons (a
 * spreadsheet import's batch): candidates share a phone or at least two words or phonetic keys,
 * and are scored on their whole token sets like the interactive search. Three round trips per batch.
 */
function plainMatchTokens(identity: {
  legalName: string;
  aliases: string[];
  phones: string[];
  birthDate?: string | undefined;
}): MatchToken[] {
  return identityMatchTokens({
    names: [identity.legalName, ...identity.aliases],
    phones: identity.phones,
    ...(identity.birthDate ? { birthDate: identity.birthDate } : {}),
  });
}

export async function likelyDuplicates(
  db: Kysely<DatabaseSchema>,
  vault: Vault,
  organisationId: string,
  identities: { legalName: string; aliases: string[]; phones: string[]; birthDate?: string }[],
): Promise<({ personId: string; pseudonym: string; score: number } | undefined)[]> {
  const queries = identities.map((identity) =>
    hashTokens(vault, organisationId, plainMatchTokens(identity)),
  );
  const probes = queries.flatMap((tokens, query) =>
    tokens
      .filter(
        (token) => token.kind === 'name' || token.kind === 'phonetic' || token.kind === 'phone',
      )
      .map((token) => sql`(${query}::int, ${token.kind}::text, ${token.value}::text)`),
  );
  const found: ({ personId: string; pseudonym: string; score: number } | undefined)[] =
    identities.map(() => undefined);
  if (probes.length === 0) return found;
  const hits = await sql<{ query: number; person_id: string; pseudonym: string }>`
    select probe.query, identity_index.person_id, person.pseudonym
    from (values ${sql.join(probes)}) as probe(query, kind, token_hash)
    join identity_index on identity_index.kind = probe.kind
      and identity_index.token_hash = probe.token_hash
    join person on person.id = identity_index.person_id and person.organisation_id = ${organisationId}
    group by probe.query, identity_index.person_id, person.pseudonym
    having count(*) >= 2 or bool_or(probe.kind = 'phone')`.execute(db);
  if (hits.rows.length === 0) return found;
  // Truncated blind indexes (issue 15, finding 11) make some candidates chance collisions. The
  // import confirms each on whole tokens of the candidate's identity, decrypted here in memory
  // and never returned, so a chance collision is not reported as a duplicate.
  const personIds = [...new Set(hits.rows.map((hit) => hit.person_id))];
  const sealedRows = await db
    .selectFrom('person_identity')
    .select(['person_id', 'key_id', 'wrapped_data_key', 'ciphertext'])
    .where('person_id', 'in', personIds)
    .execute();
  const tokensByPerson = new Map<string, MatchToken[]>();
  const namesByPerson = new Map<string, string[]>();
  for (const row of sealedRows) {
    const identity = vault.openIdentity(row, identitySchema);
    tokensByPerson.set(row.person_id, plainMatchTokens(identity));
    namesByPerson.set(row.person_id, [identity.legalName, ...identity.aliases]);
  }
  const plainQueries = identities.map(plainMatchTokens);
  for (const hit of hits.rows) {
    const query = plainQueries[hit.query];
    const asked = identities[hit.query];
    if (!query || !asked) continue;
    // A name written in Bengali or Devanagari against a Latin one: a lower threshold, measured.
    const threshold = likelyDuplicateScore(
      [asked.legalName, ...asked.aliases],
      namesByPerson.get(hit.person_id) ?? [],
    );
    const score =
      Math.round(similarityScore(query, tokensByPerson.get(hit.person_id) ?? []) * 1000) / 1000;
    const best = found[hit.query];
    if (score >= threshold && (!best || score > best.score))
      found[hit.query] = { personId: hit.person_id, pseudonym: hit.pseudonym, score };
  }
  return found;
}
