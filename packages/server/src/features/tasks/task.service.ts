import { DomainError, type Scope } from '@dawn/core';
import type { Actor } from '../../platform/access/actor.ts';
import { deny, requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import { listVisibleCareCases } from '../care-cases/care-case.list.ts';
import { findVisibleCareCase } from '../care-cases/care-case.repository.ts';
import type { CaseListItem, TaskSummary } from '../care-cases/care-case.schemas.ts';
import {
  assignedTasksPage,
  createTaskOnce,
  openTasks,
  taskQuery,
  toTaskSummary,
} from './task.repository.ts';

export interface MyWorkPaging {
  limit: number;
  /** The nextCursor of the previous page of my tasks. */
  after?: string | undefined;
}

/**
 * "My work": the first page of my open cases and of my open tasks (overdue first, then soonest).
 * Each list's further pages are `myCases` and `myTasks`.
 */
export async function myWork(
  deps: Deps,
  paging: { limit: number },
): Promise<{
  cases: CaseListItem[];
  casesNextCursor: string | null;
  tasks: TaskSummary[];
  tasksNextCursor: string | null;
}> {
  await requirePermission(deps.db, 'care_case:read');
  const [cases, tasks] = await Promise.all([myCases(deps, paging), myTasks(deps, paging)]);
  return {
    cases: cases.cases,
    casesNextCursor: cases.nextCursor,
    tasks: tasks.tasks,
    tasksNextCursor: tasks.nextCursor,
  };
}

/** A page of the cases I am on the team of and that are not closed, newest first. */
export async function myCases(
  deps: Deps,
  paging: MyWorkPaging,
): Promise<{ cases: CaseListItem[]; nextCursor: string | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:read');
  const { cases, nextCursor } = await listVisibleCareCases(deps.db, actor, scope, {
    teamMemberId: actor.userId,
    notClosed: true,
    limit: paging.limit,
    offset: 0,
    after: paging.after,
    count: 'none',
  });
  return { cases, nextCursor };
}

/** A page of my open tasks on open cases: overdue first (the oldest first), then soonest. */
export async function myTasks(
  deps: Deps,
  paging: MyWorkPaging,
): Promise<{ tasks: TaskSummary[]; nextCursor: string | null }> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:read');
  return assignedTasksPage(deps.db, actor, scope, { assigneeId: actor.userId, ...paging });
}

export async function listCaseTasks(deps: Deps, caseId: string): Promise<TaskSummary[]> {
  const { actor, scope } = await requireCareCase(deps.db, 'care_case:read', caseId);
  return openTasks(deps.db, actor, scope, { caseId, limit: 100 });
}

export async function addTask(
  deps: Deps,
  caseId: string,
  input: { title: string; dueAt: string; assigneeId?: string | undefined },
): Promise<TaskSummary> {
  const { careCase } = await requireCareCase(deps.db, 'care_case:write', caseId);
  if (input.assigneeId) {
    const member = await deps.db
      .selectFrom('team_membership')
      .select('user_id')
      .where('entity_type', '=', 'care_case')
      .where('entity_id', '=', caseId)
      .where('user_id', '=', input.assigneeId)
      .executeTakeFirst();
    if (!member)
      throw new DomainError('VALIDATION_FAILED', 'body.assigneeId: is not on the case’s team', {
        issues: [{ path: 'body.assigneeId', message: 'is not on the case’s team' }],
      });
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    const created = await createTaskOnce(trx, {
      caseId: careCase.id,
      kind: 'manual',
      sourceKey: null,
      title: input.title,
      assigneeId: input.assigneeId ?? null,
      dueAt: new Date(input.dueAt),
    });
    if (!created) throw new Error('task not created');
    return created;
  });
  const row = await taskQuery(deps.db).where('task.id', '=', id).executeTakeFirstOrThrow();
  return toTaskSummary(row);
}

/** Marks a task done. */
export async function completeTask(deps: Deps, taskId: string): Promise<TaskSummary> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:write');
  return markTask(deps, actor, scope, taskId, 'done');
}

/**
 * Opens again a task marked done by mistake (a tap on a phone is easily made): it is due as
 * before and back in its assignee's work. Audited; a task that is not done is a conflict.
 */
export async function reopenTask(deps: Deps, taskId: string): Promise<TaskSummary> {
  const { actor, scope } = await requirePermission(deps.db, 'care_case:write');
  return markTask(deps, actor, scope, taskId, 'open');
}

/** A task of a case the actor may write, marked done or open again, audited; else a refusal. */
async function markTask(
  deps: Deps,
  actor: Actor,
  scope: Scope,
  taskId: string,
  to: 'done' | 'open',
): Promise<TaskSummary> {
  const task = await deps.db
    .selectFrom('task')
    .select(['id', 'case_id', 'done_at'])
    .where('id', '=', taskId)
    .executeTakeFirst();
  const visible = task ? await findVisibleCareCase(deps.db, actor, scope, task.case_id) : undefined;
  if (!task || !visible)
    return deny(deps.db, { permission: 'care_case:write', entityType: 'task', entityId: taskId });
  if (to === 'done' && task.done_at)
    throw new DomainError('CONFLICT', 'This task is already done.');
  if (to === 'open' && !task.done_at) throw new DomainError('CONFLICT', 'This task is not done.');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('task')
      .set(
        to === 'done'
          ? { done_at: new Date(), done_by: actor.userId }
          : { done_at: null, done_by: null },
      )
      .where('id', '=', taskId)
      .execute();
    await recordAudit(trx, {
      action: to === 'done' ? 'task.completed' : 'task.reopened',
      entityType: 'care_case',
      entityId: task.case_id,
      details: { taskId },
    });
  });
  const row = await taskQuery(deps.db).where('task.id', '=', taskId).executeTakeFirstOrThrow();
  return toTaskSummary(row);
}
