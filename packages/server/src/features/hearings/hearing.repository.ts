import type { LegalCaseTitleFir, Scope } from '@dawn/core';
import type { Actor } from '../../platform/access/actor.ts';
import {
  titleOf,
  toIndiaIso,
  visibleLegalCases,
  type Executor,
} from '../legal-cases/legal-case.repository.ts';

export interface HearingItem {
  legalCaseId: string;
  /** In English, for API clients; the web composes it from `titleFir`. */
  title: string;
  titleFir: LegalCaseTitleFir | null;
  court: string | null;
  at: string;
  kind: 'held' | 'scheduled';
  purpose: string | null;
  adjourned: boolean | null;
  adjournmentReason: string | null;
  /** Victims (case references) who testify at it. */
  witnesses: string[];
  eventId: string | null;
}

/**
 * Hearings between `from` and `to` on every case the caller may see: those held (court.hearing
 * events not corrected or withdrawn) and those scheduled (each case's next hearing).
 */
export async function hearingsBetween(
  db: Executor,
  actor: Actor,
  scope: Scope,
  from: Date,
  to: Date,
  onlyCaseIds?: readonly string[],
): Promise<HearingItem[]> {
  let held = db
    .selectFrom('legal_case_event as event')
    .innerJoin('legal_case', 'legal_case.id', 'event.legal_case_id')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .leftJoin('organisation as court', 'court.id', 'legal_case.court_id')
    .select([
      'legal_case.id',
      'legal_case.fir_number',
      'legal_case.fir_year',
      'station.name as station',
      'court.name as court',
      'event.id as event_id',
      'event.occurred_at',
      'event.data',
    ])
    .where('event.type', '=', 'court.hearing')
    .where('event.occurred_at', '>=', from)
    .where('event.occurred_at', '<', to)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('legal_case_event as later')
            .select('later.id')
            .whereRef('later.supersedes_id', '=', 'event.id'),
        ),
      ),
    )
    .where(visibleLegalCases(actor, scope));
  let scheduled = db
    .selectFrom('legal_case')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .leftJoin('organisation as court', 'court.id', 'legal_case.court_id')
    .select([
      'legal_case.id',
      'legal_case.fir_number',
      'legal_case.fir_year',
      'station.name as station',
      'court.name as court',
      'legal_case.next_hearing_at',
      'legal_case.next_hearing_purpose',
    ])
    .where('legal_case.next_hearing_at', '>=', from)
    .where('legal_case.next_hearing_at', '<', to)
    .where(visibleLegalCases(actor, scope));
  if (onlyCaseIds) {
    if (onlyCaseIds.length === 0) return [];
    held = held.where('legal_case.id', 'in', [...onlyCaseIds]);
    scheduled = scheduled.where('legal_case.id', 'in', [...onlyCaseIds]);
  }
  const items: HearingItem[] = [];
  for (const row of await held.execute()) {
    const data = row.data as {
      purpose?: string;
      adjourned?: boolean;
      adjournmentReason?: string;
      witnesses?: string[];
    };
    items.push({
      legalCaseId: row.id,
      ...titleOf(row.id, {
        number: row.fir_number,
        year: row.fir_year,
        policeStation: row.station,
      }),
      court: row.court,
      at: toIndiaIso(row.occurred_at),
      kind: 'held',
      purpose: data.purpose ?? null,
      adjourned: data.adjourned ?? false,
      adjournmentReason: data.adjournmentReason ?? null,
      witnesses: data.witnesses ?? [],
      eventId: row.event_id,
    });
  }
  for (const row of await scheduled.execute()) {
    if (!row.next_hearing_at) continue;
    items.push({
      legalCaseId: row.id,
      ...titleOf(row.id, {
        number: row.fir_number,
        year: row.fir_year,
        policeStation: row.station,
      }),
      court: row.court,
      at: toIndiaIso(row.next_hearing_at),
      kind: 'scheduled',
      purpose: row.next_hearing_purpose,
      adjourned: null,
      adjournmentReason: null,
      witnesses: [],
      eventId: null,
    });
  }
  return items.sort((left, right) => Date.parse(left.at) - Date.parse(right.at));
}

/** The legal cases of an organisation where the person is a victim, with her reference on each. */
export async function victimPartiesOf(
  db: Executor,
  organisationId: string,
  personId: string,
): Promise<{ legalCaseId: string; ref: string }[]> {
  const rows = await db
    .selectFrom('legal_case_party')
    .innerJoin('legal_case', 'legal_case.id', 'legal_case_party.legal_case_id')
    .select(['legal_case_party.legal_case_id', 'legal_case_party.ref'])
    .where('legal_case_party.person_id', '=', personId)
    .where('legal_case_party.role', '=', 'victim')
    .where('legal_case.organisation_id', '=', organisationId)
    .execute();
  return rows.map((row) => ({ legalCaseId: row.legal_case_id, ref: row.ref }));
}

/** When testimony preparations of these victims were held for: the hearings she is to testify at. */
export async function preparedHearingTimes(
  db: Executor,
  parties: readonly { legalCaseId: string; ref: string }[],
): Promise<{ legalCaseId: string; ref: string; at: Date }[]> {
  if (parties.length === 0) return [];
  const rows = await db
    .selectFrom('testimony_preparation')
    .select(['legal_case_id', 'victim_ref', 'for_hearing_at'])
    .where('for_hearing_at', 'is not', null)
    .where((eb) =>
      eb.or(
        parties.map((party) =>
          eb.and([eb('legal_case_id', '=', party.legalCaseId), eb('victim_ref', '=', party.ref)]),
        ),
      ),
    )
    .execute();
  return rows.flatMap((row) =>
    row.for_hearing_at
      ? [{ legalCaseId: row.legal_case_id, ref: row.victim_ref, at: row.for_hearing_at }]
      : [],
  );
}

export async function isCareCaseOf(
  db: Executor,
  careCaseId: string,
  personId: string,
  organisationId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('care_case')
    .select('id')
    .where('id', '=', careCaseId)
    .where('person_id', '=', personId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}
