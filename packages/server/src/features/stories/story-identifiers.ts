import type { GuardIdentifiers, GuardNameSource } from '@dawn/core';
import type { Deps } from '../../platform/deps.ts';
import { identitySchema, type Identity } from '../persons/person.schemas.ts';

/**
 * Everything that would identify a survivor, gathered for the identity-leak guard: her vault
 * identity, Dawn's internal pseudonym, the accused and officials on her legal cases, the places of
 * her cases and rescue operations. A fixed number of queries, whatever the number of cases. The
 * result lives only in memory for one check; nothing here is logged, stored or returned to a caller.
 */
export async function identifiersOfSurvivor(
  deps: Deps,
  personId: string,
): Promise<GuardIdentifiers> {
  const { db, vault } = deps;
  const names: { text: string; source: GuardNameSource }[] = [];
  const phones: string[] = [];
  const idNumbers: string[] = [];
  const places: string[] = [];
  const allowedPlaces = new Set<string>(['India', 'Bangladesh', 'Nepal']);

  const person = await db
    .selectFrom('person')
    .select(['pseudonym', 'origin_state'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (person)
    names.push({ text: person.pseudonym.replace(/[-\d]+.*$/, ''), source: 'internal_pseudonym' });
  if (person?.origin_state) allowedPlaces.add(person.origin_state);

  const legalCaseIds = (
    await db
      .selectFrom('legal_case_party')
      .select('legal_case_id')
      .where('person_id', '=', personId)
      .where('role', '=', 'victim')
      .execute()
  ).map((row) => row.legal_case_id);
  const accusedIds =
    legalCaseIds.length === 0
      ? []
      : (
          await db
            .selectFrom('legal_case_party')
            .select('person_id')
            .where('legal_case_id', 'in', legalCaseIds)
            .where('role', '=', 'accused')
            .execute()
        ).map((row) => row.person_id);

  const rescueOperations = await db
    .selectFrom('rescue_operation')
    .innerJoin(
      'rescue_operation_person',
      'rescue_operation_person.rescue_operation_id',
      'rescue_operation.id',
    )
    .select([
      'rescue_operation.id',
      'rescue_operation.district',
      'rescue_operation.location_sealed',
      'rescue_operation.official_ids',
    ])
    .where('rescue_operation_person.person_id', '=', personId)
    .execute();
  for (const operation of rescueOperations) {
    places.push(operation.district);
    if (operation.location_sealed)
      places.push(vault.openSecret(`rescue-location:${operation.id}`, operation.location_sealed));
  }

  const officialIds = new Set<string>(
    rescueOperations.flatMap((operation) => operation.official_ids),
  );
  if (legalCaseIds.length > 0) {
    const legalCases = await db
      .selectFrom('legal_case')
      .select(['investigating_officer_id', 'public_prosecutor_id', 'advocate_id'])
      .where('id', 'in', legalCaseIds)
      .execute();
    for (const legalCase of legalCases)
      for (const id of [
        legalCase.investigating_officer_id,
        legalCase.public_prosecutor_id,
        legalCase.advocate_id,
      ])
        if (id) officialIds.add(id);
    const eventOfficials = await db
      .selectFrom('legal_case_event_official')
      .innerJoin('legal_case_event', 'legal_case_event.id', 'legal_case_event_official.event_id')
      .select('legal_case_event_official.official_id')
      .where('legal_case_event.legal_case_id', 'in', legalCaseIds)
      .execute();
    for (const row of eventOfficials) officialIds.add(row.official_id);
  }
  if (officialIds.size > 0) {
    const officials = await db
      .selectFrom('official')
      .select('name')
      .where('id', 'in', [...officialIds])
      .execute();
    for (const official of officials) names.push({ text: official.name, source: 'official' });
  }

  // Places recorded on her care cases' events (rescue place, places of recruitment and exploitation).
  const events = await db
    .selectFrom('care_case_event')
    .innerJoin('care_case', 'care_case.id', 'care_case_event.case_id')
    .select('care_case_event.data')
    .where('care_case.person_id', '=', personId)
    .execute();
  for (const event of events) collectPlaces(event.data, places, allowedPlaces);

  const identities = await db
    .selectFrom('person_identity')
    .selectAll()
    .where('person_id', 'in', [personId, ...accusedIds])
    .execute();
  for (const row of identities) {
    const identity: Identity = vault.openIdentity(row, identitySchema);
    if (row.person_id !== personId) {
      names.push({ text: identity.legalName, source: 'case_party' });
      for (const alias of identity.aliases) names.push({ text: alias, source: 'case_party' });
      continue;
    }
    names.push({ text: identity.legalName, source: 'survivor' });
    for (const alias of identity.aliases) names.push({ text: alias, source: 'alias' });
    for (const member of identity.familyNames) names.push({ text: member.name, source: 'family' });
    phones.push(...identity.phones);
    for (const document of identity.identityDocuments) idNumbers.push(document.number);
    for (const address of identity.addresses) {
      places.push(address.line);
      if (address.district) places.push(address.district);
      if (address.postalCode) places.push(address.postalCode);
      if (address.state) allowedPlaces.add(address.state);
      if (address.country) allowedPlaces.add(address.country);
    }
  }
  return { names, phones, idNumbers, places, allowedPlaces: [...allowedPlaces] };
}

function collectPlaces(value: unknown, places: string[], allowed: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectPlaces(item, places, allowed);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'district' && typeof item === 'string') places.push(item);
    else if (key === 'state' && typeof item === 'string') allowed.add(item);
    else collectPlaces(item, places, allowed);
  }
}
