import type { MatchToken, Scope } from '@dawn/core';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { visibleLegalCases } from '../legal-cases/legal-case.repository.ts';

/** At most this many cases are drawn: a network page is for reading, not for the whole archive. */
export const NETWORK_CASE_LIMIT = 300;

export interface NetworkFilter {
  from?: string | undefined;
  to?: string | undefined;
  district?: string | undefined;
  /** The network of one accused: the cases they are party to, and those linked to them. */
  personId?: string | undefined;
}

/**
 * The rows a network is drawn from, in five queries whatever its size: the visible legal cases
 * in the period (and district, through their rescues), their parties with pseudonyms, their
 * rescues' place hashes, the accused's blind-index tokens, and the confirmed links among them.
 */
export async function networkRows(
  db: Kysely<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  filter: NetworkFilter,
) {
  let cases = db
    .selectFrom('legal_case')
    .select([
      'legal_case.id',
      'legal_case.organisation_id',
      'legal_case.fir_number',
      'legal_case.fir_year',
      'legal_case.cnr',
      'legal_case.created_at',
    ])
    .where(visibleLegalCases(actor, scope));
  const day = sql`coalesce(legal_case.fir_date, (legal_case.created_at at time zone 'Asia/Kolkata')::date)`;
  if (filter.from) cases = cases.where(sql<boolean>`${day} >= ${filter.from}::date`);
  if (filter.to) cases = cases.where(sql<boolean>`${day} <= ${filter.to}::date`);
  if (filter.district)
    cases = cases.where((eb) =>
      eb.exists(
        eb
          .selectFrom('rescue_operation')
          .select(sql`1`.as('one'))
          .whereRef('rescue_operation.legal_case_id', '=', 'legal_case.id')
          .where(sql<boolean>`lower(rescue_operation.district) = lower(${filter.district})`),
      ),
    );
  if (filter.personId) {
    const personId = filter.personId;
    cases = cases.where((eb) =>
      eb.exists(
        eb
          .selectFrom('legal_case_party')
          .select(sql`1`.as('one'))
          .whereRef('legal_case_party.legal_case_id', '=', 'legal_case.id')
          .where('legal_case_party.person_id', '=', personId),
      ),
    );
  }
  const caseRows = await cases
    .orderBy('legal_case.created_at', 'desc')
    .orderBy('legal_case.id', 'desc')
    .limit(NETWORK_CASE_LIMIT)
    .execute();
  const caseIds = caseRows.map((row) => row.id);
  if (caseIds.length === 0)
    return {
      caseRows,
      parties: [],
      rescues: [],
      tokens: new Map<string, MatchToken[]>(),
      links: [],
    };
  const parties = await db
    .selectFrom('legal_case_party')
    .innerJoin('person', 'person.id', 'legal_case_party.person_id')
    .select([
      'legal_case_party.legal_case_id',
      'legal_case_party.person_id',
      'legal_case_party.role',
      'person.pseudonym',
    ])
    .where('legal_case_party.legal_case_id', 'in', caseIds)
    .execute();
  const rescues = await db
    .selectFrom('rescue_operation')
    .select(['legal_case_id', 'location_hash'])
    .where('legal_case_id', 'in', caseIds)
    .where('location_hash', 'is not', null)
    .execute();
  const accusedIds = [
    ...new Set(parties.filter((party) => party.role === 'accused').map((party) => party.person_id)),
  ];
  const tokens = new Map<string, MatchToken[]>();
  if (accusedIds.length > 0) {
    const rows = await db
      .selectFrom('identity_index')
      .select(['person_id', 'kind', 'token_hash'])
      .where('person_id', 'in', accusedIds)
      .execute();
    for (const id of accusedIds) tokens.set(id, []);
    for (const row of rows)
      tokens
        .get(row.person_id)
        ?.push({ kind: row.kind as MatchToken['kind'], value: row.token_hash });
  }
  const links =
    accusedIds.length > 1
      ? await db
          .selectFrom('accused_link')
          .select(['person_low', 'person_high', 'score'])
          .where('person_low', 'in', accusedIds)
          .where('person_high', 'in', accusedIds)
          .execute()
      : [];
  return { caseRows, parties, rescues, tokens, links };
}
