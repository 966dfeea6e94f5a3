import {
  checkRevealReason,
  describeRevealReasonProblem,
  DomainError,
  type RevealPurpose,
} from '@dawn/core';
import { deny, requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { identitySchema, type Identity } from '../persons/person.schemas.ts';
import { findVisibleMatch, listVisibleMatches, thresholdOf } from './retrafficking.repository.ts';
import type { MatchView } from './retrafficking.schemas.ts';

/**
 * Re-trafficking alerts (issue 17). Seeing them follows `care_case:read` (the organisation's case
 * staff see all of its alerts, a team member those of their cases), deciding `care_case:write`,
 * comparing identities `identity:reveal` with a purpose and reason, as revealing one does.
 */
export async function listMatches(
  deps: Deps,
  filter: Parameters<typeof listVisibleMatches>[3],
): Promise<{ matches: MatchView[]; nextCursor: string | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:read');
  return listVisibleMatches(deps.db, actor, scope, filter);
}

export async function getMatch(deps: Deps, matchId: string): Promise<MatchView> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:read', {
    type: 'retrafficking_match',
    id: matchId,
  });
  const match = await findVisibleMatch(deps.db, actor, scope, matchId);
  if (!match)
    return deny(deps.db, {
      permission: 'care_case:read',
      entityType: 'retrafficking_match',
      entityId: matchId,
    });
  return match;
}

/** Same person: the two cases are linked (the match is the link). Different: never again. */
export async function decideMatch(
  deps: Deps,
  matchId: string,
  decision: 'same_person' | 'different_people',
): Promise<MatchView> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:write', {
    type: 'retrafficking_match',
    id: matchId,
  });
  const match = await findVisibleMatch(deps.db, actor, scope, matchId);
  if (!match)
    return deny(deps.db, {
      permission: 'care_case:write',
      entityType: 'retrafficking_match',
      entityId: matchId,
    });
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('retrafficking_match')
      .set({ status: decision, decided_by: actor.userId, decided_at: new Date() })
      .where('id', '=', matchId)
      .execute();
    await recordAudit(trx, {
      action: 'retrafficking.decided',
      entityType: 'retrafficking_match',
      entityId: matchId,
      details: { decision, previous: match.status },
    });
  });
  const decided = await findVisibleMatch(deps.db, actor, scope, matchId);
  if (!decided) throw new Error('decided match not found');
  return decided;
}

async function identityOf(deps: Deps, personId: string): Promise<Identity | undefined> {
  const row = await deps.db
    .selectFrom('person_identity')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;
  return deps.vault.openIdentity(row, identitySchema);
}

/** Both identities side by side, for someone allowed to reveal, with the reason audited. */
export async function compareIdentities(
  deps: Deps,
  matchId: string,
  request: { purpose: RevealPurpose; reason: string },
) {
  const { actor, scope } = await requirePermission(deps.db, 'identity:reveal', {
    type: 'retrafficking_match',
    id: matchId,
  });
  const match = await findVisibleMatch(deps.db, actor, scope, matchId);
  if (!match)
    return deny(deps.db, {
      permission: 'identity:reveal',
      entityType: 'retrafficking_match',
      entityId: matchId,
    });
  const [person, earlierPerson] = await Promise.all([
    identityOf(deps, match.person.id),
    identityOf(deps, match.earlierPerson.id),
  ]);
  if (!person || !earlierPerson)
    throw new DomainError('NOT_FOUND', 'No identity has been recorded for one of these persons.');
  const names = [person, earlierPerson].flatMap((identity) => [
    identity.legalName,
    ...identity.aliases,
  ]);
  if (checkRevealReason(request.reason, names) === 'contains_name') {
    const message = describeRevealReasonProblem('contains_name');
    throw new DomainError('VALIDATION_FAILED', `body.reason: ${message}`, {
      issues: [{ path: 'body.reason', message }],
    });
  }
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'retrafficking.compared',
      entityType: 'retrafficking_match',
      entityId: matchId,
      details: {
        purpose: request.purpose,
        reason: request.reason,
        personId: match.person.id,
        earlierPersonId: match.earlierPerson.id,
      },
    }),
  );
  const view = (pseudonym: string, identity: Identity) => ({
    pseudonym,
    legalName: identity.legalName,
    aliases: identity.aliases,
    ...(identity.birthDate ? { birthDate: identity.birthDate } : {}),
    phones: identity.phones,
  });
  return {
    person: view(match.person.pseudonym, person),
    earlierPerson: view(match.earlierPerson.pseudonym, earlierPerson),
  };
}

export async function getThreshold(deps: Deps): Promise<{ threshold: number }> {
  const { actor } = await requirePermission(deps.db, 'care_case:read');
  return { threshold: await thresholdOf(deps.db, actor.organisationId) };
}

/** The organisation's own threshold; only who sees all of its cases may set it. */
export async function setThreshold(deps: Deps, threshold: number): Promise<{ threshold: number }> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:write');
  if (scope !== 'organisation' && scope !== 'all')
    return deny(deps.db, { permission: 'care_case:write' });
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('retrafficking_setting')
      .values({ organisation_id: actor.organisationId, threshold })
      .onConflict((conflict) =>
        conflict.column('organisation_id').doUpdateSet({ threshold, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, { action: 'retrafficking.threshold_set', details: { threshold } });
  });
  return { threshold };
}
