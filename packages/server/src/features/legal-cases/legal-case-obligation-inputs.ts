import {
  storedLegalEventData,
  toDeadlineInput,
  type DeadlineInput,
  type LegalEvent,
  type LegalEventType,
} from '@dawn/core';
import { sql } from 'kysely';
import type { Vault } from '../../platform/vault/vault.ts';
import { ageFactsOf, birthDateOnly } from './legal-case-obligations.ts';
import { toIndiaIso, type Executor, type PartyRow } from './legal-case.repository.ts';

/** Cases read per statement: keeps each `in (…)` list, and the rows held in memory, bounded. */
export const CASES_PER_READ = 500;

/** The engine reads the ref's number: V2 after V1, A10 after A9. */
function byRoleThenRef(left: PartyRow, right: PartyRow): number {
  return left.role === right.role
    ? Number(left.ref.slice(1)) - Number(right.ref.slice(1))
    : left.role === 'victim'
      ? -1
      : 1;
}

/**
 * The deadline engine's input for each of `caseIds` (at most {@link CASES_PER_READ}), read in four
 * statements whatever the number of cases, parties or events: the cases, their parties, the
 * victims' sealed identities (only for their birth date, only with a vault) and every event. The
 * same facts `obligationsForLegalCase` reads for one case, so both give the same obligations; the
 * credited officials are not read, the engine does not use them. Unknown ids are left out.
 * `inputsVersions`, when given, receives each case's `deadline_inputs_version` (migration 0029g)
 * as read before its facts.
 */
export async function deadlineInputsFor(
  db: Executor,
  caseIds: readonly string[],
  asOf: Date,
  vault?: Vault,
  inputsVersions?: Map<string, string>,
): Promise<Map<string, DeadlineInput>> {
  const inputs = new Map<string, DeadlineInput>();
  if (caseIds.length === 0) return inputs;
  const ids = [...new Set(caseIds)];
  // The version is read first, so the facts read after it are at least as new: a write in
  // between leaves the case stale for the next sweep, never marked as swept too early.
  const cases = await db
    .selectFrom('legal_case')
    .select(['id', 'offences', 'forum', sql<string>`deadline_inputs_version::text`.as('version')])
    .where('id', 'in', ids)
    .execute();
  if (cases.length === 0) return inputs;
  for (const legalCase of cases) inputsVersions?.set(legalCase.id, legalCase.version);
  const partyRows = await db
    .selectFrom('legal_case_party')
    .innerJoin('person', 'person.id', 'legal_case_party.person_id')
    .select([
      'legal_case_party.legal_case_id',
      'legal_case_party.ref',
      'legal_case_party.role',
      'legal_case_party.person_id',
      'person.pseudonym',
      'person.age_band',
      'person.birth_year_estimate',
      'person.created_at',
    ])
    .where('legal_case_party.legal_case_id', 'in', ids)
    .execute();
  const victimIds = [
    ...new Set(partyRows.filter((row) => row.role === 'victim').map((row) => row.person_id)),
  ];
  const birthDates = new Map<string, string | undefined>();
  if (vault && victimIds.length > 0) {
    const sealed = await db
      .selectFrom('person_identity')
      .select(['person_id', 'key_id', 'wrapped_data_key', 'ciphertext'])
      .where('person_id', 'in', victimIds)
      .execute();
    // Decrypted for the computation only; the engine's output never carries a birth date.
    for (const row of sealed)
      birthDates.set(row.person_id, vault.openIdentity(row, birthDateOnly).birthDate);
  }
  // The columns the engine reads; one array parameter, not one parameter per case.
  const eventRows = await db
    .selectFrom('legal_case_event')
    .select(['id', 'legal_case_id', 'type', 'occurred_at', 'recorded_at', 'supersedes_id', 'data'])
    .where('legal_case_id', '=', sql<string>`any(${ids}::uuid[])`)
    .orderBy('legal_case_id')
    .orderBy('occurred_at')
    .orderBy('recorded_at')
    .execute();

  const partiesByCase = new Map<string, PartyRow[]>();
  for (const row of partyRows) {
    const parties = partiesByCase.get(row.legal_case_id) ?? [];
    parties.push({
      ref: row.ref,
      role: row.role,
      personId: row.person_id,
      pseudonym: row.pseudonym,
      ageBand: row.age_band,
      birthYearEstimate: row.birth_year_estimate,
      personCreatedAt: new Date(row.created_at),
    });
    partiesByCase.set(row.legal_case_id, parties);
  }
  const eventsByCase = new Map<string, LegalEvent[]>();
  for (const row of eventRows) {
    const events = eventsByCase.get(row.legal_case_id) ?? [];
    events.push({
      id: row.id,
      type: row.type as LegalEventType,
      occurredAt: toIndiaIso(row.occurred_at),
      recordedAt: new Date(row.recorded_at).toISOString(),
      supersedes: row.supersedes_id,
      officials: [],
      // Validated by the write path: read back as stored, defaults filled.
      data: storedLegalEventData(row.type as LegalEventType, row.data),
    });
    eventsByCase.set(row.legal_case_id, events);
  }
  for (const legalCase of cases) {
    const parties = (partiesByCase.get(legalCase.id) ?? []).sort(byRoleThenRef);
    inputs.set(
      legalCase.id,
      toDeadlineInput(
        {
          offences: legalCase.offences,
          forum: legalCase.forum,
          victims: parties
            .filter((party) => party.role === 'victim')
            .map((party) => ({
              ref: party.ref,
              birthDate: birthDates.get(party.personId) ?? null,
              ...ageFactsOf(party),
            })),
          accused: parties
            .filter((party) => party.role === 'accused')
            .map((party) => ({ ref: party.ref })),
        },
        eventsByCase.get(legalCase.id) ?? [],
        asOf,
      ),
    );
  }
  return inputs;
}
