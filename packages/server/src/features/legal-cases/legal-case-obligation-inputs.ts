import {
  PERSON_AGE_BAND_YEARS,
  storedLegalEventData,
  toDeadlineInput,
  type DeadlineInput,
  type LegalEvent,
  type LegalEventType,
  type PersonAgeBand,
} from '@dawn/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Vault } from '../../platform/vault/vault.ts';
import { toIndiaIso, type Executor, type PartyRow } from './legal-case.repository.ts';

/** Cases read per statement: keeps each `in (…)` list, and the rows held in memory, bounded. */
export const CASES_PER_READ = 500;

/**
 * Of an identity, only its birth date, when it holds one: the victim's birth date for the
 * under-18 rules. It is read for the computation only: the engine's explanations never carry it,
 * so obligations (stored, listed, alerted, e-mailed) hold no vault value.
 */
export const birthDateOnly = z.object({ birthDate: z.string().optional().catch(undefined) });

const KOLKATA_OFFSET_MS = 330 * 60_000;

/** What the person row says of the age (not in the vault): the band and the day it was recorded. */
export function ageFactsOf(party: PartyRow) {
  const band = Object.hasOwn(PERSON_AGE_BAND_YEARS, party.ageBand)
    ? (party.ageBand as PersonAgeBand)
    : undefined;
  const recordedOn = new Date(party.personCreatedAt.getTime() + KOLKATA_OFFSET_MS)
    .toISOString()
    .slice(0, 10);
  return {
    ageBand: band ? { band, on: recordedOn } : null,
    birthYearEstimate: party.birthYearEstimate,
  };
}

/** The engine reads the ref's number: V2 after V1, A10 after A9. */
function byRoleThenRef(left: PartyRow, right: PartyRow): number {
  return left.role === right.role
    ? Number(left.ref.slice(1)) - Number(right.ref.slice(1))
    : left.role === 'victim'
      ? -1
      : 1;
}

/**
 * The deadline engine's input for each of `caseIds` (at most {@link CASES_PER_READ}), read in two
 * statements whatever the number of cases, parties or events: the cases with their parties and
 * the victims' sealed identities (only for their birth date, only with a vault), and every event. The
 * facts `obligationsForLegalCase` reads for one case (it calls this), so both give the same obligations; the
 * credited officials are not read, the engine does not use them. Unknown ids are left out.
 * `inputsVersions`, when given, receives each case's `deadline_inputs_version` (migration 0029g)
 * as read with its facts (before its events).
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
  // The cases, their parties and the victims' sealed identities in one statement (one row a party,
  // or one for a case without any): two round trips fewer than reading them one after another.
  // The inputs version (migration 0029g) is read in the same statement as these facts and before
  // the events, so what is read is at least as new as it: a write in between leaves the case
  // stale for the next sweep, never marked as swept too early.
  const rows = await db
    .selectFrom('legal_case')
    .leftJoin('legal_case_party', 'legal_case_party.legal_case_id', 'legal_case.id')
    .leftJoin('person', 'person.id', 'legal_case_party.person_id')
    .select([
      'legal_case.id',
      'legal_case.offences',
      'legal_case.forum',
      sql<string>`legal_case.deadline_inputs_version::text`.as('version'),
      'legal_case_party.ref',
      'legal_case_party.role',
      'person.id as person_id',
      'person.pseudonym',
      'person.age_band',
      'person.birth_year_estimate',
      'person.created_at',
    ])
    .$if(vault !== undefined, (query) =>
      query
        .leftJoin('person_identity', (join) =>
          join
            .onRef('person_identity.person_id', '=', 'person.id')
            .on('legal_case_party.role', '=', 'victim'),
        )
        .select([
          'person_identity.key_id',
          'person_identity.wrapped_data_key',
          'person_identity.ciphertext',
        ]),
    )
    .where('legal_case.id', 'in', ids)
    .execute();
  if (rows.length === 0) return inputs;
  const cases = new Map(rows.map((row) => [row.id, row]));
  for (const [id, row] of cases) inputsVersions?.set(id, row.version);
  const birthDates = new Map<string, string | undefined>();
  const partiesByCase = new Map<string, PartyRow[]>();
  for (const row of rows) {
    if (row.ref === null || row.role === null || row.person_id === null) continue;
    const parties = partiesByCase.get(row.id) ?? [];
    parties.push({
      ref: row.ref,
      role: row.role,
      personId: row.person_id,
      pseudonym: row.pseudonym ?? '',
      ageBand: row.age_band ?? '',
      birthYearEstimate: row.birth_year_estimate ?? null,
      personCreatedAt: new Date(row.created_at ?? 0),
    });
    partiesByCase.set(row.id, parties);
    // Decrypted for the computation only, once a person; the engine's output never carries a
    // birth date.
    if (
      vault &&
      row.ciphertext &&
      row.key_id &&
      row.wrapped_data_key &&
      !birthDates.has(row.person_id)
    )
      birthDates.set(
        row.person_id,
        vault.openIdentity(
          {
            person_id: row.person_id,
            key_id: row.key_id,
            wrapped_data_key: row.wrapped_data_key,
            ciphertext: row.ciphertext,
          },
          birthDateOnly,
        ).birthDate,
      );
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
  for (const legalCase of cases.values()) {
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
