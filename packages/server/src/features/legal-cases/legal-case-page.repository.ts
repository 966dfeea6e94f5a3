import { storedLegalEventData, utcIsoOf, type LegalEventType, type Scope } from '@dawn/core';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import {
  caseColumns,
  toIndiaIso,
  visibleLegalCases,
  type StoredEvent,
  type ViewRow,
} from './legal-case.repository.ts';

/**
 * What the legal-case page reads (issue 11): the case, its timeline and its obligations are three
 * requests, each one named statement that checks the caller's scope, reads the case's row by its
 * primary key and what hangs off it by the case's id (its parties, events, credits, obligations),
 * as JSON columns of that one row. Eleven statements a page before: the case's row read twice,
 * then its parties, its events and their credits, each alone.
 */

/** An event as the JSON columns below read it, credited officials as ids. */
export type JsonEvent = {
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string | null;
  supersedes: string | null;
  data: unknown;
  officials: string[];
};

/**
 * The case's events, superseded ones included, in timeline order (when they happened, then when
 * recorded, as `eventsOf` reads them), each with the ids of its credited officials: a column of a
 * select from `legal_case`.
 */
export function caseEventsColumn() {
  return sql<JsonEvent[]>`coalesce((select json_agg(json_build_object('id', event.id,
        'type', event.type, 'occurredAt', event.occurred_at, 'recordedAt', event.recorded_at,
        'recordedBy', event.recorded_by, 'supersedes', event.supersedes_id, 'data', event.data,
        'officials', coalesce((select json_agg(credit.official_id order by credit.official_id)
          from legal_case_event_official as credit where credit.event_id = event.id), '[]'))
        order by event.occurred_at, event.recorded_at)
      from legal_case_event as event where event.legal_case_id = legal_case.id), '[]')`.as(
    'events',
  );
}

/** The events of `caseEventsColumn` as the core rules read them (`eventsOf`'s form). */
export function storedEventsOf(events: readonly JsonEvent[]): StoredEvent[] {
  return events.map((event) => ({
    id: event.id,
    type: event.type as LegalEventType,
    occurredAt: toIndiaIso(event.occurredAt),
    recordedAt: utcIsoOf(event.recordedAt),
    recordedBy: event.recordedBy,
    supersedes: event.supersedes,
    officials: event.officials,
    // Parsed when it was recorded: read back as stored, defaults filled.
    data: storedLegalEventData(event.type as LegalEventType, event.data),
  }));
}

/** A party as the page's case read gives it, in `partiesOf`'s order once sorted. */
export type JsonPagePartyRow = {
  ref: string;
  role: 'victim' | 'accused';
  personId: string;
  pseudonym: string;
};

type Visibility = { caseId: string; userId: string; organisationId: string };

/**
 * The case's view (its row with its station's, court's and officials' names), its parties and its
 * events, if the caller may see it in `scope`: one statement. Shapes are scopes ('all' for a read
 * after a write the caller was allowed).
 */
const caseDetailRead = preparedSelect(
  (db, values: Visibility, scope) =>
    caseColumns(db)
      .select([
        sql<JsonPagePartyRow[]>`coalesce((select json_agg(json_build_object('ref', party.ref,
            'role', party.role, 'personId', person.id, 'pseudonym', person.pseudonym))
          from legal_case_party as party join person on person.id = party.person_id
          where party.legal_case_id = legal_case.id), '[]')`.as('parties'),
        caseEventsColumn(),
      ])
      .where('legal_case.id', '=', values.caseId)
      .where(visibleLegalCases(values, scope as Scope)),
  { named: true },
);

export type CaseDetailRow = ViewRow & { parties: JsonPagePartyRow[]; events: JsonEvent[] };

/** An official credited on one of the case's events, as the timeline names them. */
export type CreditedOfficial = { id: string; name: string; designation: string };

/**
 * The case's events and the officials they credit, if the caller may see the case in `scope`:
 * one statement. Undefined when it is gone or out of scope.
 */
const caseEventsRead = preparedSelect(
  (db, values: Visibility, scope) =>
    db
      .selectFrom('legal_case')
      .select([
        caseEventsColumn(),
        sql<CreditedOfficial[]>`coalesce((select json_agg(json_build_object('id', official.id,
            'name', official.name, 'designation', official.designation))
          from official where official.id in (select credit.official_id
            from legal_case_event as event
            join legal_case_event_official as credit on credit.event_id = event.id
            where event.legal_case_id = legal_case.id)), '[]')`.as('officials'),
      ])
      .where('legal_case.id', '=', values.caseId)
      .where(visibleLegalCases(values, scope as Scope)),
  { named: true },
);

/** The parameters of a scope's shape; scope 'all' reads none of the actor's. */
const visibility = (access: Access | undefined, caseId: string): Visibility => ({
  caseId,
  userId: access?.actor.userId ?? '',
  organisationId: access?.actor.organisationId ?? '',
});

type Access = { actor: Actor; scope: Scope };

type Executor = Parameters<typeof caseDetailRead.execute>[0];

/**
 * The case's detail row if the caller may see it (`access`), or whatever the caller, when the
 * caller was allowed a change to the case just before (`undefined`).
 */
export async function caseDetailRow(
  db: Executor,
  access: Access | undefined,
  caseId: string,
): Promise<CaseDetailRow | undefined> {
  const [row] = await caseDetailRead.execute(
    db,
    access?.scope ?? 'all',
    visibility(access, caseId),
  );
  return row;
}

/** The case's events and their credited officials, if `actor` may see it in `scope`. */
export async function caseEventsRow(
  db: Executor,
  access: Access,
  caseId: string,
): Promise<{ events: StoredEvent[]; officials: Map<string, CreditedOfficial> } | undefined> {
  const [row] = await caseEventsRead.execute(db, access.scope, visibility(access, caseId));
  if (!row) return undefined;
  return {
    events: storedEventsOf(row.events),
    officials: new Map(row.officials.map((official) => [official.id, official])),
  };
}
