import {
  buildNetwork,
  DomainError,
  similarityScore,
  type MatchToken,
  type NetworkEdge,
  type NetworkNode,
} from '@dawn/core';
import { deny, requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { personIsPartyToVisibleLegalCase } from '../legal-cases/legal-case.repository.ts';
import { NETWORK_CASE_LIMIT, networkRows, type NetworkFilter } from './network.repository.ts';

/** Two accused records scoring this much or more are suggested as one person. */
export const SAME_ACCUSED_SUGGESTION = 0.8;

/**
 * The network of the accused across the caller's visible legal cases (issue 17): legal officers
 * see their teams' cases, programme managers the organisation's, partners the cases shared with
 * them. Pseudonyms, case labels and place numbers only.
 */
export async function getNetwork(
  deps: Deps,
  filter: NetworkFilter,
): Promise<{ nodes: NetworkNode[]; edges: NetworkEdge[]; truncated: boolean }> {
  const { actor, scope } = await requirePermission(deps.db, 'legal_case:read');
  const rows = await networkRows(deps.db, actor, scope, filter);
  const network = buildNetwork({
    cases: rows.caseRows.map((row) => ({
      id: row.id,
      label: row.fir_number
        ? `FIR ${row.fir_number}${row.fir_year ? `/${row.fir_year}` : ''}`
        : (row.cnr ?? `#${row.id.slice(0, 8)}`),
    })),
    parties: rows.parties.map((party) => ({
      caseId: party.legal_case_id,
      personId: party.person_id,
      pseudonym: party.pseudonym,
      role: party.role,
    })),
    rescues: rows.rescues.flatMap((rescue) =>
      rescue.legal_case_id && rescue.location_hash
        ? [{ caseId: rescue.legal_case_id, placeHash: rescue.location_hash }]
        : [],
    ),
    accusedTokens: rows.tokens,
    confirmed: rows.links.map((link) => ({
      personLow: link.person_low,
      personHigh: link.person_high,
      score: link.score,
    })),
    suggestAt: SAME_ACCUSED_SUGGESTION,
  });
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'network.viewed',
      details: { cases: rows.caseRows.length, nodes: network.nodes.length },
    }),
  );
  return { ...network, truncated: rows.caseRows.length >= NETWORK_CASE_LIMIT };
}

/** Confirms that two accused records are one person (audited); both must be visible. */
export async function confirmAccusedLink(
  deps: Deps,
  personId: string,
  otherPersonId: string,
): Promise<void> {
  const { actor, scope } = await requirePermission(deps.db, 'legal_case:write');
  if (personId === otherPersonId)
    throw new DomainError('VALIDATION_FAILED', 'body.otherPersonId: is the same person', {
      issues: [{ path: 'body.otherPersonId', message: 'is the same person' }],
    });
  const visible = await deps.db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', 'in', [personId, otherPersonId])
    .where('person.organisation_id', '=', actor.organisationId)
    .where((eb) => personIsPartyToVisibleLegalCase(actor, scope)(eb))
    .execute();
  if (visible.length !== 2) return deny(deps.db, { permission: 'legal_case:write' });
  const [low, high] = [personId, otherPersonId].sort() as [string, string];
  const tokens = await deps.db
    .selectFrom('identity_index')
    .select(['person_id', 'kind', 'token_hash'])
    .where('person_id', 'in', [low, high])
    .execute();
  const of = (id: string) =>
    tokens
      .filter((row) => row.person_id === id)
      .map((row) => ({ kind: row.kind as MatchToken['kind'], value: row.token_hash }));
  const score = Math.round(similarityScore(of(low), of(high)) * 1000) / 1000;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accused_link')
      .values({
        organisation_id: actor.organisationId,
        person_low: low,
        person_high: high,
        score,
        confirmed_by: actor.userId,
      })
      .onConflict((conflict) =>
        conflict.columns(['organisation_id', 'person_low', 'person_high']).doNothing(),
      )
      .execute();
    await recordAudit(trx, {
      action: 'network.link_confirmed',
      entityType: 'person',
      entityId: low,
      details: { otherPersonId: high, score },
    });
  });
}
