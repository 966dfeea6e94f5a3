import { DomainError } from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { requireCareCase } from '../care-cases/care-case.access.ts';
import { appendCareCaseEvent } from '../care-cases/care-case.events.ts';
import { createTaskOnce } from '../tasks/task.repository.ts';
import { carePlansOfCase, writeGoals } from './care-plan.repository.ts';
import type { CarePlanInput, CarePlanView } from './care-plan.schemas.ts';

/**
 * Individual care plans: goals per outcome domain with target dates, status and the services that
 * serve them. A plan is a draft until a program manager approves it; an approved plan is not
 * edited (goal progress aside): a new plan replaces it when approved.
 */
export async function listCarePlans(deps: Deps, caseId: string): Promise<CarePlanView[]> {
  await requireCareCase(deps.db, 'care_case:read', caseId);
  return carePlansOfCase(deps.db, caseId);
}

async function onePlan(deps: Deps, caseId: string, planId: string): Promise<CarePlanView> {
  const [plan] = await carePlansOfCase(deps.db, caseId, planId);
  if (!plan) throw new DomainError('NOT_FOUND', 'No such care plan on this case.');
  return plan;
}

export async function createCarePlan(
  deps: Deps,
  caseId: string,
  input: CarePlanInput,
): Promise<CarePlanView> {
  const { actor, scope } = await requireCareCase(deps.db, 'care_case:write', caseId);
  if (scope === 'shelter' || scope === 'shared')
    throw new DomainError('FORBIDDEN', 'The case’s own organisation writes its care plan.');
  const planId = await deps.db.transaction().execute(async (trx) => {
    const plan = await trx
      .insertInto('care_plan')
      .values({
        case_id: caseId,
        status: 'draft',
        summary: input.summary,
        review_due_at: input.reviewDueAt ? new Date(input.reviewDueAt) : null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeGoals(trx, plan.id, input.goals);
    // On the timeline too; this also refuses a plan for a closed case.
    await appendCareCaseEvent(trx, actor, caseId, {
      type: 'care_plan.created',
      occurredAt: new Date().toISOString(),
      data: { carePlanId: plan.id },
    });
    await recordAudit(trx, {
      action: 'care_plan.created',
      entityType: 'care_case',
      entityId: caseId,
      details: { carePlanId: plan.id, goals: input.goals.length },
    });
    return plan.id;
  });
  return onePlan(deps, caseId, planId);
}

export const CARE_PLAN_CHANGED_MESSAGE =
  'This draft plan was changed by someone else since you opened it; reload it to see what is there now, then make your change.';

export async function updateCarePlan(
  deps: Deps,
  caseId: string,
  planId: string,
  input: CarePlanInput,
  fromVersion?: number,
): Promise<CarePlanView> {
  const { scope } = await requireCareCase(deps.db, 'care_case:write', caseId);
  if (scope === 'shelter' || scope === 'shared')
    throw new DomainError('FORBIDDEN', 'The case’s own organisation writes its care plan.');
  await deps.db.transaction().execute(async (trx) => {
    const plan = await trx
      .selectFrom('care_plan')
      .select(['id', 'status', 'version'])
      .where('id', '=', planId)
      .where('case_id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!plan) throw new DomainError('NOT_FOUND', 'No such care plan on this case.');
    if (plan.status !== 'draft')
      throw new DomainError(
        'CONFLICT',
        'Only a draft plan is edited; write a new plan to change an approved one.',
      );
    // Replaced whole: an edit made from an older version would undo what was saved since.
    if (fromVersion !== undefined && fromVersion !== plan.version)
      throw new DomainError('CONFLICT', CARE_PLAN_CHANGED_MESSAGE);
    await trx
      .updateTable('care_plan')
      .set((eb) => ({
        summary: input.summary,
        review_due_at: input.reviewDueAt ? new Date(input.reviewDueAt) : null,
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', planId)
      .execute();
    await writeGoals(trx, planId, input.goals);
    await recordAudit(trx, {
      action: 'care_plan.updated',
      entityType: 'care_case',
      entityId: caseId,
      details: { carePlanId: planId },
    });
  });
  return onePlan(deps, caseId, planId);
}

export async function setGoalStatus(
  deps: Deps,
  caseId: string,
  planId: string,
  goalId: string,
  status: CarePlanView['goals'][number]['status'],
): Promise<CarePlanView> {
  await requireCareCase(deps.db, 'care_case:write', caseId);
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('care_plan_goal')
      .set({ status })
      .where('id', '=', goalId)
      .where('care_plan_id', '=', planId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_plan')
            .select('care_plan.id')
            .where('care_plan.id', '=', planId)
            .where('care_plan.case_id', '=', caseId),
        ),
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new DomainError('NOT_FOUND', 'No such goal on this case.');
    // An edit of the draft started before this would put the goal's old status back.
    await trx
      .updateTable('care_plan')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', planId)
      .execute();
    await recordAudit(trx, {
      action: 'care_plan.updated',
      entityType: 'care_case',
      entityId: caseId,
      details: { carePlanId: planId, goalId, status },
    });
  });
  return onePlan(deps, caseId, planId);
}

export async function approveCarePlan(
  deps: Deps,
  caseId: string,
  planId: string,
): Promise<CarePlanView> {
  const { actor } = await requireCareCase(deps.db, 'care_plan:approve', caseId);
  await deps.db.transaction().execute(async (trx) => {
    const plan = await trx
      .selectFrom('care_plan')
      .select(['id', 'status', 'review_due_at'])
      .where('id', '=', planId)
      .where('case_id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!plan) throw new DomainError('NOT_FOUND', 'No such care plan on this case.');
    if (plan.status !== 'draft')
      throw new DomainError('CONFLICT', `This plan is already ${plan.status}.`);
    await trx
      .updateTable('care_plan')
      .set({ status: 'superseded', updated_at: new Date() })
      .where('case_id', '=', caseId)
      .where('status', '=', 'approved')
      .execute();
    await trx
      .updateTable('care_plan')
      .set((eb) => ({
        status: 'approved',
        approved_by: actor.userId,
        approved_at: new Date(),
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', planId)
      .execute();
    if (plan.review_due_at)
      await createTaskOnce(trx, {
        caseId,
        kind: 'care_plan_review',
        sourceKey: `care_plan_review:${planId}`,
        title: 'Review the care plan',
        assigneeId: null,
        dueAt: new Date(plan.review_due_at),
      });
    await recordAudit(trx, {
      action: 'care_plan.approved',
      entityType: 'care_case',
      entityId: caseId,
      details: { carePlanId: planId },
    });
  });
  return onePlan(deps, caseId, planId);
}
