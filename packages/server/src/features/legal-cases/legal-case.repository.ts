import {
  bailClassOf,
  englishLegalCaseTitle,
  findOffence,
  formatUtcInstant,
  legalCaseTitleFir,
  parseInstantOrNaN,
  parseOffenceCode,
  storedLegalEventData,
  type LegalCaseTitleFir,
  type LegalEvent,
  type LegalEventType,
  type Scope,
} from '@dawn/core';
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { documentEntityVisibility } from '../documents/document-entity-visibility.ts';
import type { LegalCaseView } from './legal-case.schemas.ts';

export type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/** Dates as Asia/Kolkata wall time with its offset, as the rules and the engine read them. */
export function toIndiaIso(value: Date | string): string {
  // Without `Date`'s parser and `toISOString` when the text has the common ISO form (issue 11:
  // every event of a case read when one is recorded, and every row of the legal lists).
  const instant = typeof value === 'string' ? parseInstantOrNaN(value) : value.getTime();
  const local = Number.isNaN(instant)
    ? new Date(new Date(value).getTime() + 330 * 60_000).toISOString()
    : formatUtcInstant(instant + 330 * 60_000);
  return local.replace('Z', '+05:30');
}

/**
 * The caller's scope over legal cases as SQL: team (membership), organisation (owner), shared
 * (shared with the caller's organisation, e.g. a partner police station).
 */
export function visibleLegalCases(actor: Pick<Actor, 'userId' | 'organisationId'>, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'legal_case'>) => {
    switch (scope) {
      case 'all':
        return eb.val(true);
      case 'organisation':
        return eb('legal_case.organisation_id', '=', actor.organisationId);
      case 'team':
        return eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', 'legal_case')
            .whereRef('team_membership.entity_id', '=', 'legal_case.id')
            .where('team_membership.user_id', '=', actor.userId),
        );
      case 'shared':
        return eb.exists(
          eb
            .selectFrom('legal_case_share')
            .select(sql`1`.as('one'))
            .whereRef('legal_case_share.legal_case_id', '=', 'legal_case.id')
            .where('legal_case_share.organisation_id', '=', actor.organisationId),
        );
      case 'shelter':
        return eb.val(false);
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
  };
}

/** A case's row as its view needs it, with its station's, court's and officials' names. */
export function caseColumns(db: Executor) {
  return db
    .selectFrom('legal_case')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .leftJoin('organisation as court', 'court.id', 'legal_case.court_id')
    .leftJoin('official as io', 'io.id', 'legal_case.investigating_officer_id')
    .leftJoin('official as pp', 'pp.id', 'legal_case.public_prosecutor_id')
    .leftJoin('official as advocate', 'advocate.id', 'legal_case.advocate_id')
    .select(viewColumns.map((column) => `legal_case.${column}` as const))
    .select([
      'station.name as station_name',
      'court.name as court_name',
      'io.name as io_name',
      'io.designation as io_designation',
      'pp.name as pp_name',
      'pp.designation as pp_designation',
      'advocate.name as advocate_name',
      'advocate.designation as advocate_designation',
      // As text: drivers would read a date as local midnight.
      sql<string | null>`legal_case.fir_date::text`.as('fir_date_text'),
    ]);
}
type CaseRow = Awaited<ReturnType<ReturnType<typeof caseColumns>['executeTakeFirstOrThrow']>>;

/** The columns of a legal case its view is made of. */
export const viewColumns = [
  'id',
  'organisation_id',
  'fir_police_station_id',
  'fir_number',
  'fir_year',
  'zero_fir',
  'cnr',
  'court_id',
  'forum',
  'offences',
  'investigating_officer_id',
  'public_prosecutor_id',
  'advocate_id',
  'stage',
  'accused_in_custody',
  'next_hearing_at',
  'next_hearing_purpose',
  'last_event_at',
  'created_at',
] as const;

/** A row of `caseColumns`, as much of it as the view needs. */
export type ViewRow = Pick<
  CaseRow,
  | (typeof viewColumns)[number]
  | 'station_name'
  | 'court_name'
  | 'io_name'
  | 'io_designation'
  | 'pp_name'
  | 'pp_designation'
  | 'advocate_name'
  | 'advocate_designation'
  | 'fir_date_text'
>;

/** A person is a victim or an accused on a legal case the caller may see in this scope. */
export function personIsPartyToVisibleLegalCase(actor: Actor, scope: Scope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'person'>) =>
    eb.exists(
      eb
        .selectFrom('legal_case_party')
        .innerJoin('legal_case', 'legal_case.id', 'legal_case_party.legal_case_id')
        .select(sql`1`.as('one'))
        .whereRef('legal_case_party.person_id', '=', 'person.id')
        .where(visibleLegalCases(actor, scope)),
    );
}

type OffenceView = LegalCaseView['offences'][number];

/**
 * Each code's view, worked out once (issue 11): a list page parsed and looked up every offence of
 * every row again (the code's shorter forms built as strings), for an answer that depends on the
 * code and the built-in catalogue only. Frozen, so a view shared by many rows cannot be changed
 * through one; at most MAX_OFFENCE_VIEWS codes are kept (codes are checked against the pattern,
 * not a closed set).
 */
const offenceViews = new Map<string, Readonly<OffenceView>>();
const MAX_OFFENCE_VIEWS = 2_000;

export function offenceView(code: string): OffenceView {
  const known = offenceViews.get(code);
  if (known) return known;
  const parsed = parseOffenceCode(code);
  const entry = parsed ? findOffence(parsed) : undefined;
  const bail = entry ? bailClassOf(entry.punishment) : { days: 60 as const, contested: false };
  const view = Object.freeze({
    code,
    title: entry?.title ?? null,
    defaultBailDays: bail.days,
    contested: bail.contested,
    inCatalogue: entry !== undefined,
  });
  if (offenceViews.size < MAX_OFFENCE_VIEWS) offenceViews.set(code, view);
  return view;
}

const official = (id: string | null, name: string | null, designation: string | null) =>
  id && name ? { id, name, designation: designation ?? '' } : null;

/** A view's three instants, as India wall time with its offset (`toIndiaIso`). */
export interface ViewInstants {
  nextHearingAt: string | null;
  lastEventAt: string | null;
  createdAt: string;
}

export function toView(row: ViewRow): LegalCaseView {
  return viewOf(row, {
    nextHearingAt: row.next_hearing_at ? toIndiaIso(row.next_hearing_at) : null,
    lastEventAt: row.last_event_at ? toIndiaIso(row.last_event_at) : null,
    createdAt: toIndiaIso(row.created_at),
  });
}

/**
 * A case's title, in English for API clients and in its parts for the web to compose in the
 * reader's language (core legal-case-title.ts): its FIR or the start of its id; never a person.
 * Every answer that names a case takes both from here.
 */
export function titleOf(
  id: string,
  fir: { number: string | null; year: number | null; policeStation: string | null },
): { title: string; titleFir: LegalCaseTitleFir | null } {
  const titleFir = legalCaseTitleFir(fir);
  return { title: englishLegalCaseTitle(titleFir, id), titleFir };
}

/** The view of a row whose instants were read some other way (the list reads them as text). */
export function viewOf(
  row: Omit<ViewRow, 'next_hearing_at' | 'last_event_at' | 'created_at'>,
  instants: ViewInstants,
): LegalCaseView {
  const fir =
    row.fir_police_station_id && row.fir_number && row.fir_year
      ? {
          policeStation: { id: row.fir_police_station_id, name: row.station_name ?? '' },
          number: row.fir_number,
          year: row.fir_year,
          date: row.fir_date_text,
          zeroFir: row.zero_fir,
        }
      : null;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    ...titleOf(row.id, {
      number: row.fir_number,
      year: row.fir_year,
      policeStation: row.station_name,
    }),
    fir,
    cnr: row.cnr,
    court: row.court_id ? { id: row.court_id, name: row.court_name ?? '' } : null,
    forum: row.forum,
    offences: row.offences.map(offenceView),
    investigatingOfficer: official(row.investigating_officer_id, row.io_name, row.io_designation),
    publicProsecutor: official(row.public_prosecutor_id, row.pp_name, row.pp_designation),
    advocate: official(row.advocate_id, row.advocate_name, row.advocate_designation),
    stage: row.stage as LegalCaseView['stage'],
    accusedInCustody: row.accused_in_custody,
    nextHearing:
      instants.nextHearingAt === null
        ? null
        : { at: instants.nextHearingAt, purpose: row.next_hearing_purpose },
    lastEventAt: instants.lastEventAt,
    createdAt: instants.createdAt,
  };
}

export async function findVisibleLegalCase(
  db: Executor,
  actor: Actor,
  scope: Scope,
  caseId: string,
): Promise<LegalCaseView | undefined> {
  const row = await caseColumns(db)
    .where('legal_case.id', '=', caseId)
    .where(visibleLegalCases(actor, scope))
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

documentEntityVisibility.register('legal_case', async (db, actor, scope, caseId) =>
  Boolean(
    await db
      .selectFrom('legal_case')
      .select('legal_case.id')
      .where('legal_case.id', '=', caseId)
      .where(visibleLegalCases(actor, scope))
      .executeTakeFirst(),
  ),
);

/**
 * The columns a legal case's obligations are stored under: its owner and what `legalCaseCode`
 * names it by, on `legal_case` left-joined with its police station as `station`.
 */
export const obligationTargetColumns = [
  'legal_case.id',
  'legal_case.organisation_id',
  'legal_case.fir_number',
  'legal_case.fir_year',
  'station.name as station_name',
] as const;

/**
 * What the stored obligations name a legal case by. `lock` also locks the case's row for the
 * transaction (recording an event), so the lock and this read are one round trip.
 */
export async function findObligationTarget(
  db: Executor,
  caseId: string,
  options: { lock?: boolean } = {},
) {
  const query = db
    .selectFrom('legal_case')
    .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
    .select(obligationTargetColumns)
    .where('legal_case.id', '=', caseId);
  return (options.lock ? query.forUpdate('legal_case') : query).executeTakeFirst();
}

export interface PartyRow {
  ref: string;
  role: 'victim' | 'accused';
  personId: string;
  pseudonym: string;
  ageBand: string;
  birthYearEstimate: number | null;
  personCreatedAt: Date;
}

/** Victims first, then the accused, each in the order of their refs (V1, V2, …, A1, A2, …). */
export function byPartyOrder(
  left: Pick<PartyRow, 'role' | 'ref'>,
  right: Pick<PartyRow, 'role' | 'ref'>,
): number {
  if (left.role === right.role) return Number(left.ref.slice(1)) - Number(right.ref.slice(1));
  return left.role === 'victim' ? -1 : 1;
}

export async function partiesOf(db: Executor, caseId: string): Promise<PartyRow[]> {
  const rows = await db
    .selectFrom('legal_case_party')
    .innerJoin('person', 'person.id', 'legal_case_party.person_id')
    .select([
      'legal_case_party.ref',
      'legal_case_party.role',
      'legal_case_party.person_id',
      'person.pseudonym',
      'person.age_band',
      'person.birth_year_estimate',
      'person.created_at',
    ])
    .where('legal_case_party.legal_case_id', '=', caseId)
    .orderBy('legal_case_party.role', 'desc')
    .orderBy('legal_case_party.added_at')
    .execute();
  return rows
    .map((row) => ({
      ref: row.ref,
      role: row.role,
      personId: row.person_id,
      pseudonym: row.pseudonym,
      ageBand: row.age_band,
      birthYearEstimate: row.birth_year_estimate,
      personCreatedAt: new Date(row.created_at),
    }))
    .sort(byPartyOrder);
}

export interface StoredEvent extends LegalEvent {
  readonly recordedBy: string | null;
}

/** Every event of a case, superseded ones included, as the core rules read them. */
export async function eventsOf(db: Executor, caseId: string): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('legal_case_event')
    .selectAll()
    .where('legal_case_id', '=', caseId)
    .orderBy('occurred_at')
    .orderBy('recorded_at')
    .execute();
  const credits = rows.length
    ? await db
        .selectFrom('legal_case_event_official')
        .select(['event_id', 'official_id'])
        .where(
          'event_id',
          'in',
          rows.map((row) => row.id),
        )
        .execute()
    : [];
  const officialsOf = new Map<string, string[]>();
  for (const credit of credits) {
    const officials = officialsOf.get(credit.event_id) ?? [];
    officials.push(credit.official_id);
    officialsOf.set(credit.event_id, officials);
  }
  return rows.map((row) => ({
    id: row.id,
    type: row.type as LegalEventType,
    occurredAt: toIndiaIso(row.occurred_at),
    recordedAt: new Date(row.recorded_at).toISOString(),
    recordedBy: row.recorded_by,
    supersedes: row.supersedes_id,
    officials: officialsOf.get(row.id) ?? [],
    // Parsed when it was recorded: read back as stored, defaults filled.
    data: storedLegalEventData(row.type as LegalEventType, row.data),
  }));
}

export async function officialsByIds(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; designation: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('official')
    .select(['id', 'name', 'designation'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}
