import { randomUUID } from 'node:crypto';
import {
  checkNewLegalEvent,
  effectiveLegalTimeline,
  evaluateWithNextChange,
  indiaPack,
  parseInstantOrNaN,
  parseLegalEventData,
  summariseLegalCase,
  toDeadlineInput,
  type DeadlineResult,
  type LegalEvent,
  type LegalEventType,
  type Obligation,
} from '@dawn/core';
import { deny, requirePermission } from '../../platform/access/access.ts';
import { auditEntryWritten, auditEventRow } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { claimToWrite, isClaimTaken, refuseClaimed } from '../../platform/idempotency.ts';
import { foldedAlertParts } from '../notifications/alert-candidates.repository.ts';
import { finishFoldedAlerts } from '../notifications/alert.raise.ts';
import { planObligationSync, type SyncResult } from '../obligations/obligation-sync.ts';
import { compensationClaimRows } from './legal-case-derived.ts';
import { ageFactsOf, birthDateOnly } from './legal-case-obligation-inputs.ts';
import { visibleStoredObligations } from './legal-case-obligations.ts';
import {
  lockAndReadVisibleCase,
  writeCompensationClaims,
  writeEventAndDerived,
  type DeadlineState,
  type EvaluatedCase,
  type RecordingInputs,
} from './legal-case-recording.repository.ts';
import type { ErrorLogger } from './legal-case.obligation-sync.ts';
import { caseEventsRow } from './legal-case-page.repository.ts';
import { toIndiaIso } from './legal-case.repository.ts';
import type { EventView } from './legal-case.schemas.ts';
import { checkOfficials, readVisibleCase } from './legal-case.service.ts';

type NewEvent = {
  type: LegalEventType;
  occurredAt: string;
  supersedes?: string | undefined;
  officials: string[];
  data: Record<string, unknown>;
};

/**
 * Records one event on the timeline, in one transaction that locks the case: the core sequence
 * rules judge the timeline with the event in it, and everything derived from the timeline is
 * rewritten with it — the case's columns, its compensation claims (when they change), its stored
 * obligations and the alerts they call for — so the deadline lists and inboxes agree with the
 * timeline the moment the event is visible. A refused event leaves nothing behind. A fixed number
 * of statements (issue 11): the check, the lock and one read of everything the rules and the
 * engine need in one statement (two when the case changed while it waited for the lock), then one
 * statement writing the event, the derived columns, the obligations that changed, the audit entry
 * and, when an obligation changed or a clock moved since the case was last evaluated, the alerts
 * and overdue keys they call for; after it, only what those need (resolving, e-mails, payloads).
 */
export async function recordEvent(
  deps: Deps,
  caseId: string,
  input: NewEvent,
  logger?: ErrorLogger,
): Promise<EventView> {
  const { actor, scope } = await requirePermission(deps.db, 'legal_case:write', {
    type: 'legal_case',
    id: caseId,
  });
  const now = new Date();
  const id = randomUUID();
  const officials = [...new Set(input.officials)];
  // The request's Idempotency-Key, claimed by the event's own statement: a key claimed before
  // aborts the transaction, and the resend is refused (or was answered from memory before this).
  const claim = claimToWrite();
  const recording = deps.db.transaction().execute(async (trx) => {
    // The access check, the lock and the read of everything below in one statement (read again
    // after the lock when another transaction changed the case while this one waited).
    const locked = await lockAndReadVisibleCase(trx, actor, scope, caseId);
    // Denied outside the transaction (PGlite has one connection, which this one holds).
    if (!locked) return undefined;
    const credited = await checkOfficials(trx, 'body.officials', input.officials);
    const data = parseLegalEventData(input.type, input.data);
    const { inputs } = locked;
    const { parties, events: existing } = inputs;
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
    // The timeline just read, with the new event in its place (by when it happened, then when
    // recorded, as the events are read): no second read of what this transaction holds locked.
    // Each instant parsed once, not at every comparison.
    const events = [...existing, event]
      .map((item) => ({
        item,
        occurred: parseInstantOrNaN(item.occurredAt),
        recorded: parseInstantOrNaN(item.recordedAt),
      }))
      .sort((left, right) => left.occurred - right.occurred || left.recorded - right.recorded)
      .map(({ item }) => item);
    const timeline = effectiveLegalTimeline(events);
    const accused = parties.filter((party) => party.role === 'accused').map((party) => party.ref);
    const claims = compensationClaimRows(caseId, timeline);
    // Claims are derived from the timeline alone: rewritten only when the event changes them.
    const claimsChanged =
      JSON.stringify(claims) !==
      JSON.stringify(compensationClaimRows(caseId, effectiveLegalTimeline(existing)));
    const evaluation = evaluateRecorded(deps, inputs, events, now, caseId, logger);
    // The stored obligations made equal to the evaluation's: only the rows whose content changed
    // are written, in the event's statement (the stored hashes were read under the lock).
    const sync = evaluation
      ? planObligationSync(
          'legal_case',
          indiaPack,
          [locked.target],
          new Map([[caseId, evaluation.obligations]]),
          now,
          inputs.storedObligations,
          true,
        )
      : undefined;
    if (sync?.deleteStale) await sync.deleteStale.execute(trx);
    const alerts =
      evaluation && sync ? alertsCalledFor(locked.deadlines, evaluation, sync, now) : undefined;
    // The event, the derived columns, the changed obligations, the audit entry and the alerts the
    // obligations call for: one statement.
    const written = await writeEventAndDerived(
      trx,
      {
        id,
        caseId,
        type: input.type,
        occurredAt: new Date(input.occurredAt),
        recordedAt: now,
        recordedBy: actor.userId,
        data,
        supersedes: input.supersedes ?? null,
        officials,
      },
      {
        now,
        summary: summariseLegalCase(accused, timeline, now),
        evaluated: evaluation?.evaluated,
      },
      auditEventRow(trx, {
        action: 'legal_case.event_recorded',
        entityType: 'legal_case',
        entityId: caseId,
        details: { eventId: id, type: input.type, officials: officials.length },
      }),
      sync?.write,
      alerts?.raise
        ? (source) => foldedAlertParts('legal_case', caseId, now, alerts.publish, source)
        : undefined,
      claim,
    );
    if (alerts) {
      await finishFoldedAlerts(
        trx,
        deps.config,
        'legal_case',
        { id: caseId, code: locked.target.code, organisationId: locked.target.organisationId },
        now,
        written.alerts,
        alerts,
      );
    }
    if (claimsChanged) await writeCompensationClaims(trx, caseId, claims);
    auditEntryWritten(trx, written.auditId);
    return { credited, data };
  });
  const recorded = await recording.catch((error: unknown) => {
    if (claim && isClaimTaken(error)) return refuseClaimed(deps.db, claim);
    throw error;
  });
  if (!recorded) {
    return deny(deps.db, {
      permission: 'legal_case:write',
      entityType: 'legal_case',
      entityId: caseId,
    });
  }
  const { credited, data } = recorded;
  // The new event as the timeline shows it: nothing supersedes it yet, and its credited officials
  // were read when they were checked.
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

/**
 * Which alert statements the stored obligations can call for, or undefined for none. An alert's
 * stage moves only with an obligation's row or with the clock: when no row changed and no clock
 * moved since the case was last evaluated (its next change is still ahead), the alerts raised
 * then are the alerts now. The stored rows are the evaluation's: what they call for is known
 * here. An alert is resolved when its obligation turns met or goes (one already met had its
 * alerts resolved when it turned); raised when one is overdue or open with an alert time
 * passed; an overdue one is published.
 */
function alertsCalledFor(
  deadlines: DeadlineState,
  evaluation: { obligations: Obligation[] },
  sync: { result: SyncResult },
  now: Date,
): { resolve: boolean; raise: boolean; publish: boolean } | undefined {
  const written = sync.result;
  const { current, evaluatedAt, nextChangeAt } = deadlines;
  const clockStill =
    current &&
    evaluatedAt !== null &&
    evaluatedAt <= now &&
    (nextChangeAt === null || nextChangeAt > now);
  if (written.deleted === 0 && written.written === 0 && clockStill) return undefined;
  const { obligations } = evaluation;
  const overdue = obligations.some((obligation) => obligation.status === 'overdue');
  return {
    resolve:
      written.deleted > 0 ||
      written.writtenStatuses.has('met') ||
      written.writtenStatuses.has('met_late'),
    raise:
      overdue ||
      obligations.some(
        (obligation) =>
          obligation.status === 'open' &&
          obligation.alertsAt.some((at) => Date.parse(at) <= now.getTime()),
      ),
    publish: overdue,
  };
}

/**
 * The case's obligations as of `now` from the timeline with the new event, by the core engine, in
 * memory. An engine failure must not refuse the event: it is logged by kind only (never its
 * message) and the case is left stale, so the sweep evaluates it again.
 */
function evaluateRecorded(
  deps: Deps,
  inputs: RecordingInputs,
  events: readonly LegalEvent[],
  now: Date,
  caseId: string,
  logger: ErrorLogger | undefined,
): { obligations: Obligation[]; evaluated: EvaluatedCase } | undefined {
  try {
    // Decrypted for the computation only; the engine's output never carries a birth date.
    const victims = inputs.parties
      .filter((party) => party.role === 'victim')
      .map((party) => {
        const sealed = inputs.sealed.get(party.personId);
        return {
          ref: party.ref,
          birthDate: sealed
            ? (deps.vault.openIdentity(sealed, birthDateOnly).birthDate ?? null)
            : null,
          ...ageFactsOf(party),
        };
      });
    const accused = inputs.parties
      .filter((party) => party.role === 'accused')
      .map((party) => ({ ref: party.ref }));
    const { result, nextChangeAt } = evaluateWithNextChange(
      toDeadlineInput(
        { offences: inputs.offences, forum: inputs.forum, victims, accused },
        events,
        now,
      ),
    );
    return {
      obligations: result.obligations,
      evaluated: {
        regime: result.regime,
        regimeExplanation: result.regimeExplanation,
        nextChangeAt: nextChangeAt === null ? null : new Date(nextChangeAt),
      },
    };
  } catch (error) {
    const kind = error instanceof Error ? error : new Error('non-error thrown');
    logger?.error(
      {
        job: 'case-obligations',
        legalCaseId: caseId,
        errorName: kind.name,
        stack: kind.stack?.split('\n').slice(1).join('\n'),
      },
      'evaluating the case obligations failed; the next sweep will retry',
    );
    return undefined;
  }
}

/**
 * The timeline as the page shows it, corrections and withdrawals included, each event with the
 * event superseding it and its credited officials: one statement with the access check (issue 11).
 */
export async function listEvents(deps: Deps, caseId: string): Promise<EventView[]> {
  const { events, officials } = await readVisibleCase(deps, 'legal_case:read', caseId, (access) =>
    caseEventsRow(deps.db, access, caseId),
  );
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

/** The case's obligations as stored: one statement with the access check (issue 11). */
export async function getObligations(deps: Deps, caseId: string): Promise<DeadlineResult> {
  return readVisibleCase(deps, 'legal_case:read', caseId, (access) =>
    visibleStoredObligations(deps.db, access, caseId, new Date(), deps.vault),
  );
}
