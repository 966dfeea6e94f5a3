import { randomUUID } from 'node:crypto';
import { effectiveLegalTimeline, summariseLegalCase, type LegalEvent } from '@dawn/core';
import { sql, type Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { compensationClaimRows } from '../legal-cases/legal-case-derived.ts';
import {
  legalCaseCode,
  legalCaseObligationSource,
} from '../obligations/legal-case.obligation-source.ts';
import { syncObligationsInTransaction } from '../obligations/obligation-sync.ts';
import { createPersonsInTransaction } from '../persons/person.service.ts';
import { newPersonSchema } from '../persons/person.schemas.ts';
import type { BatchWritten } from './import-pipeline.ts';
import { upsertImportRecords } from './import.repository.ts';
import type { LegalCaseRowValue } from './legal-case.pipeline.ts';

/**
 * Writes a batch of new legal cases in the import job's transaction, in a fixed number of
 * statements whatever the batch's size: accused persons, cases, team, parties, events, what is
 * derived from the timeline, the obligations (as the sweep stores them) and the import records.
 */
export async function writeLegalCases(
  deps: Deps,
  trx: Transaction<DatabaseSchema>,
  actor: Actor,
  jobId: string,
  fresh: LegalCaseRowValue[],
  hashOf: (value: LegalCaseRowValue) => string,
): Promise<BatchWritten> {
  const organisationId = actor.organisationId;
  if (fresh.length === 0) return { created: 0, updated: 0, entityIds: [] };
  const now = new Date();

  // Every accused of the batch as a person, in the persons use-case's statements; one named the
  // same on an earlier case of the batch is that case's person, not a second one.
  const newAccused = fresh.flatMap((value) =>
    value.accused.flatMap((name, position) =>
      value.accusedSameAs?.[position] ? [] : [{ externalId: value.externalId, position, name }],
    ),
  );
  const createdAccused = await createPersonsInTransaction(
    deps,
    trx,
    actor,
    newAccused.map(({ name }) =>
      newPersonSchema.parse({
        sex: 'unknown',
        ageBand: 'unknown',
        identity: accusedIdentity(name),
      }),
    ),
  );
  const accusedAt = new Map(
    newAccused.map(({ externalId, position }, index) => [
      `${externalId}#${String(position)}`,
      createdAccused[index] ?? '',
    ]),
  );
  const accusedPersonOf = (value: LegalCaseRowValue, position: number) => {
    const at = value.accusedSameAs?.[position] ?? { externalId: value.externalId, position };
    return accusedAt.get(`${at.externalId}#${String(at.position)}`) ?? '';
  };
  const caseIds = fresh.map(() => randomUUID());
  await trx
    .insertInto('legal_case')
    .values(
      fresh.map((value, index) => ({
        id: caseIds[index] ?? '',
        organisation_id: organisationId,
        fir_police_station_id: value.fir ? (value.stationId ?? null) : null,
        fir_number: value.fir?.number ?? null,
        fir_year: value.fir?.year ?? null,
        fir_date: value.fir?.date ?? null,
        zero_fir: false,
        cnr: value.cnr ?? null,
        investigating_officer_id: value.investigatingOfficerId ?? null,
        public_prosecutor_id: value.prosecutorId ?? null,
        court_id: value.courtId ?? null,
        forum: value.forum ?? null,
        offences: value.offences,
        created_by: actor.userId,
      })),
    )
    .execute();
  // The importer is on each case's team: membership is what gives a lawyer a case.
  await trx
    .insertInto('team_membership')
    .values(
      caseIds.map((id) => ({ entity_type: 'legal_case', entity_id: id, user_id: actor.userId })),
    )
    .execute();
  const parties = fresh.flatMap((value, index) => {
    const caseId = caseIds[index] ?? '';
    return [
      ...(value.victimIds ?? []).map((personId, position) => ({
        legal_case_id: caseId,
        ref: `V${String(position + 1)}`,
        role: 'victim' as const,
        person_id: personId,
      })),
      ...value.accused.map((_name, position) => ({
        legal_case_id: caseId,
        ref: `A${String(position + 1)}`,
        role: 'accused' as const,
        person_id: accusedPersonOf(value, position),
      })),
    ];
  });
  if (parties.length > 0) await trx.insertInto('legal_case_party').values(parties).execute();

  // Recorded a millisecond apart in the row's order, so events of one day read back in it.
  const timelines = fresh.map((value) =>
    value.events.map((event, position): LegalEvent => ({
      id: randomUUID(),
      type: event.type,
      occurredAt: event.occurredAt,
      recordedAt: new Date(now.getTime() + position).toISOString(),
      supersedes: null,
      officials: [event.creditedBy && value.creditedOfficialIds?.[event.creditedBy]].filter(
        (id): id is string => id !== undefined && id !== '',
      ),
      data: event.data,
    })),
  );
  const events = timelines.flatMap((timeline, index) =>
    timeline.map((event) => ({
      id: event.id,
      legal_case_id: caseIds[index] ?? '',
      type: event.type,
      occurred_at: new Date(event.occurredAt),
      recorded_at: new Date(event.recordedAt),
      recorded_by: actor.userId,
      data: JSON.stringify(event.data),
      supersedes_id: null,
    })),
  );
  if (events.length > 0) await trx.insertInto('legal_case_event').values(events).execute();
  // The officials credited on them, as the API credits them on an event (one statement).
  const credits = timelines.flatMap((timeline) =>
    timeline.flatMap((event) =>
      event.officials.map((officialId) => ({ event_id: event.id, official_id: officialId })),
    ),
  );
  if (credits.length > 0)
    await trx.insertInto('legal_case_event_official').values(credits).execute();

  // What the case's page, lists and compensation report read (stage, custody, next hearing,
  // claims), as recording the events would derive them (refreshDerived), for the whole batch in
  // one statement each.
  const effective = timelines.map((timeline) => effectiveLegalTimeline(timeline));
  const derived = fresh.map((value, index) => {
    const summary = summariseLegalCase(
      value.accused.map((_, position) => `A${String(position + 1)}`),
      effective[index] ?? [],
      now,
    );
    return {
      id: caseIds[index] ?? '',
      stage: summary.stage,
      accused_in_custody: summary.accusedInCustody,
      next_hearing_at: summary.nextHearing?.at ?? null,
      next_hearing_purpose: summary.nextHearing?.purpose ?? null,
      last_event_at: summary.lastEventAt,
    };
  });
  await sql`update legal_case set stage = derived.stage,
      accused_in_custody = derived.accused_in_custody,
      next_hearing_at = derived.next_hearing_at, next_hearing_purpose = derived.next_hearing_purpose,
      last_event_at = derived.last_event_at, updated_at = ${now}
    from jsonb_to_recordset(${JSON.stringify(derived)}::jsonb) as derived(id uuid, stage text,
      accused_in_custody int, next_hearing_at timestamptz, next_hearing_purpose text,
      last_event_at timestamptz)
    where legal_case.id = derived.id and legal_case.organisation_id = ${organisationId}`.execute(
    trx,
  );

  const claims = effective.flatMap((timeline, index) =>
    compensationClaimRows(caseIds[index] ?? '', timeline),
  );
  if (claims.length > 0) await trx.insertInto('compensation_claim').values(claims).execute();

  // The obligations as the sweep stores them (the same engine, rows, hashes and regimes), in
  // this transaction and in a fixed number of statements for the batch: no case waits for the
  // sweep, and none is recomputed one by one. Alerts are left to the next sweep.
  const source = legalCaseObligationSource(deps.vault);
  const computed = source.computeWithRegimes
    ? await source.computeWithRegimes(trx, caseIds, now)
    : { obligations: await source.compute(trx, caseIds, now), store: async () => {} };
  await syncObligationsInTransaction(
    trx,
    source.caseType,
    source.pack,
    fresh.map((value, index) => ({
      caseId: caseIds[index] ?? '',
      organisationId,
      code: legalCaseCode({
        id: caseIds[index] ?? '',
        fir_number: value.fir?.number ?? null,
        fir_year: value.fir?.year ?? null,
        station_name: value.stationName ?? null,
      }),
    })),
    computed.obligations,
    now,
    computed.store,
  );

  await upsertImportRecords(
    trx,
    fresh.map((value, index) => ({
      organisation_id: organisationId,
      kind: 'legal_cases',
      external_id: value.externalId,
      entity_id: caseIds[index] ?? '',
      row_hash: hashOf(value),
      job_id: jobId,
    })),
  );
  return { created: fresh.length, updated: 0, entityIds: caseIds };
}

export const accusedIdentity = (name: string) => ({ legalName: name, aliases: [], phones: [] });
