import type { MatchToken } from '@dawn/core';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { RetraffickingCaseType } from '../../platform/db/schema.ts';
import { rankSimilar } from '../persons/person-matching.ts';
import { earlierCasesOf, thresholdOf } from './retrafficking.repository.ts';

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
  newCase: { type: RetraffickingCaseType; id: string },
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
    await deps.db.transaction().execute(async (trx) => {
      for (const match of similar) {
        const earlierCase = earlier.get(match.personId);
        if (!earlierCase) continue;
        const [low, high] = [personId, match.personId].sort() as [string, string];
        const row = await trx
          .insertInto('retrafficking_match')
          .values({
            organisation_id: organisationId,
            person_id: personId,
            case_type: newCase.type,
            case_id: newCase.id,
            earlier_person_id: match.personId,
            earlier_case_type: earlierCase.caseType,
            earlier_case_id: earlierCase.caseId,
            score: match.score,
            pair_low: low,
            pair_high: high,
          })
          .onConflict((conflict) =>
            conflict.columns(['organisation_id', 'pair_low', 'pair_high']).doNothing(),
          )
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        suggested += 1;
        await recordAudit(trx, {
          action: 'retrafficking.suggested',
          entityType: 'retrafficking_match',
          entityId: row.id,
          details: { score: match.score, caseType: newCase.type },
        });
      }
    });
  }
  return suggested;
}
