import { type LegalCaseSummary, type LegalEventType, type Scope } from '@dawn/core';
import { sql, type Insertable, type RawBuilder, type Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { executeNamed, preparedSelect } from '../../platform/db/prepared-select.ts';
import type { Claim } from '../../platform/idempotency.ts';
import type { AuditEventTable, DatabaseSchema } from '../../platform/db/schema.ts';
import type { LegalCaseTable } from '../../platform/db/schema-legal-cases.ts';
import type { SealedIdentityRow } from '../../platform/vault/vault.ts';
import {
  ALERTED_OBLIGATION_COLUMNS,
  parseFoldedAlerts,
  type FoldedAlerts,
} from '../notifications/alert-candidates.repository.ts';
import { legalCaseCode } from '../obligations/legal-case.obligation-source.ts';
import type { ObligationTarget } from '../obligations/obligation-sync.ts';
import { summaryColumns, type compensationClaimRows } from './legal-case-derived.ts';
import { caseEventsColumn, storedEventsOf, type JsonEvent } from './legal-case-page.repository.ts';
import {
  byPartyOrder,
  obligationTargetColumns,
  visibleLegalCases,
  type PartyRow,
  type StoredEvent,
} from './legal-case.repository.ts';

/**
 * The SQL of recording an event (issue 11): a fixed, small number of round trips inside the one
 * transaction that locks the case, writes the event and keeps everything derived from the
 * timeline (columns, compensation claims, obligations, alerts) equal to it.
 */

/** What the sweep knows of the case's stored obligations, as the lock read them. */
export interface DeadlineState {
  /** The stored obligations came from the inputs as they are now (no write since). */
  current: boolean;
  evaluatedAt: Date | null;
  nextChangeAt: Date | null;
}

/**
 * What recording an event reads of a case besides the case itself, as columns of a select from
 * `legal_case`: its parties (and the victims' sealed identities when `withIdentities`), its events
 * with their credited officials, and its stored obligations' hashes. Read with the lock in one
 * statement (`visibleCaseLockedAndRead`), or after it when that read was too early
 * (`recordingInputsOf`).
 */
function recordingReadColumns(withIdentities: boolean) {
  return [
    sql<JsonParty[]>`coalesce((select json_agg(json_build_object('ref', party.ref,
          'role', party.role, 'personId', person.id, 'pseudonym', person.pseudonym,
          'ageBand', person.age_band, 'birthYearEstimate', person.birth_year_estimate,
          'createdAt', person.created_at, 'keyId', sealed.key_id,
          'wrappedDataKey', sealed.wrapped_data_key, 'ciphertext', sealed.ciphertext))
        from legal_case_party as party
        join person on person.id = party.person_id
        left join person_identity as sealed on sealed.person_id = person.id
          and party.role = 'victim' and ${sql.lit(withIdentities)}
        where party.legal_case_id = legal_case.id), '[]')`.as('parties'),
    caseEventsColumn(),
    sql<JsonObligation[]>`coalesce((select json_agg(json_build_object(
          'key', obligation.obligation_key, 'hash', obligation.content_hash))
        from obligation where obligation.case_type = 'legal_case'
          and obligation.case_id = legal_case.id), '[]')`.as('obligations'),
  ] as const;
}

/**
 * Built once a scope and named on PostgreSQL: parsed once a connection, not a request, and not
 * built with Kysely each time (issue 11). A row by its primary key, whatever the values.
 *
 * The access check, the lock and the read in one statement (issue 11: a round trip fewer). A
 * statement's snapshot is taken when it starts, before any wait for the lock: when another
 * transaction changed the case after that, `for update` returns (and rechecks the scope on) the
 * newest version of the case's row, but the read's subqueries still see the snapshot. Every
 * change to what the read covers writes the case's row in its transaction (the event's and the
 * parties' triggers bump its inputs version, migration 0029g; the sweep marks it swept), so
 * `read_current` compares the locked version's `xmin` with the version the snapshot sees: when
 * they differ, the read is thrown away and made again after the lock.
 */
const visibleCaseLockedAndRead = preparedSelect(
  (db, values: { caseId: string; userId: string; organisationId: string }, scope) =>
    db
      .selectFrom('legal_case')
      .leftJoin('organisation as station', 'station.id', 'legal_case.fir_police_station_id')
      .select([
        ...obligationTargetColumns,
        sql<boolean>`legal_case.deadline_swept_version is not distinct from legal_case.deadline_inputs_version`.as(
          'current',
        ),
        'legal_case.deadline_evaluated_at',
        'legal_case.deadline_next_change_at',
        'legal_case.offences',
        'legal_case.forum',
        ...recordingReadColumns(true),
        sql<boolean>`legal_case.xmin = (select seen.xmin from legal_case as seen
          where seen.id = legal_case.id)`.as('read_current'),
      ])
      .where('legal_case.id', '=', values.caseId)
      .where(visibleLegalCases(values, scope as Scope))
      .forUpdate('legal_case'),
  { named: true },
);

/**
 * The case if the caller may see it, locked for the transaction, with what the obligations and
 * alerts name it by, the state of its stored obligations, and everything the sequence rules and
 * the deadline engine need (`RecordingInputs`): one statement, or two when another transaction
 * changed the case while this one waited for its lock. Undefined when the case is gone or out of
 * the caller's scope.
 */
export async function lockAndReadVisibleCase(
  trx: Transaction<DatabaseSchema>,
  actor: Actor,
  scope: Scope,
  caseId: string,
): Promise<
  { target: ObligationTarget; deadlines: DeadlineState; inputs: RecordingInputs } | undefined
> {
  const [row] = await visibleCaseLockedAndRead.execute(trx, scope, {
    caseId,
    userId: actor.userId,
    organisationId: actor.organisationId,
  });
  if (!row) return undefined;
  return {
    target: { caseId: row.id, organisationId: row.organisation_id, code: legalCaseCode(row) },
    deadlines: {
      current: row.current,
      evaluatedAt: row.deadline_evaluated_at ? new Date(row.deadline_evaluated_at) : null,
      nextChangeAt: row.deadline_next_change_at ? new Date(row.deadline_next_change_at) : null,
    },
    // Read before the lock's wait when the case changed meanwhile: read again, now that the lock
    // is held and the next statement's snapshot sees what the other transaction committed.
    inputs: row.read_current
      ? toRecordingInputs(caseId, row)
      : await recordingInputsOf(trx, caseId, true),
  };
}

export interface RecordingInputs {
  offences: string[];
  forum: LegalCaseTable['forum'];
  /** By role (victims first), then by the ref's number, as `partiesOf` gives them. */
  parties: PartyRow[];
  /** The victims' sealed identities (for a child's birth date), when a vault is given. */
  sealed: Map<string, SealedIdentityRow>;
  /** Every event, superseded ones included, in timeline order, as `eventsOf` gives them. */
  events: StoredEvent[];
  /** The stored obligations' content hashes, by obligation key. */
  storedObligations: { case_id: string; obligation_key: string; content_hash: string | null }[];
}

type JsonParty = {
  ref: string;
  role: 'victim' | 'accused';
  personId: string;
  pseudonym: string;
  ageBand: string;
  birthYearEstimate: number | null;
  createdAt: string;
  keyId: string | null;
  wrappedDataKey: string | null;
  ciphertext: string | null;
};

type JsonObligation = { key: string; hash: string | null };

/** What `recordingReadColumns` read, with the case's own facts. */
type RecordingRow = {
  offences: string[];
  forum: LegalCaseTable['forum'];
  parties: JsonParty[];
  events: JsonEvent[];
  obligations: JsonObligation[];
};

/**
 * Everything recording an event reads, in one statement, once the case is locked (a statement
 * after the lock, so it sees what the previous holder of the lock committed): the case's facts,
 * its parties (and the victims' sealed identities when `withIdentities`), its events with their
 * credited officials, and its stored obligations' hashes. Three to five statements before.
 */
export async function recordingInputsOf(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
  withIdentities: boolean,
): Promise<RecordingInputs> {
  const [row] = await recordingInputs.execute(trx, withIdentities ? 'identities' : 'plain', {
    caseId,
  });
  if (!row) throw new Error('the locked legal case was not found');
  return toRecordingInputs(caseId, row);
}

/** The read once the lock is held (its snapshot sees what the lock waited for). */
const recordingInputs = preparedSelect(
  (db, values: { caseId: string }, shape) =>
    db
      .selectFrom('legal_case')
      .select([
        'legal_case.offences',
        'legal_case.forum',
        ...recordingReadColumns(shape === 'identities'),
      ])
      .where('legal_case.id', '=', values.caseId),
  { named: true },
);

function toRecordingInputs(caseId: string, row: RecordingRow): RecordingInputs {
  const sealed = new Map<string, SealedIdentityRow>();
  const parties = row.parties
    .map((party): PartyRow => {
      if (party.keyId !== null && party.wrappedDataKey !== null && party.ciphertext !== null)
        sealed.set(party.personId, {
          person_id: party.personId,
          key_id: party.keyId,
          wrapped_data_key: party.wrappedDataKey,
          ciphertext: party.ciphertext,
        });
      return {
        ref: party.ref,
        role: party.role,
        personId: party.personId,
        pseudonym: party.pseudonym,
        ageBand: party.ageBand,
        birthYearEstimate: party.birthYearEstimate,
        personCreatedAt: new Date(party.createdAt),
      };
    })
    .sort(byPartyOrder);
  return {
    offences: row.offences,
    forum: row.forum,
    parties,
    sealed,
    events: storedEventsOf(row.events),
    storedObligations: row.obligations.map((obligation) => ({
      case_id: caseId,
      obligation_key: obligation.key,
      content_hash: obligation.hash,
    })),
  };
}

/** What the deadline engine made of the case, stored beside its obligations (migration 0029g). */
export interface EvaluatedCase {
  regime: string;
  regimeExplanation: string;
  nextChangeAt: Date | null;
}

/**
 * The event, its credited officials, the columns derived from the timeline (and, when the
 * obligations were evaluated in this transaction, their regime and what the sweep needs to leave
 * the case alone), the obligations whose content changed, and the event's audit entry: one
 * statement (issue 11; four round trips, two of them built with Kysely on every request,
 * before). A few fixed texts (evaluated or not; obligations none, inserted or upserted), named
 * statements on PostgreSQL. Answers the audit entry's id, for the chainer.
 *
 * The versions: the update here bumps the case's inputs version itself, and the version the
 * stored obligations were computed from is the bumped one. The event's insert returns
 * `set_config('dawn.inputs_bumped_by_event', <its id>, true)`, so the statement-level trigger of
 * the insert (`deadline_inputs_legal_case_event_insertd`, migrations 0029g and 0035b) leaves this
 * event's case alone: one row version of the case for the event instead of two, each writing
 * every index of `legal_case`. The case's lock keeps the versions exact. Were the trigger ever to
 * bump it again, the case would only look stale and the next sweep would evaluate it again (the
 * recording test asserts that it does not).
 */
export async function writeEventAndDerived(
  trx: Transaction<DatabaseSchema>,
  event: {
    id: string;
    caseId: string;
    type: LegalEventType;
    occurredAt: Date;
    recordedAt: Date;
    recordedBy: string;
    data: unknown;
    supersedes: string | null;
    officials: readonly string[];
  },
  derived: { now: Date; summary: LegalCaseSummary; evaluated: EvaluatedCase | undefined },
  audit: Insertable<AuditEventTable>,
  /** The case's obligations whose content changed (`planObligationSync`'s write), if any. */
  obligations: RawBuilder<unknown> | undefined,
  /**
   * The alerts the case's obligations call for, raised in this statement (`foldedAlertParts`),
   * given the relation holding the obligations as this statement leaves them.
   */
  alerts?: (source: RawBuilder<unknown>) => {
    ctes: RawBuilder<unknown>;
    columns: RawBuilder<unknown>;
  },
  /**
   * The request's Idempotency-Key, claimed with the event (no conflict clause: a key claimed
   * before aborts the statement, `isClaimTaken`).
   */
  claim?: Claim,
): Promise<{ auditId: string | number; alerts: FoldedAlerts | undefined }> {
  const columns = summaryColumns(derived.summary, derived.now);
  const { evaluated } = derived;
  const deadlines = evaluated
    ? sql`, deadline_regime = ${evaluated.regime},
        deadline_regime_explanation = ${evaluated.regimeExplanation},
        deadline_swept_version = deadline_inputs_version + 1,
        deadline_next_change_at = ${evaluated.nextChangeAt}::timestamptz,
        deadline_evaluated_at = ${derived.now}::timestamptz`
    : sql``;
  // With the alerts: the obligations written are returned, and the case's obligations as the
  // statement leaves them are those rows and the stored ones it did not write (its snapshot
  // sees none of its own writes; the stale rows were deleted by a statement before this one).
  const writeObligations = obligations
    ? alerts
      ? sql`obligations as (${obligations} returning ${ALERTED_OBLIGATION_COLUMNS}),
        obligation_now as (
          select ${ALERTED_OBLIGATION_COLUMNS} from obligations
          union all
          select ${ALERTED_OBLIGATION_COLUMNS} from obligation
          where obligation.case_type = 'legal_case' and obligation.case_id = ${event.caseId}::uuid
            and not exists (select 1 from obligations as written
              where written.obligation_key = obligation.obligation_key)),`
      : sql`obligations as (${obligations}),`
    : sql``;
  const folded = alerts?.(obligations ? sql`obligation_now` : sql`obligation`);
  const { rows } = await executeNamed(
    trx,
    sql<{
      audit_id: string | number;
      raised?: Parameters<typeof parseFoldedAlerts>[0]['raised'];
      subscribed?: string[];
    }>`
    with recorded as (
      insert into legal_case_event (id, legal_case_id, type, occurred_at, recorded_at,
        recorded_by, data, supersedes_id)
      values (${event.id}, ${event.caseId}, ${event.type}, ${event.occurredAt},
        ${event.recordedAt}, ${event.recordedBy}, ${JSON.stringify(event.data)}::jsonb,
        ${event.supersedes})
      returning id, set_config('dawn.inputs_bumped_by_event', id::text, true) as bumped),
    credited as (
      insert into legal_case_event_official (event_id, official_id)
      select recorded.id, credited.official_id
      from recorded cross join unnest(${[...event.officials]}::uuid[]) as credited(official_id)),
    claimed as (
      insert into idempotent_request (user_id, key, fingerprint)
      select ${claim?.userId ?? null}::uuid, ${claim?.key ?? null}::text,
        ${claim?.fingerprint ?? null}::text
      from recorded where ${claim?.key ?? null}::text is not null),
    derived as (
      update legal_case set stage = ${columns.stage},
        accused_in_custody = ${columns.accused_in_custody},
        next_hearing_at = ${columns.next_hearing_at}::timestamptz,
        next_hearing_purpose = ${columns.next_hearing_purpose},
        last_event_at = ${columns.last_event_at}::timestamptz,
        updated_at = ${columns.updated_at}::timestamptz,
        deadline_inputs_version = deadline_inputs_version + 1${deadlines}
      where id = ${event.caseId}),
    ${writeObligations}
    audited as (
      insert into audit_event (occurred_at, actor_user_id, actor_organisation_id, action,
        outcome, entity_type, entity_id, request_id, details, mac_key_id, entry_mac)
      values (${audit.occurred_at}::timestamptz, ${audit.actor_user_id}::uuid,
        ${audit.actor_organisation_id}::uuid, ${audit.action}, ${audit.outcome},
        ${audit.entity_type}, ${audit.entity_id}, ${audit.request_id}, ${audit.details}::jsonb,
        ${audit.mac_key_id}, ${audit.entry_mac})
      returning id)${folded ? sql`, ${folded.ctes}` : sql``}
    select audited.id as audit_id, recorded.bumped${folded ? sql`, ${folded.columns}` : sql``}
    from audited cross join recorded`,
  );
  const written = rows[0];
  if (!written) throw new Error('the audit entry was not written');
  return {
    auditId: written.audit_id,
    alerts: folded
      ? parseFoldedAlerts({ raised: written.raised ?? [], subscribed: written.subscribed ?? [] })
      : undefined,
  };
}

/**
 * The case's compensation claims, rewritten when the event changed the timeline's claims (in the
 * event's transaction, after it).
 */
export async function writeCompensationClaims(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
  claims: ReturnType<typeof compensationClaimRows>,
): Promise<void> {
  await trx.deleteFrom('compensation_claim').where('legal_case_id', '=', caseId).execute();
  if (claims.length > 0) await trx.insertInto('compensation_claim').values(claims).execute();
}
