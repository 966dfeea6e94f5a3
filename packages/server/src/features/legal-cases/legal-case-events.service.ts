import { randomUUID } from 'node:crypto';
import {
  checkNewLegalEvent,
  parseLegalEventData,
  type DeadlineResult,
  type LegalEventType,
} from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { refreshDerived } from './legal-case-derived.ts';
import { storedObligationsForLegalCase } from './legal-case-obligations.ts';
import { recomputeObligations, type ErrorLogger } from './legal-case.obligation-sync.ts';
import {
  eventsOf,
  findObligationTarget,
  officialsByIds,
  partiesOf,
  toIndiaIso,
} from './legal-case.repository.ts';
import type { EventView } from './legal-case.schemas.ts';
import { checkOfficials, visibleCaseFor } from './legal-case.service.ts';

type NewEvent = {
  type: LegalEventType;
  occurredAt: string;
  supersedes?: string | undefined;
  officials: string[];
  data: Record<string, unknown>;
};

/**
 * Records one event on the timeline. The case row is locked for the transaction, the core
 * sequence rules judge the timeline with the event in it, and derived columns are rewritten:
 * a refused event leaves nothing behind. Once committed, the case's stored obligations and alerts
 * are recomputed, so the deadline lists agree with the timeline without waiting for the sweep.
 */
export async function recordEvent(
  deps: Deps,
  caseId: string,
  input: NewEvent,
  logger?: ErrorLogger,
): Promise<EventView> {
  const { actor } = await visibleCaseFor(deps, 'legal_case:write', caseId);
  const credited = await checkOfficials(deps.db, 'body.officials', input.officials);
  const data = parseLegalEventData(input.type, input.data);
  const now = new Date();
  const id = randomUUID();
  const target = await deps.db.transaction().execute(async (trx) => {
    // The lock, and what the stored obligations name the case by (read once, not again after).
    const locked = await findObligationTarget(trx, caseId, { lock: true });
    const parties = await partiesOf(trx, caseId);
    const existing = await eventsOf(trx, caseId);
    const event = {
      id,
      type: input.type,
      occurredAt: toIndiaIso(input.occurredAt),
      recordedAt: now.toISOString(),
      supersedes: input.supersedes ?? null,
      officials: input.officials,
      data,
    };
    checkNewLegalEvent(
      {
        victims: parties.filter((party) => party.role === 'victim').map((party) => party.ref),
        accused: parties.filter((party) => party.role === 'accused').map((party) => party.ref),
      },
      existing,
      event,
      now,
    );
    await trx
      .insertInto('legal_case_event')
      .values({
        id,
        legal_case_id: caseId,
        type: input.type,
        occurred_at: new Date(input.occurredAt),
        recorded_at: now,
        recorded_by: actor.userId,
        data: JSON.stringify(data),
        supersedes_id: input.supersedes ?? null,
      })
      .execute();
    const officials = [...new Set(input.officials)];
    if (officials.length > 0) {
      await trx
        .insertInto('legal_case_event_official')
        .values(officials.map((officialId) => ({ event_id: id, official_id: officialId })))
        .execute();
    }
    // The timeline just read, with the new event in its place (by when it happened, then when
    // recorded, as the events are read): no second read of what this transaction holds locked.
    const events = [...existing, event].sort(
      (left, right) =>
        Date.parse(left.occurredAt) - Date.parse(right.occurredAt) ||
        Date.parse(left.recordedAt) - Date.parse(right.recordedAt),
    );
    await refreshDerived(trx, caseId, now, { parties, events });
    await recordAudit(trx, {
      action: 'legal_case.event_recorded',
      entityType: 'legal_case',
      entityId: caseId,
      details: { eventId: id, type: input.type, officials: officials.length },
    });
    return locked;
  });
  await recomputeObligations(deps, caseId, logger, target);
  // The new event as the timeline shows it: nothing supersedes it yet, and its credited officials
  // were read when they were checked.
  const officials = [...new Set(input.officials)];
  return {
    id,
    type: input.type,
    occurredAt: toIndiaIso(input.occurredAt),
    recordedAt: toIndiaIso(now),
    recordedBy: actor.userId,
    supersedes: input.supersedes ?? null,
    supersededBy: null,
    officials: officials.flatMap((officialId) => {
      const official = credited.get(officialId);
      return official ? [official] : [];
    }),
    data,
  };
}

async function listEventsOf(deps: Deps, caseId: string): Promise<EventView[]> {
  const events = await eventsOf(deps.db, caseId);
  const officials = await officialsByIds(deps.db, [
    ...new Set(events.flatMap((event) => event.officials)),
  ]);
  const supersededBy = new Map(
    events
      .filter((event) => event.supersedes)
      .map((event) => [event.supersedes as string, event.id]),
  );
  return events.map((event) => ({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: toIndiaIso(event.recordedAt),
    recordedBy: event.recordedBy,
    supersedes: event.supersedes,
    supersededBy: supersededBy.get(event.id) ?? null,
    officials: event.officials.flatMap((officialId) => {
      const official = officials.get(officialId);
      return official ? [official] : [];
    }),
    data: event.data,
  }));
}

export async function listEvents(deps: Deps, caseId: string): Promise<EventView[]> {
  await visibleCaseFor(deps, 'legal_case:read', caseId);
  return listEventsOf(deps, caseId);
}

export async function getObligations(deps: Deps, caseId: string): Promise<DeadlineResult> {
  await visibleCaseFor(deps, 'legal_case:read', caseId);
  return storedObligationsForLegalCase(deps.db, caseId, new Date(), deps.vault);
}
