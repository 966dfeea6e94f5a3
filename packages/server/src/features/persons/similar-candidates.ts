import { DEFAULT_CANDIDATE_PLAN_OPTIONS, type Scope } from '@dawn/core';
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import {
  careCasesSharedWith,
  personHasVisibleCareCase,
  type Executor,
} from '../care-cases/care-case.repository.ts';
import { visiblePersons } from './person.repository.ts';
import {
  askedColumns,
  askedRow,
  heldCounts,
  SCORED_KINDS,
  scoreBound,
  scoreLaterals,
  type BoundedKind,
  type ScoredKind,
} from './similarity-sql.ts';

/** How many hits a search scores (the first by how much of the plan found them). */
export const CANDIDATES = 200;

/**
 * A search's candidate statement's values: the plan's finders and the birth years asked as
 * arrays (each with the source whose key hashed it: 0 the caller's organisation, n the nth
 * sharing organisation), how many rows to return, and the caller.
 */
export interface CandidateValues {
  anyKinds: string[];
  anyHashes: string[];
  anySources: number[];
  leftKinds: string[];
  leftHashes: string[];
  rightKinds: string[];
  rightHashes: string[];
  bothSources: number[];
  yearSources: number[];
  yearHashes: string[];
  returned: number;
  organisationId: string;
  userId: string;
  /**
   * For each source (index 0 the caller's organisation), how many of its asked tokens of each
   * bounded kind no finder rules out: asked, less those read as finders (a hit not found by one
   * does not hold it) and those nobody holds (counted 0). A hit holds at most these plus the
   * finders of that kind that found it (`scoreBound`).
   */
  unfoundName: number[];
  unfoundPhonetic: number[];
  unfoundTrigram: number[];
  unfoundPhone: number[];
}

/**
 * How many of the 200 are scored first, by their bound (best first): the `returned`-th best of
 * them that the caller may see is the score the others' bounds must reach to be scored at all.
 */
export const SCORED_FIRST = 40;

/**
 * Where more people were found than are scored (a full name held by hundreds at a state's size),
 * those who also hold the birth year asked go first, so the 200 scored are not simply the lowest
 * ids: one index probe a hit, and only then (issue 17). A column to order by before the ids
 * (false when no birth year is asked).
 */
function confirmedFirst(values: CandidateValues, yearsAsked: boolean) {
  if (!yearsAsked) return sql`false`;
  return sql`case when hit.hits > ${CANDIDATES} then exists (select 1
      from unnest((select ${values.yearSources}::int[]),
        (select ${values.yearHashes}::text[])) as asked_year(source, token_hash)
      join identity_index as held_year on held_year.kind = 'birth_year'
        and held_year.token_hash = asked_year.token_hash
      where asked_year.source = hit.source and held_year.person_id = hit.person_id)
    else false end`;
}

/**
 * The statement that finds, ranks, scores and scopes a search's candidates. `asked` holds, for
 * each source, its tokens of each scored kind (`askedArrays`); `sharing` the organisations of
 * sources 1… (none for a search of the caller's own persons).
 */
export function candidateStatement(
  db: Executor,
  actor: Actor,
  scope: Scope,
  values: CandidateValues,
  asked: readonly (readonly unknown[])[],
  options: { yearsAsked: boolean; sharing?: unknown },
) {
  const { ranked, found } = candidateParts(db, actor, scope, values, asked, options);
  // One select around it all: a prepared statement is a select.
  return sql<FoundRow>`select found.* from (with ${ranked} ${found}) as found`;
}

/**
 * The planned statement's finders: a probe of the postings index for each of its rare tokens,
 * from its table `planned(kind, token_hash, rare)`.
 */
export const plannedFinders = sql`select held.person_id, 0 as source, probe.kind
    from planned as probe
    cross join lateral (select person_id from identity_index
      where kind = probe.kind and token_hash = probe.token_hash offset 0) as held
    where probe.rare`;

/** A row the candidate statement returns: a visible person and their score (0–1000). */
interface FoundRow {
  id: string;
  pseudonym: string;
  score: number;
}

/**
 * The candidate statement in two parts: `ranked`, its common table expressions (`hit`, `first`,
 * `reach`), and `found`, the select that reads them. `planned` (the caller's own persons only,
 * source 0) takes the finders from a table of the statement itself, `planned(kind, token_hash,
 * rare)`, instead of the arrays of `values`, and how many asked phones a hit can hold without
 * having been found by them from it too (`plannedCandidates`).
 */
export function candidateParts(
  db: Executor,
  actor: Actor,
  scope: Scope,
  values: CandidateValues,
  asked: readonly (readonly unknown[])[],
  options: {
    yearsAsked: boolean;
    sharing?: unknown;
    planned?: boolean;
    /** Other finders than the plan's (rows of person_id, source, kind): the planned shortcut's. */
    finders?: RawBuilder<unknown>;
    /** The rows carry `found` too (how many finders found the hit). */
    withFound?: boolean;
  },
) {
  // The tokens travel as arrays, so the statement's text is the same whatever the query holds.
  // Each token's holders are read by one probe of the postings index behind `offset 0`; each
  // pair's two lists are read whole and intersected: a join here became nested loops of
  // thousands of index probes where the planner took a common hash for a rare one
  // (docs/networks.md). The arrays, and the number of rows returned, are read through
  // `(select …)`: so the planner's estimate for a query's own values (a custom plan) is the one
  // it makes for any values (the generic plan), and PostgreSQL keeps the named statement's
  // generic plan instead of planning the statement again on every search, which it did (with
  // the arrays' lengths known, every custom plan looked cheaper than the generic one).
  const arrayFinders = sql`select held.person_id, probe.source, probe.kind
      from unnest((select ${values.anyKinds}::text[]), (select ${values.anyHashes}::text[]),
        (select ${values.anySources}::int[])) as probe(kind, token_hash, source)
      cross join lateral (select person_id from identity_index
        where kind = probe.kind and token_hash = probe.token_hash offset 0) as held
    union all
    select both_held.person_id, probe.source, 'both'
      from unnest((select ${values.leftKinds}::text[]), (select ${values.leftHashes}::text[]),
        (select ${values.rightKinds}::text[]), (select ${values.rightHashes}::text[]),
        (select ${values.bothSources}::int[]))
        as probe(left_kind, left_hash, right_kind, right_hash, source)
      cross join lateral (select person_id from identity_index
          where kind = probe.left_kind and token_hash = probe.left_hash
        intersect
        select person_id from identity_index
          where kind = probe.right_kind and token_hash = probe.right_hash) as both_held`;
  const finders = options.finders ?? (options.planned === true ? plannedFinders : arrayFinders);
  // The hits are ranked by how much of the plan found them before a person row is read, the
  // first 200 are scored here on their index rows (read index-only, `similarity-sql.ts`), and
  // person rows are read best first only until `limit` are visible: a few dozen person rows
  // however many people hold a common name. Where most hits may be out of the caller's scope (a
  // team's scope, or another organisation's persons) the scope is checked before the 200 are
  // kept, as before; the organisation's own persons under an organisation-wide scope are checked
  // only when read.
  const { sharing } = options;
  const visible = db
    .selectFrom('person')
    .select(['person.id', 'person.pseudonym'])
    .where(sql<boolean>`person.id = hit.person_id`)
    .where((eb) =>
      eb.or([
        eb.and([sql<boolean>`hit.source = 0`, visiblePersons(actor, scope)(eb)]),
        ...(sharing === undefined
          ? []
          : [
              eb.and([
                sql<boolean>`person.organisation_id = (${sharing}::uuid[])[hit.source]`,
                personHasVisibleCareCase(actor, 'shared')(eb),
              ]),
            ]),
      ]),
    )
    .offset(0);
  const organisationWide = scope === 'organisation' || scope === 'all';
  const askedRows = sql.join(asked.map((arrays, source) => askedRow(source, arrays)));
  const askedTable = sql`(values ${askedRows}) as asked(${askedColumns})`;
  // The hits' exact scores, on their index rows, for the hits `ranked` selects from `hit`.
  const scoredHits = (ranked: RawBuilder<unknown>) => sql`select hit.person_id, hit.source,
        hit.found, scored.score
      from (${ranked}) as hit
      join ${askedTable} on asked.source = hit.source
      cross join lateral (select ${heldCounts}
        from identity_index as held_rows
        where held_rows.person_id = hit.person_id) as held
      ${scoreLaterals}
      where scored.score > 0`;
  // How many of a kind's asked tokens a hit can share at most: those no finder rules out, and
  // the finders of that kind that found it.
  const most = (unfound: number[], found: RawBuilder<unknown>) =>
    sql`(${unfound}::int[])[hit.source + 1] + ${found}`;
  // The planned statement counts the asked tokens of a kind that no finder rules out itself:
  // those held by someone that its plan does not read (a common key, a phone past the budget).
  const mostPlanned = (kind: BoundedKind, found: RawBuilder<unknown>) =>
    sql`(select count(*)::int from planned
      where planned.kind = ${sql.lit(kind)} and not planned.rare) + ${found}`;
  // The 200 are scored in two steps (issue 11): first the 40 whose bound is best, then of the
  // rest only those whose bound reaches the `returned`-th best score among the first that the
  // caller may see. The others cannot be returned (a score is at most its bound, below that many
  // visible scores), so the answer is the one scoring all 200 gives; a common name's hits found
  // by one of its words, most of the 200, are not read.
  const ranked = sql`hit as materialized (select hit.*, bound.score as bound_score,
        row_number() over (order by bound.score desc, hit.found desc, hit.confirmed desc,
          hit.person_id, hit.source) as by_bound
      from (select person_id, source, found, confirmed,
          ${
            options.planned === true
              ? sql`${mostPlanned('name', sql`hit.found_name`)} as most_name,
          ${mostPlanned('phonetic', sql`hit.found_phonetic`)} as most_phonetic,
          ${most(values.unfoundTrigram, sql`0`)} as most_trigram,
          ${mostPlanned('phone', sql`hit.found_phone`)} as most_phone`
              : sql`${most(values.unfoundName, sql`hit.found_name`)} as most_name,
          ${most(values.unfoundPhonetic, sql`hit.found_phonetic`)} as most_phonetic,
          ${most(values.unfoundTrigram, sql`0`)} as most_trigram,
          ${most(values.unfoundPhone, sql`hit.found_phone`)} as most_phone`
          }
        from (select person_id, source, found, found_name, found_phonetic, found_phone,
            ${confirmedFirst(values, options.yearsAsked)} as confirmed
          from (select person_id, source, count(*)::int as found,
              count(*) filter (where kind = 'name')::int as found_name,
              count(*) filter (where kind = 'phonetic')::int as found_phonetic,
              count(*) filter (where kind = 'phone')::int as found_phone,
              count(*) over () as hits
            from (${finders}) as found_by
            group by source, person_id) as hit
          where ${organisationWide ? sql`hit.source = 0 or ` : sql``}exists (${visible})
          order by found desc, confirmed desc, person_id, source
          limit ${CANDIDATES}) as hit) as hit
      join ${askedTable} on asked.source = hit.source
      ${scoreBound}),
    first as materialized (${scoredHits(sql`select * from hit where by_bound <= ${SCORED_FIRST}`)}),
    -- The score a bound must reach: the returned-th best of the first that the caller may
    -- see, or 0 when fewer are. (Read in score order by a nested loop; were it not, a lower
    -- score would be taken and more scored, the answer the same.)
    reach as materialized (select case when count(*) = ${values.returned}
        then min(best.score) else 0 end as score
      from (select hit.score
        from (select * from first
          order by score desc, found desc, person_id, source) as hit
        cross join lateral (${visible}) as seen
        limit (select ${values.returned}::int)) as best)`;
  const found = sql`select seen.id, seen.pseudonym, hit.score${
    options.withFound === true ? sql`, hit.found` : sql``
  }
    from (select * from first
      union all
      ${scoredHits(sql`select * from hit
        where by_bound > ${SCORED_FIRST} and bound_score >= (select score from reach)`)}
      order by score desc, found desc, person_id, source) as hit
    -- No order by here: the planner, thinking the scored hits few, sorted again after reading
    -- every one's person row. A nested loop keeps its outer side's order, so the limit stops
    -- at the first visible ones (and the scores are sorted again below).
    cross join lateral (${visible}) as seen
    limit (select ${values.returned}::int)`;
  return { ranked, found };
}

/** The asked tokens of each scored kind, by name, for the prepared statement's values. */
export type AskedValues = Record<`asked_${ScoredKind}`, string[]>;

/**
 * The candidate statement for the caller's own persons under an organisation-wide scope (every
 * search but a team's or a shelter's, or one that also reads shared persons): built once per
 * scope, with and without a birth year asked (Kysely is not run per search), and named statements
 * on PostgreSQL (their generic plans are asserted in test/hot-queries/search.postgres.test.ts). The
 * scope reads the caller's organisation only (`visiblePersons`), so the caller travels as values.
 */
export const organisationWideCandidates = preparedSelect(
  (db, values: CandidateValues & AskedValues, shape) => {
    const [scope, years] = shape.split(':');
    return candidateStatement(
      db,
      { organisationId: values.organisationId, userId: values.userId } as Actor,
      scope === 'all' ? 'all' : 'organisation',
      values,
      [SCORED_KINDS.map((kind) => values[`asked_${kind}`])],
      { yearsAsked: years === 'years' },
    );
  },
  { named: true },
);

/** At most this many sharing organisations are searched (each adds its tokens to the probes). */
export const MAX_SHARING_ORGANISATIONS = 20;

/**
 * The other organisations that share at least one person with the caller's organisation now: a
 * care case referred to it with the survivor's consent to share in force (the same rule that
 * lets its staff open the case). Their persons are indexed under their own keys, so a search
 * hashes its query under each of these keys too (docs/identity-matching.md).
 */
export function sharingOrganisations(db: Executor, organisationId: string, sharingPurpose: string) {
  return db
    .selectFrom('care_case')
    .select('care_case.organisation_id')
    .distinct()
    .where('care_case.organisation_id', '<>', organisationId)
    .where(careCasesSharedWith(organisationId, sharingPurpose))
    .orderBy('care_case.organisation_id')
    .limit(MAX_SHARING_ORGANISATIONS);
}

/** Postings are counted only up to here: beyond it a token is common, however common. */
export const POSTINGS_PROBE_CAP = DEFAULT_CANDIDATE_PLAN_OPTIONS.rareLimit + 1;

/**
 * How many people hold the token `probe.kind`, `probe.token_hash`, up to the cap. Words and
 * phonetic keys are read from their stored counts (migration 0037c: the folded count and the signs
 * of the statements not yet folded, exact in this statement's snapshot); phones, pair tokens and
 * trigrams, which are not stored, are counted on the postings index. The same number either way,
 * so core's plan is the same.
 */
export const probePostings = sql`case when probe.kind in ('name', 'phonetic')
    then least(${POSTINGS_PROBE_CAP}, coalesce((select stored.postings from identity_postings
        as stored where stored.kind = probe.kind and stored.token_hash = probe.token_hash), 0)
      + coalesce((select sum(pending.sign) from identity_postings_pending as pending
        cross join lateral unnest(pending.kinds, pending.hashes) as noted(kind, token_hash)
        where noted.kind = probe.kind and noted.token_hash = probe.token_hash), 0))
    else (select count(*) from (
      select 1 from identity_index
      where identity_index.kind = probe.kind and identity_index.token_hash = probe.token_hash
      limit ${POSTINGS_PROBE_CAP}
    ) as held) end`;
