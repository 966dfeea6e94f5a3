import type { Scope } from '@dawn/core';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import { personHasVisibleCareCase, type Executor } from '../care-cases/care-case.repository.ts';
import { visiblePersons } from './person.repository.ts';
import {
  askedColumns,
  askedRow,
  heldCounts,
  SCORED_KINDS,
  scoreLaterals,
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
}

/**
 * Where more people were found than are scored (a full name held by hundreds at a state's size),
 * those who also hold the birth year asked go first, so the 200 scored are not simply the lowest
 * ids: one index probe a hit, and only then (issue 17). An ordering term to put before the ids
 * (none when no birth year is asked).
 */
function confirmedFirst(values: CandidateValues, yearsAsked: boolean) {
  if (!yearsAsked) return sql``;
  return sql`case when hit.hits > ${CANDIDATES} then exists (select 1
      from unnest(${values.yearSources}::int[],
        ${values.yearHashes}::text[]) as asked_year(source, token_hash)
      join identity_index as held_year on held_year.kind = 'birth_year'
        and held_year.token_hash = asked_year.token_hash
      where asked_year.source = hit.source and held_year.person_id = hit.person_id)
    else false end desc, `;
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
  // The tokens travel as arrays, so the statement's text is the same whatever the query holds.
  // Each token's holders are read by one probe of the postings index behind `offset 0`; each
  // pair's two lists are read whole and intersected: a join here became nested loops of
  // thousands of index probes where the planner took a common hash for a rare one
  // (docs/networks.md).
  const finders = sql`select held.person_id, probe.source
      from unnest(${values.anyKinds}::text[], ${values.anyHashes}::text[],
        ${values.anySources}::int[]) as probe(kind, token_hash, source)
      cross join lateral (select person_id from identity_index
        where kind = probe.kind and token_hash = probe.token_hash offset 0) as held
    union all
    select both_held.person_id, probe.source
      from unnest(${values.leftKinds}::text[], ${values.leftHashes}::text[],
        ${values.rightKinds}::text[], ${values.rightHashes}::text[],
        ${values.bothSources}::int[])
        as probe(left_kind, left_hash, right_kind, right_hash, source)
      cross join lateral (select person_id from identity_index
          where kind = probe.left_kind and token_hash = probe.left_hash
        intersect
        select person_id from identity_index
          where kind = probe.right_kind and token_hash = probe.right_hash) as both_held`;
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
  return sql<{
    id: string;
    pseudonym: string;
    score: number;
  }>`select seen.id, seen.pseudonym, hit.score
    from (select hit.person_id, hit.source, hit.found, scored.score
      from (select person_id, source, found
        from (select person_id, source, count(*)::int as found, count(*) over () as hits
          from (${finders}) as found_by
          group by source, person_id) as hit
        where ${organisationWide ? sql`hit.source = 0 or ` : sql``}exists (${visible})
        order by found desc, ${confirmedFirst(values, options.yearsAsked)}person_id, source
        limit ${CANDIDATES}) as hit
      join (values ${sql.join(asked.map((arrays, source) => askedRow(source, arrays)))})
        as asked(${askedColumns}) on asked.source = hit.source
      cross join lateral (select ${heldCounts}
        from identity_index as held_rows
        where held_rows.person_id = hit.person_id) as held
      ${scoreLaterals}
      where scored.score > 0
      order by scored.score desc, hit.found desc, hit.person_id, hit.source) as hit
    -- No order by here: the planner, thinking the scored hits few, sorted again after reading
    -- every one's person row. A nested loop keeps its outer side's order, so the limit stops
    -- at the first visible ones (and the scores are sorted again below).
    cross join lateral (${visible}) as seen
    limit ${values.returned}`;
}

/** The asked tokens of each scored kind, by name, for the prepared statement's values. */
export type AskedValues = Record<`asked_${ScoredKind}`, string[]>;

/**
 * The candidate statement for the caller's own persons under an organisation-wide scope (every
 * search but a team's or a shelter's, or one that also reads shared persons): built once per
 * scope, with and without a birth year asked (Kysely is not run per search), and named statements
 * on PostgreSQL (their generic plans are asserted in test/hot-queries.postgres.test.ts). The
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
