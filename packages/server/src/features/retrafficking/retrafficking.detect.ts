import { CANDIDATE_KINDS, similarityScore, type MatchToken } from '@dawn/core';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit, recordAudits } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { RetraffickingCaseType } from '../../platform/db/schema.ts';
import { rankSimilar } from '../persons/person-matching.ts';
import { earlierCasesOf, thresholdOf, type EarlierCase } from './retrafficking.repository.ts';

/** How many similar persons are looked at per person recorded; the best are almost always first. */
const LOOKED_AT = 20;

/**
 * After a person is recorded in a new care case or rescue operation (as the survivor): compares
 * their blind indexes with every person of the organisation (on the hashes, as similar-person
 * search does), keeps those at or above the organisation's threshold who were the survivor of
 * another of its cases, and suggests each pair once. A pair already suggested, confirmed or
 * dismissed is never suggested again. Returns how many were suggested.
 *
 * It runs for the organisation, not the caller's view: the alert reaches both cases' teams,
 * showing pseudonyms and the score only.
 */
export async function detectRetrafficking(
  deps: Deps,
  actor: Actor,
  /** `at` when the case is not new (an identity recorded after it): the older case is "earlier". */
  newCase: { type: RetraffickingCaseType; id: string; at?: Date },
  personIds: readonly string[],
): Promise<number> {
  if (personIds.length === 0) return 0;
  const organisationId = actor.organisationId;
  const threshold = await thresholdOf(deps.db, organisationId);
  const tokenRows = await deps.db
    .selectFrom('identity_index')
    .select(['person_id', 'kind', 'token_hash'])
    .where('person_id', 'in', personIds)
    .execute();
  let suggested = 0;
  for (const personId of personIds) {
    const tokens: MatchToken[] = tokenRows
      .filter((row) => row.person_id === personId)
      .map((row) => ({ kind: row.kind as MatchToken['kind'], value: row.token_hash }));
    if (tokens.length === 0) continue;
    const similar = (
      await rankSimilar(deps.db, actor, 'organisation', tokens, LOOKED_AT + 1)
    ).filter((match) => match.personId !== personId && match.score >= threshold);
    if (similar.length === 0) continue;
    const earlier = await earlierCasesOf(
      deps.db,
      organisationId,
      similar.map((match) => match.personId),
      newCase.id,
    );
    const scores = new Map(similar.map((match) => [match.personId, match.score]));
    const pairs = similar.flatMap((match) => {
      const earlierCase = earlier.get(match.personId);
      if (!earlierCase) return [];
      const [low, high] = [personId, match.personId].sort() as [string, string];
      const checked = { person: personId, type: newCase.type, id: newCase.id };
      const other = { person: match.personId, type: earlierCase.caseType, id: earlierCase.caseId };
      // In the order the cases happened: an identity recorded on an older case finds a survivor
      // of a later one, whose case is then the new one.
      const [later, before] =
        newCase.at !== undefined && earlierCase.at > newCase.at
          ? [other, checked]
          : [checked, other];
      return [
        {
          organisation_id: organisationId,
          person_id: later.person,
          case_type: later.type,
          case_id: later.id,
          earlier_person_id: before.person,
          earlier_case_type: before.type,
          earlier_case_id: before.id,
          score: match.score,
          pair_low: low,
          pair_high: high,
        },
      ];
    });
    if (pairs.length === 0) continue;
    // Every new pair in one insert, and its entries in one more.
    await deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('retrafficking_match')
        .values(pairs)
        .onConflict((conflict) =>
          conflict.columns(['organisation_id', 'pair_low', 'pair_high']).doNothing(),
        )
        .returning(['id', 'person_id', 'earlier_person_id', 'case_type'])
        .execute();
      suggested += inserted.length;
      await recordAudits(
        trx,
        inserted.map((row) => ({
          action: 'retrafficking.suggested',
          entityType: 'retrafficking_match',
          entityId: row.id,
          details: {
            score:
              scores.get(row.person_id === personId ? row.earlier_person_id : row.person_id) ??
              null,
            caseType: row.case_type,
          },
        })),
      );
    });
  }
  return suggested;
}

/**
 * The same check for a person whose identity was just recorded or corrected (on her page, after
 * her case was opened with non-identifying facts only, as the screen opens one): against her
 * newest case in the organisation, her latest care case, else the latest rescue that rescued her.
 * A person in no case is not checked here: opening her case checks her. Returns how many were
 * suggested.
 */
export async function detectRetraffickingOfIdentity(
  deps: Deps,
  actor: Actor,
  personId: string,
): Promise<number> {
  const own = (await earlierCasesOf(deps.db, actor.organisationId, [personId], null)).get(personId);
  if (!own) return 0;
  return detectRetrafficking(deps, actor, { type: own.caseType, id: own.caseId, at: own.at }, [
    personId,
  ]);
}

/**
 * The same check for a batch of care cases opened at once (an import batch), set-based: the
 * threshold, one statement for every case's candidates (persons of the organisation sharing a
 * phone, or at least two words or phonetic keys, with the case's survivor), one for their tokens,
 * scored with the same `similarityScore` on the hashes as {@link detectRetrafficking}; then the
 * earlier cases (two queries), the suggestions (one insert) and one audit entry naming them. The
 * batch's own cases count as earlier ones, as if the cases had been opened one after another.
 */
export async function detectRetraffickingInBatch(
  deps: Deps,
  actor: Actor,
  cases: readonly { caseId: string; personId: string }[],
): Promise<number> {
  if (cases.length === 0) return 0;
  const organisationId = actor.organisationId;
  const threshold = await thresholdOf(deps.db, organisationId);
  const { rows: hits } = await sql<{ person_id: string; case_id: string; candidate_id: string }>`
    select batch.person_id, batch.case_id, other.person_id as candidate_id
    from unnest(${cases.map((item) => item.personId)}::uuid[],
      ${cases.map((item) => item.caseId)}::uuid[]) as batch(person_id, case_id)
    join identity_index own on own.person_id = batch.person_id
      and own.kind = any(${[...CANDIDATE_KINDS]}::text[])
    join identity_index other on other.kind = own.kind and other.token_hash = own.token_hash
      and other.person_id <> batch.person_id
    join person on person.id = other.person_id and person.organisation_id = ${organisationId}
    group by batch.person_id, batch.case_id, other.person_id
    having count(*) >= 2 or bool_or(own.kind = 'phone')`.execute(deps.db);
  if (hits.length === 0) return 0;
  const involved = [
    ...new Set([...hits.map((hit) => hit.person_id), ...hits.map((hit) => hit.candidate_id)]),
  ];
  const tokenRows = await deps.db
    .selectFrom('identity_index')
    .select(['person_id', 'kind', 'token_hash'])
    .where('person_id', 'in', involved)
    .execute();
  const tokensOf = new Map<string, MatchToken[]>();
  for (const row of tokenRows) {
    const tokens = tokensOf.get(row.person_id) ?? [];
    tokens.push({ kind: row.kind as MatchToken['kind'], value: row.token_hash });
    tokensOf.set(row.person_id, tokens);
  }
  const scored = hits
    .map((hit) => ({
      ...hit,
      score:
        Math.round(
          similarityScore(tokensOf.get(hit.person_id) ?? [], tokensOf.get(hit.candidate_id) ?? []) *
            1000,
        ) / 1000,
    }))
    .filter((hit) => hit.score >= threshold)
    .sort((left, right) => right.score - left.score);
  if (scored.length === 0) return 0;
  const earlier = await earlierCasesOf(
    deps.db,
    organisationId,
    [...new Set(scored.map((hit) => hit.candidate_id))],
    null,
  );
  // Each pair once, at its best score; the unique pair index skips pairs suggested before.
  const pairs = new Map<string, (typeof scored)[number] & { earlierCase: EarlierCase }>();
  for (const hit of scored) {
    const earlierCase = earlier.get(hit.candidate_id);
    if (!earlierCase || earlierCase.caseId === hit.case_id) continue;
    const key = [hit.person_id, hit.candidate_id].sort().join(':');
    if (!pairs.has(key)) pairs.set(key, { ...hit, earlierCase });
  }
  if (pairs.size === 0) return 0;
  return deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('retrafficking_match')
      .values(
        [...pairs.values()].map((pair) => {
          const [low, high] = [pair.person_id, pair.candidate_id].sort() as [string, string];
          return {
            organisation_id: organisationId,
            person_id: pair.person_id,
            case_type: 'care_case' as const,
            case_id: pair.case_id,
            earlier_person_id: pair.candidate_id,
            earlier_case_type: pair.earlierCase.caseType,
            earlier_case_id: pair.earlierCase.caseId,
            score: pair.score,
            pair_low: low,
            pair_high: high,
          };
        }),
      )
      .onConflict((conflict) =>
        conflict.columns(['organisation_id', 'pair_low', 'pair_high']).doNothing(),
      )
      .returning('id')
      .execute();
    if (inserted.length > 0)
      await recordAudit(trx, {
        action: 'retrafficking.suggested',
        entityType: 'retrafficking_match',
        details: {
          caseType: 'care_case',
          via: 'import',
          matchIds: inserted.map((row) => row.id),
        },
      });
    return inserted.length;
  });
}
