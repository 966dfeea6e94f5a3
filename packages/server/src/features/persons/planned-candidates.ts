import {
  DEFAULT_CANDIDATE_PLAN_OPTIONS,
  scoreInThousandths,
  similarityScoreBound,
  type MatchToken,
} from '@dawn/core';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import {
  CANDIDATES,
  candidateParts,
  plannedFinders,
  probePostings,
  sharingOrganisations,
  type AskedValues,
  type CandidateValues,
} from './similar-candidates.ts';
import { SCORED_KINDS } from './similarity-sql.ts';

/**
 * The planned candidate statement (issue 11): the postings counted, the search planned and its
 * candidates found in one statement, when the plan is simple enough to write in SQL
 * (`plannedCandidates`); the rest of the candidate statement's parts are in
 * `similar-candidates.ts`.
 */

/** The values of the planned candidate statement, beyond the candidate statement's own. */
export interface PlannedValues {
  /** The query's tokens of the candidate kinds, in the query's order (counted, then planned). */
  kinds: string[];
  hashes: string[];
  /**
   * Of each of those tokens, the word of the query it comes from (-1 for none), and of a pair
   * token the two words it pairs (-1 for none): core's plan reads them to tell whether a common
   * key is paired already by its pair token.
   */
  words: number[];
  pairFirst: number[];
  pairSecond: number[];
  /** `dataSharingPurpose(organisationId)`: the consent a shared case needs. */
  sharingPurpose: string;
  /** `othersBoundTable`'s bounds and its stride (the number of phonetic keys a hit can hold + 1). */
  othersBounds: number[];
  othersStride: number;
}

/** `othersBoundTable`'s tables by the counts they depend on (counts only, nothing of a name). */
const othersBoundTables = new Map<string, { othersBounds: number[]; othersStride: number }>();
/** Far above the shapes of a programme's queries; emptied, not grown, past it. */
const MAX_OTHERS_BOUND_TABLES = 2_000;

/**
 * The score's bound (core's `similarityScoreBound`, in thousandths) of a hit the shortcut did not
 * choose, at every count it can have: `bounds[phone + 2 * (phonetic + stride * name)]`, where
 * `name` and `phonetic` are at most the query's tokens of those kinds sent to be counted,
 * `phone` is 1 when it may share a phone, and every trigram asked may be shared. A small table
 * (at most a few dozen numbers) read by the statement instead of computing the bound there.
 */
export function othersBoundTable(query: readonly MatchToken[]): {
  othersBounds: number[];
  othersStride: number;
} {
  const distinct = (kind: MatchToken['kind']) =>
    new Set(query.filter((token) => token.kind === kind).map((token) => token.value)).size;
  const sent = (kind: MatchToken['kind']) => query.filter((token) => token.kind === kind).length;
  const asked = {
    name: distinct('name'),
    phonetic: distinct('phonetic'),
    trigram: distinct('trigram'),
    phone: distinct('phone'),
    birthYear: distinct('birth_year'),
  };
  const names = sent('name');
  const keys = sent('phonetic');
  // The table depends on these seven counts only, of which queries have a few hundred shapes:
  // built once a shape (issue 11: 32 bounds of float arithmetic a three-word search).
  const shape = `${asked.name} ${asked.phonetic} ${asked.trigram} ${asked.phone} ${asked.birthYear} ${names} ${keys}`;
  const known = othersBoundTables.get(shape);
  if (known) return known;
  const othersBounds: number[] = [];
  for (let name = 0; name <= names; name += 1)
    for (let phonetic = 0; phonetic <= keys; phonetic += 1)
      for (const phone of [0, 1])
        othersBounds.push(
          scoreInThousandths(
            similarityScoreBound(asked, { name, phonetic, trigram: asked.trigram, phone }),
          ),
        );
  const table = { othersBounds, othersStride: keys + 1 };
  if (othersBoundTables.size >= MAX_OTHERS_BOUND_TABLES) othersBoundTables.clear();
  othersBoundTables.set(shape, table);
  return table;
}

/**
 * The candidate values of a search of the caller's own persons that the planned statement plans
 * itself: no finder arrays (its finders are its rare tokens), and of the asked tokens a hit may
 * hold without having been found by them, no word or phonetic key (every one held is a finder),
 * every trigram (none is counted) and the phones past the budget (counted by the statement).
 */
export function plannedValues(
  actor: Actor,
  query: MatchToken[],
  years: MatchToken[],
  limit: number,
): CandidateValues {
  return {
    anyKinds: [],
    anyHashes: [],
    anySources: [],
    leftKinds: [],
    leftHashes: [],
    rightKinds: [],
    rightHashes: [],
    bothSources: [],
    yearSources: years.map(() => 0),
    yearHashes: years.map((year) => year.value),
    returned: Math.min(CANDIDATES, limit),
    organisationId: actor.organisationId,
    userId: actor.userId,
    unfoundName: [0],
    unfoundPhonetic: [0],
    unfoundTrigram: [
      new Set(query.filter((token) => token.kind === 'trigram').map((token) => token.value)).size,
    ],
    unfoundPhone: [0],
  };
}

/**
 * A row of the planned candidate statement: a candidate found (`found`), or, when the statement
 * could not plan the search itself, a token's postings (`count`) or an organisation sharing
 * persons with the caller (`organisation`, its id as `token_hash`).
 */
export interface PlannedRow {
  row_kind: 'found' | 'count' | 'organisation';
  id: string | null;
  pseudonym: string | null;
  score: number | null;
  token_kind: string | null;
  token_hash: string | null;
  postings: string | number | null;
}

/**
 * The postings count and the candidate statement in one statement, for the caller's own persons
 * under an organisation-wide scope (issue 11: a statement is about 0.6 ms of Dawn's CPU). It
 * counts the tokens' postings as the count does and plans the search itself when the plan is
 * only "every held token, rarest first, while the budget lasts": every word and phonetic key
 * held is rare and fits the budget, or the one that does not is a phonetic key whose word's pair
 * token is read (with at most one common word beside it), so that `planCandidateSearch` reads no
 * pair of common tokens and no lone key, alone or with trigrams, and leaves out only what is past
 * the budget; and no organisation shares persons with the caller (`sharing` shapes). That is the
 * plan of any query whose words are held by at most a few thousand people, and of most whose
 * surname's key is held by more (issue 11: these had taken two statements, 0.14 of the http
 * bench's searches at 50,000 persons and nearly every one of the networks bench's at 100,000).
 * Otherwise it finds nobody and answers
 * the counts (and the sharing organisations), and the search plans in core and sends the
 * candidate statement as before: no more statements than before, and the same answers either way
 * (the search stories, which hold the answers to `similarityScore` over every hit, and
 * `bench/networks.bench.ts`, which compares them with the search as it was). A shortcut tried and
 * not certified (below) answers the counts too: one statement more, for none of the http bench's
 * searches at 50,000 persons.
 */
export const plannedCandidates = preparedSelect(
  (db, values: CandidateValues & AskedValues & PlannedValues, shape) => {
    const [scope, years, sharing] = shape.split(':');
    const actor = { organisationId: values.organisationId, userId: values.userId } as Actor;
    const planScope = scope === 'all' ? 'all' : 'organisation';
    const asked = [SCORED_KINDS.map((kind) => values[`asked_${kind}`])];
    const yearsAsked = years === 'years';
    // The planned statement's parts (issue 11) run once, over one of two sets of finders: the
    // `chosen` persons (below) when the shortcut is `tried`, each found by every rare token they
    // hold, as the plan's finders would find them (so `found`, the bounds and the order are the
    // plan's); otherwise the plan's own finders.
    const { ranked, found } = candidateParts(db, actor, planScope, values, asked, {
      yearsAsked,
      planned: true,
      withFound: true,
      finders: sql`select chosen.person_id, 0 as source, probe.kind
          from chosen
          cross join planned as probe
          -- One index probe a person and token (a few dozen persons): as a semi-join, the
          -- planner read every token's postings whole to hash-join them with the few chosen.
          cross join lateral (select 1 from identity_index as held
            where held.kind = probe.kind and held.token_hash = probe.token_hash
              and held.person_id = chosen.person_id limit 1) as holds
          where probe.rare and (select here from tried)
        union all
        select person_id, source, kind from (${plannedFinders}) as planned_finders
          where not (select here from tried)`,
    });
    const held = sql`cross join lateral (select person_id from identity_index
        where kind = probe.kind and token_hash = probe.token_hash offset 0) as held`;
    const { rareLimit, rareBudget } = DEFAULT_CANDIDATE_PLAN_OPTIONS;
    const withSharing = sharing === 'sharing';
    // `planCandidateSearch` sorts the held tokens by their postings (ties in the query's order)
    // and takes them while each is rare and the budget lasts: a prefix of that order, whose
    // running sum is the budget spent.
    return sql<PlannedRow>`select answer.* from (with counted as materialized (
        select probe.kind, probe.token_hash, probe.ordinal, probe.word, probe.pair_first,
          probe.pair_second,
          ${probePostings} as postings
        from unnest((select ${values.kinds}::text[]), (select ${values.hashes}::text[]),
          (select ${values.words}::int[]), (select ${values.pairFirst}::int[]),
          (select ${values.pairSecond}::int[]))
          with ordinality as probe(kind, token_hash, word, pair_first, pair_second, ordinal)),
      planned as materialized (select kind, token_hash, word, pair_first, pair_second, postings,
          ordinal,
          postings <= ${rareLimit} and sum(postings) over (order by postings, ordinal
            rows between unbounded preceding and current row) <= ${rareBudget} as rare
        from counted where postings > 0),
      sharing as materialized (${
        withSharing
          ? sharingOrganisations(db, values.organisationId, values.sharingPurpose)
          : sql`select null::uuid as organisation_id where false`
      }),
      -- Core's plan adds nothing to the rare tokens when each kind's common tokens (the first
      -- three, in the plan's order) add nothing: none; one phonetic key whose word's pair token
      -- is read (a rare pair token), or one word beside paired keys; or two or three, each two
      -- of them having their pair token in the query, read already or held by nobody.
      common as materialized (select kind, word, row_number() over (partition by kind
            order by postings, ordinal) as place
          from planned where not planned.rare and planned.kind in ('name', 'phonetic')),
      kinds as materialized (select
          (select count(*) from common where kind = 'phonetic') as keys,
          (select count(*) from common where kind = 'name') as words,
          exists (select 1 from common join planned as pair on pair.kind = 'pair' and pair.rare
              and common.word >= 0 and common.word in (pair.pair_first, pair.pair_second)
            where common.kind = 'phonetic') as key_paired,
          not exists (select 1 from common as one
            join common as other on other.kind = one.kind and other.place > one.place
            where one.place <= 3 and other.place <= 3
              and not coalesce((select pair.postings = 0 or planned.rare
                from counted as pair
                left join planned using (kind, token_hash)
                where pair.kind = 'pair' and one.word >= 0 and other.word >= 0
                  and ((pair.pair_first = one.word and pair.pair_second = other.word)
                    or (pair.pair_first = other.word and pair.pair_second = one.word))
                order by pair.ordinal limit 1), false)) as pairs_read),
      plannable as materialized (select not exists (select 1 from sharing)
          and case when keys = 0 then true when keys = 1 then key_paired else pairs_read end
          and case when words = 0 then true
            when words = 1 then keys > 1 or (keys = 1 and key_paired)
            else pairs_read end as here
        from kinds),
      -- The pair holders first (issue 11). At 50,000 persons every word of a name is rare, and
      -- the plan reads each word's and key's postings (~1,100 each) to group them into ~3,000
      -- hits, most holding one word only, which the 200's cut and the bounds then drop. The
      -- shortcut finds and scores only \`chosen\`: the holders of a rare pair token or phone, and
      -- those holding the rare tokens of two or more of the query's words, found on one list a
      -- word (its key's when its key is rare: whoever holds a word holds its key, but for a
      -- chance collision of a word's short hash, which the bound below allows for). Everyone
      -- else the plan finds holds one word's lists and any other words by collision, so their
      -- \`found\` and their score's bound are at most \`others\`'. The shortcut's answer is the
      -- plan's when certified (in \`answered\`): as many rows as asked, each found by more than
      -- \`others\` (so in the plan's 200, and ahead of any of them at an equal score), the last
      -- scoring at least \`others\`' bound. Otherwise the statement answers the counts, and the
      -- search is planned in core as when the statement cannot plan it (one statement more).
      -- The plan's parts are written once, over either finders: two copies of them, the plan's
      -- beside the shortcut's, cost 0.25 ms more a search at a state's size, where the shortcut
      -- is never tried, PostgreSQL initialising every part of the plan on every execution.
      words as materialized (select kind, token_hash, word from planned as probe
        where probe.rare and probe.kind in ('name', 'phonetic')
          and (probe.kind = 'phonetic' or probe.word < 0 or not exists (select 1
            from planned as key where key.rare and key.kind = 'phonetic'
              and key.word = probe.word))),
      chosen as materialized (select held.person_id
          from planned as probe
          ${held}
          where probe.rare and probe.kind in ('pair', 'phone')
        union
        select held.person_id
          from words as probe
          ${held}
          where (select count(distinct word) from words) > 1
          group by held.person_id
          having min(probe.word) <> max(probe.word)),
      -- \`others\`' bound is read from \`othersBounds\` (core's \`similarityScoreBound\` at every
      -- count a hit can have), not computed here: three laterals of float8 arithmetic were
      -- about 0.1 ms of a statement's start-up and run at a state's size, where it is not tried.
      others as materialized (select coalesce(max(hit.found), 0) as found,
          coalesce(max(coalesce((select ${values.othersBounds}::int[])[1
            + (hit.most_phone > 0)::int
            + 2 * (hit.most_phonetic + (select ${values.othersStride}::int) * hit.most_name)],
            1000)), 0) as score
        from (select by_word.found + collided.names as found,
            -- Read only when tried, when no word or key asked is common (none is left unread).
            by_word.names + collided.names as most_name,
            by_word.keys as most_phonetic,
            (select count(*)::int from planned
              where planned.kind = 'phone' and not planned.rare) as most_phone
          from (select word, count(*)::int as found,
              count(*) filter (where kind = 'name')::int as names,
              count(*) filter (where kind = 'phonetic')::int as keys
            from words group by word) as by_word
          cross join (select count(*)::int as names from planned
            where planned.rare and planned.kind = 'name'
              and not exists (select 1 from words
                where words.kind = planned.kind and words.token_hash = planned.token_hash))
            as collided) as hit),
      -- Tried only when every word and key asked is rare (a common one, not read, counts whole
      -- in \`others\`' bound, which the pair holders then seldom beat: at 50,000 persons the
      -- bench's uncertified searches all had one; where names are common, a state's size, the
      -- search is the plan's, as before), and when as many are chosen as asked (fewer cannot
      -- be certified) and no more than the plan scores (more are a common full name, whose
      -- holders seldom all beat \`others\`): an uncertified try costs a statement.
      tried as materialized (select not exists (select 1 from planned
          where not planned.rare and planned.kind in ('name', 'phonetic'))
          and (select count(*) from chosen)
            between (select ${values.returned}::int) and ${sql.lit(CANDIDATES)} as here),
      ${ranked},
      found as materialized (${found}),
      answered as materialized (select (select here from plannable)
          and (not (select here from tried) or (select count(*) = (select ${values.returned}::int)
            and coalesce(min(found.found) > (select found from others), false)
            and coalesce(min(found.score) >= (select score from others), false)
            from found)) as here)
      select 'found' as row_kind, found.id, found.pseudonym, found.score,
        null::text as token_kind, null::text as token_hash, null::bigint as postings
      from found
      where (select here from answered)
      union all
      select 'count', null, null, null, counted.kind, counted.token_hash, counted.postings
      from counted where not (select here from answered)
      union all
      select 'organisation', null, null, null, 'organisation', sharing.organisation_id::text, 0
      from sharing) as answer`;
  },
  { named: true },
);
