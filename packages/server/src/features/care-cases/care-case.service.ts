import { detectRetrafficking } from '../retrafficking/retrafficking.detect.ts';
import { DomainError, phasesAfterEvents, type CareCaseEventType } from '@dawn/core';
import { sql } from 'kysely';
import { requirePermission, scopeOf } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { toConsentView } from '../consents/consent.repository.ts';
import { authorisePersonCreation, insertPerson } from '../persons/person.service.ts';
import { findVisiblePerson } from '../persons/person.repository.ts';
import {
  currentResponsibleWorker,
  reassignOpenTasks,
  scheduleNextAssessment,
  toTaskSummary,
} from '../tasks/task.repository.ts';
import { requireCareCase } from './care-case.access.ts';
import { appendCareCaseEvent, type EventToRecord } from './care-case.events.ts';
import { listVisibleCareCases } from './care-case.list.ts';
import {
  eventsOfCase,
  findVisibleCareCase,
  headerPartsOf,
  lockCareCase,
  nextCaseCode,
  type CareCaseRow,
} from './care-case.repository.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type {
  CareCaseView,
  CaseListItem,
  CaseListQuery,
  EventView,
  NewEvent,
  OpenCareCase,
} from './care-case.schemas.ts';

/**
 * Care cases, rescue to restoration. Every use-case begins with its access check; a case the
 * caller may not see is NOT_FOUND. Every write is audited in its own transaction.
 */
const INDIA_OFFSET_MS = 330 * 60_000;

/**
 * Opens a care case. `firstEvent` (the rescue, when the case comes from a rescue operation) is
 * recorded in the same transaction, so the case never exists without it.
 */
export async function openCareCase(
  deps: Deps,
  input: OpenCareCase,
  firstEvent?: EventToRecord,
): Promise<CareCaseView> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:write');
  const { personId: existingId, person: newPerson } = input;
  if (existingId === undefined && newPerson === undefined)
    throw new DomainError('VALIDATION_FAILED', 'Give a person.');
  // A person created here passes the persons use-case's checks first (a refusal is audited), and
  // is recorded in the case's transaction: a case that cannot be opened leaves no person (nor
  // identity in the vault) behind, for a second attempt to record twice.
  const creator =
    existingId === undefined && newPerson
      ? await authorisePersonCreation(deps, newPerson)
      : undefined;
  const openedAt = input.openedAt ? new Date(input.openedAt) : new Date();
  if (openedAt.getTime() > Date.now() + 60_000)
    throw new DomainError('VALIDATION_FAILED', 'body.openedAt: is in the future', {
      issues: [{ path: 'body.openedAt', message: 'is in the future' }],
    });
  const year = new Date(openedAt.getTime() + INDIA_OFFSET_MS).getUTCFullYear();
  const { caseId, personId } = await deps.db.transaction().execute(async (trx) => {
    const personId =
      existingId ??
      (creator && newPerson
        ? (await insertPerson({ ...deps, db: trx }, creator, newPerson)).id
        : undefined);
    const personScope = scopeOf(actor, 'person:read');
    const person =
      personId && personScope
        ? await findVisiblePerson(trx, actor, personScope, personId)
        : undefined;
    // Opening a case for someone you cannot see would reveal that they exist.
    if (!personId || !person || (scope !== 'all' && person.organisationId !== actor.organisationId))
      throw new DomainError('NOT_FOUND', 'Not found.');
    const code = await nextCaseCode(trx, actor.organisationId, year);
    const row = await trx
      .insertInto('care_case')
      .values({
        code,
        organisation_id: actor.organisationId,
        person_id: personId,
        opened_at: openedAt,
        opened_by: actor.userId,
      })
      .returning(['id', 'organisation_id', 'opened_at'])
      .executeTakeFirstOrThrow();
    // The one who opens a case is on its team: membership is what gives a social worker a case.
    await trx
      .insertInto('team_membership')
      .values({ entity_type: 'care_case', entity_id: row.id, user_id: actor.userId })
      .execute();
    await recordAudit(trx, {
      action: 'care_case.opened',
      entityType: 'care_case',
      entityId: row.id,
      details: { personId, code },
    });
    await scheduleNextAssessment(trx, row, null);
    if (firstEvent) await appendCareCaseEvent(trx, actor, row.id, firstEvent);
    return { caseId: row.id, personId };
  });
  // Re-trafficking alerts (issue 17): after the case exists, so a failure cannot undo it.
  await detectRetrafficking(deps, actor, { type: 'care_case', id: caseId }, [personId]);
  return getCareCase(deps, caseId);
}

export async function listCareCases(
  deps: Deps,
  query: CaseListQuery,
): Promise<{
  cases: CaseListItem[];
  total?: number;
  totalEstimate?: number;
  nextCursor: string | null;
}> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:read');
  return listVisibleCareCases(deps.db, actor, scope, query);
}

export async function getCareCase(deps: Deps, caseId: string): Promise<CareCaseView> {
  const { careCase } = await requireCareCase(deps.db, 'care_case:read', caseId);
  return careCaseView(deps, careCase);
}

async function careCaseView(deps: Deps, careCase: CareCaseRow): Promise<CareCaseView> {
  const parts = await headerPartsOf(deps.db, careCase);
  const now = new Date();
  // A closed case has no next tasks (as `openTasks` finds none on it); the dates arrive as text.
  const nextTasks =
    careCase.phase === 'closed'
      ? []
      : parts.next_tasks.map((task) =>
          toTaskSummary(
            {
              ...task,
              case_id: careCase.id,
              case_code: careCase.code,
              due_at: new Date(task.due_at),
              done_at: task.done_at === null ? null : new Date(task.done_at),
            },
            now,
          ),
        );
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    id: careCase.id,
    code: careCase.code,
    organisationId: careCase.organisation_id,
    person: {
      id: parts.id,
      pseudonym: parts.pseudonym,
      ageBand: parts.age_band as CareCaseView['person']['ageBand'],
      sex: parts.sex,
    },
    phase: careCase.phase,
    openedAt: new Date(careCase.opened_at).toISOString(),
    rescuedAt: iso(careCase.rescued_at),
    closedAt: iso(careCase.closed_at),
    closureReason: careCase.closure_reason,
    placement:
      careCase.placement_organisation_id && parts.placement_name !== null
        ? {
            organisationId: careCase.placement_organisation_id,
            organisationName: parts.placement_name,
          }
        : null,
    team: parts.team.map((member) => ({ userId: member.id, displayName: member.display_name })),
    nextTasks,
    // The consents arrive as JSON, their dates as text.
    activeConsents: parts.consents
      .map((row) =>
        toConsentView({
          ...row,
          given_at: new Date(row.given_at),
          expires_at: row.expires_at === null ? null : new Date(row.expires_at),
          withdrawn_at: row.withdrawn_at === null ? null : new Date(row.withdrawn_at),
          created_at: new Date(row.created_at),
        }),
      )
      .filter((consent) => consent.active),
  };
}

/** Event types staff of a shelter record: daily care, not the case's legal or closing facts. */
const SHELTER_EVENT_TYPES: readonly CareCaseEventType[] = [
  'service.delivered',
  'note.case',
  'follow_up.visit',
  'placement.ended',
];

export async function recordCareCaseEvent(
  deps: Deps,
  caseId: string,
  input: NewEvent,
): Promise<EventView> {
  const { actor, scope } = await requireCareCase(deps.db, 'care_case:write', caseId);
  if (input.type === 'note.counselling')
    await requireCareCase(deps.db, 'counselling_note:write', caseId);
  if (scope === 'shelter' && !SHELTER_EVENT_TYPES.includes(input.type))
    throw new DomainError('FORBIDDEN', `Shelter staff record care events only, not ${input.type}.`);
  const { id } = await deps.db.transaction().execute(async (trx) => {
    const appended = await appendCareCaseEvent(trx, actor, caseId, input);
    // Reviewing a plan is the work its review task asked for.
    if (input.type === 'care_plan.reviewed')
      await trx
        .updateTable('task')
        .set({ done_at: new Date(), done_by: actor.userId })
        .where('case_id', '=', caseId)
        .where('source_key', '=', `care_plan_review:${String(input.data.carePlanId)}`)
        .where('done_at', 'is', null)
        .execute();
    return appended;
  });
  const timeline = await getTimeline(deps, caseId, {});
  const all = [...timeline.groups.flatMap((group) => group.events), ...timeline.superseded];
  const event = all.find((each) => each.id === id);
  if (!event) throw new Error('recorded event not found');
  return event;
}

/** Counselling notes are for counsellors and program managers: a narrower grant than the case. */
async function canReadCounsellingNotes(deps: Deps, actor: Actor, caseId: string): Promise<boolean> {
  const noteScope = scopeOf(actor, 'counselling_note:read');
  if (noteScope === undefined) return false;
  return (await findVisibleCareCase(deps.db, actor, noteScope, caseId)) !== undefined;
}

export async function getTimeline(
  deps: Deps,
  caseId: string,
  filter: { types?: string[] },
): Promise<{
  groups: { phase: EventView['phaseAfter'] & string; events: EventView[] }[];
  superseded: EventView[];
}> {
  const { actor, scope } = await requireCareCase(deps.db, 'care_case:read', caseId);
  const withNotes = await canReadCounsellingNotes(deps, actor, caseId);
  // A partner organisation sees the facts referred to it, not the care team's notes.
  const rows = (await eventsOfCase(deps.db, caseId, withNotes)).filter(
    (row) => scope !== 'shared' || row.type !== 'note.case',
  );
  // Reading counselling notes is a sensitive read: the trail keeps who did, never what.
  if (withNotes && rows.some((row) => row.restricted))
    await deps.db.transaction().execute((trx) =>
      recordAudit(trx, {
        action: 'care_case.timeline_read',
        entityType: 'care_case',
        entityId: caseId,
        details: { withCounsellingNotes: true },
      }),
    );
  const supersededBy = new Map(
    rows.filter((row) => row.supersedes_id).map((row) => [row.supersedes_id ?? '', row.id]),
  );
  const phases = new Map(
    phasesAfterEvents(
      rows.map((row) => ({
        id: row.id,
        type: row.type as CareCaseEventType,
        occurredAt: new Date(row.occurred_at).toISOString(),
        data: row.data,
        supersedesId: row.supersedes_id,
      })),
    ).map((entry) => [entry.eventId, entry.phase]),
  );
  const views: EventView[] = rows.map((row) => ({
    id: row.id,
    type: row.type,
    occurredAt: new Date(row.occurred_at).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
    recordedBy: row.recorded_by_name ?? null,
    data: row.data,
    supersedesId: row.supersedes_id,
    supersededById: supersededBy.get(row.id) ?? null,
    phaseAfter: phases.get(row.id) ?? null,
  }));
  const wanted = (view: EventView) => !filter.types?.length || filter.types.includes(view.type);
  const groups: { phase: NonNullable<EventView['phaseAfter']>; events: EventView[] }[] = [];
  // Effective events in date order, grouped by the phase each left the case in.
  for (const view of views.filter((each) => each.phaseAfter !== null)) {
    const phase = view.phaseAfter ?? 'intake';
    const last = groups[groups.length - 1];
    if (!wanted(view)) continue;
    if (last?.phase === phase) last.events.push(view);
    else groups.push({ phase, events: [view] });
  }
  return { groups, superseded: views.filter((view) => view.phaseAfter === null && wanted(view)) };
}

export async function addTeamMember(deps: Deps, caseId: string, userId: string): Promise<void> {
  const { scope, careCase } = await requireCareCase(deps.db, 'care_case:write', caseId);
  if (scope === 'shelter' || scope === 'shared')
    throw new DomainError('FORBIDDEN', 'Only the case’s own organisation manages its team.');
  const user = await deps.db
    .selectFrom('app_user')
    .select(['id', 'organisation_id', 'status'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.organisation_id !== careCase.organisation_id || user.status !== 'active')
    throw new DomainError(
      'VALIDATION_FAILED',
      'body.userId: is not an active user of the case’s organisation',
      {
        issues: [
          { path: 'body.userId', message: 'is not an active user of the case’s organisation' },
        ],
      },
    );
  await deps.db.transaction().execute(async (trx) => {
    await lockCareCase(trx, caseId);
    const responsibleBefore = await currentResponsibleWorker(trx, caseId);
    await trx
      .insertInto('team_membership')
      .values({ entity_type: 'care_case', entity_id: caseId, user_id: userId })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    // A social worker joining a case only a manager or counsellor was on becomes responsible.
    if (responsibleBefore !== null && (await currentResponsibleWorker(trx, caseId)) === userId)
      await reassignOpenTasks(trx, caseId, responsibleBefore);
    await recordAudit(trx, {
      action: 'care_case.team_member_added',
      entityType: 'care_case',
      entityId: caseId,
      details: { userId },
    });
  });
}

export async function removeTeamMember(deps: Deps, caseId: string, userId: string): Promise<void> {
  const { scope } = await requireCareCase(deps.db, 'care_case:write', caseId);
  if (scope === 'shelter' || scope === 'shared')
    throw new DomainError('FORBIDDEN', 'Only the case’s own organisation manages its team.');
  await deps.db.transaction().execute(async (trx) => {
    await lockCareCase(trx, caseId);
    const removed = await trx
      .deleteFrom('team_membership')
      .where('entity_type', '=', 'care_case')
      .where('entity_id', '=', caseId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0)
      throw new DomainError('NOT_FOUND', 'That user is not on the case’s team.');
    await reassignOpenTasks(trx, caseId, userId);
    // Counted after the delete, inside the lock, so two removals at once cannot both pass.
    const left = await trx
      .selectFrom('team_membership')
      .select(sql<string>`count(*)`.as('n'))
      .where('entity_type', '=', 'care_case')
      .where('entity_id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0)
      throw new DomainError(
        'LAST_TEAM_MEMBER',
        'This is the last member of the case’s team; add someone else before removing them.',
      );
    await recordAudit(trx, {
      action: 'care_case.team_member_removed',
      entityType: 'care_case',
      entityId: caseId,
      details: { userId },
    });
  });
}
