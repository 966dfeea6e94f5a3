import {
  checkNewEvent,
  consentRequiredFor,
  DomainError,
  isConsentActive,
  parseEventData,
  RESTRICTED_EVENT_TYPES,
  type CareCaseEvent,
  type CareCaseEventType,
  type CareCaseState,
} from '@dawn/core';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { eventsOfCase, lockCareCase } from './care-case.repository.ts';
import { publishCareCaseEventRecorded } from '../webhooks/webhook.publish.ts';

export interface EventToRecord {
  type: CareCaseEventType;
  occurredAt: string;
  data: unknown;
  supersedes?: string | undefined;
}

function toRuleEvent(row: {
  id: string;
  type: string;
  occurred_at: Date;
  data: Record<string, unknown>;
  supersedes_id: string | null;
}): CareCaseEvent {
  return {
    id: row.id,
    type: row.type as CareCaseEventType,
    occurredAt: new Date(row.occurred_at).toISOString(),
    data: row.data,
    supersedesId: row.supersedes_id,
  };
}

const ORGANISATION_FIELDS = [
  'organisationId',
  'placementOrganisationId',
  'providerOrganisationId',
  'toOrganisationId',
] as const;

function invalidReference(field: string, message: string): DomainError {
  const path = `body.data.${field}`;
  return new DomainError('VALIDATION_FAILED', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/** Ids inside event data must name real things: organisations, and this case's plans and goals. */
async function checkReferences(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
  data: Record<string, unknown>,
): Promise<void> {
  const named = ORGANISATION_FIELDS.flatMap((field) => {
    const id = data[field];
    return typeof id === 'string' ? [{ field, id }] : [];
  });
  if (named.length > 0) {
    // Every organisation the event names, in one statement.
    const found = new Set(
      (
        await trx
          .selectFrom('organisation')
          .select('id')
          .where(
            'id',
            'in',
            named.map((reference) => reference.id),
          )
          .execute()
      ).map((row) => row.id),
    );
    const unknown = named.find((reference) => !found.has(reference.id));
    if (unknown) throw invalidReference(unknown.field, 'is not an organisation');
  }
  if (typeof data.carePlanId === 'string') {
    const plan = await trx
      .selectFrom('care_plan')
      .select('id')
      .where('id', '=', data.carePlanId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!plan) throw invalidReference('carePlanId', 'is not a care plan of this case');
  }
  if (typeof data.goalId === 'string') {
    const goal = await trx
      .selectFrom('care_plan_goal')
      .innerJoin('care_plan', 'care_plan.id', 'care_plan_goal.care_plan_id')
      .select('care_plan_goal.id')
      .where('care_plan_goal.id', '=', data.goalId)
      .where('care_plan.case_id', '=', caseId)
      .executeTakeFirst();
    if (!goal) throw invalidReference('goalId', 'is not a goal of this case’s care plans');
  }
}

/**
 * Appends one event to a case's timeline in the caller's transaction: validates its data against
 * the vocabulary, checks the sequence rules and consent, writes it, refreshes the case's cached
 * state and audits. The case row is locked first, so two writers of one case take turns.
 */
export async function appendCareCaseEvent(
  trx: Transaction<DatabaseSchema>,
  actor: Actor,
  caseId: string,
  input: EventToRecord,
  now = new Date(),
): Promise<{ id: string; state: CareCaseState }> {
  const parsed = parseEventData(input.type, input.data);
  if (!parsed.ok) {
    const issues = parsed.issues.map((issue) => ({ ...issue, path: `body.${issue.path}` }));
    throw new DomainError(
      'VALIDATION_FAILED',
      `${issues[0]?.path ?? 'body.data'}: ${issues[0]?.message ?? 'is invalid'}`,
      { issues },
    );
  }
  await lockCareCase(trx, caseId);
  await checkReferences(trx, caseId, parsed.data);
  const existing = (await eventsOfCase(trx, caseId, true)).map(toRuleEvent);
  const candidate: CareCaseEvent = {
    id: 'new',
    type: input.type,
    occurredAt: input.occurredAt,
    data: parsed.data,
    supersedesId: input.supersedes ?? null,
  };
  let state: CareCaseState;
  try {
    state = checkNewEvent(existing, candidate, now);
  } catch (error) {
    if (error instanceof DomainError && error.details?.issues)
      throw new DomainError(error.code, error.message, {
        issues: error.details.issues.map((issue) => ({ ...issue, path: `body.${issue.path}` })),
      });
    throw error;
  }

  const purpose = consentRequiredFor(candidate);
  if (purpose) {
    const careCase = await trx
      .selectFrom('care_case')
      .select('person_id')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const consents = await trx
      .selectFrom('consent')
      .select(['purpose', 'given_at', 'withdrawn_at', 'expires_at'])
      .where('person_id', '=', careCase.person_id)
      .where('purpose', '=', purpose)
      .execute();
    const records = consents.map((row) => ({
      purpose: row.purpose,
      givenAt: new Date(row.given_at).toISOString(),
      withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at).toISOString() : null,
      expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null,
    }));
    if (
      !isConsentActive(records, purpose, new Date(input.occurredAt)) ||
      !isConsentActive(records, purpose, now)
    )
      throw new DomainError(
        'CONSENT_REQUIRED',
        `This needs the survivor's consent for ${purpose.split(':')[0] ?? purpose}, in force now and when it happened.`,
      );
  }

  const row = await trx
    .insertInto('care_case_event')
    .values({
      case_id: caseId,
      type: input.type,
      occurred_at: new Date(input.occurredAt),
      recorded_at: now,
      recorded_by: actor.userId,
      data: JSON.stringify(parsed.data),
      restricted: RESTRICTED_EVENT_TYPES.includes(input.type),
      supersedes_id: input.supersedes ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('care_case')
    .set({
      phase: state.phase,
      placement_organisation_id: state.placementOrganisationId,
      rescued_at: state.rescuedAt ? new Date(state.rescuedAt) : null,
      closed_at: state.closedAt ? new Date(state.closedAt) : null,
      closure_reason: state.closureReason,
    })
    .where('id', '=', caseId)
    .execute();
  await recordAudit(trx, {
    action: 'care_case.event_recorded',
    entityType: 'care_case',
    entityId: caseId,
    details: {
      eventId: row.id,
      type: input.type,
      ...(input.supersedes ? { supersedes: input.supersedes } : {}),
    },
  });
  await publishCareCaseEventRecorded(trx, {
    caseId,
    eventId: row.id,
    type: input.type,
    occurredAt: input.occurredAt,
  });
  return { id: row.id, state };
}
