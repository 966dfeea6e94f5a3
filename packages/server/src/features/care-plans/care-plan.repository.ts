import type { Transaction } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { Executor } from '../care-cases/care-case.repository.ts';
import type { CarePlanInput, CarePlanView } from './care-plan.schemas.ts';

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

function dateText(value: string | Date | null): string | null {
  if (value === null) return null;
  // A date column comes back as a Date at UTC midnight from some drivers, as text from others.
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

export async function carePlansOfCase(
  db: Executor,
  caseId: string,
  planId?: string,
): Promise<CarePlanView[]> {
  let query = db
    .selectFrom('care_plan')
    .leftJoin('app_user', 'app_user.id', 'care_plan.approved_by')
    .selectAll('care_plan')
    .select('app_user.display_name as approver')
    .where('care_plan.case_id', '=', caseId);
  if (planId) query = query.where('care_plan.id', '=', planId);
  const plans = await query.orderBy('care_plan.created_at', 'desc').execute();
  if (plans.length === 0) return [];
  const goals = await db
    .selectFrom('care_plan_goal')
    .selectAll()
    .where(
      'care_plan_id',
      'in',
      plans.map((plan) => plan.id),
    )
    .orderBy('position')
    .execute();
  return plans.map((plan) => ({
    id: plan.id,
    caseId: plan.case_id,
    status: plan.status,
    version: plan.version,
    summary: plan.summary,
    reviewDueAt: iso(plan.review_due_at),
    createdAt: new Date(plan.created_at).toISOString(),
    approvedAt: iso(plan.approved_at),
    approvedBy: plan.approver ?? null,
    goals: goals
      .filter((goal) => goal.care_plan_id === plan.id)
      .map((goal) => ({
        id: goal.id,
        domain: goal.domain as CarePlanView['goals'][number]['domain'],
        description: goal.description,
        services: goal.services as CarePlanView['goals'][number]['services'],
        targetDate: dateText(goal.target_date),
        status: goal.status,
      })),
  }));
}

export async function writeGoals(
  trx: Transaction<DatabaseSchema>,
  planId: string,
  goals: CarePlanInput['goals'],
): Promise<void> {
  await trx.deleteFrom('care_plan_goal').where('care_plan_id', '=', planId).execute();
  await trx
    .insertInto('care_plan_goal')
    .values(
      goals.map((goal, position) => ({
        care_plan_id: planId,
        domain: goal.domain,
        description: goal.description,
        services: goal.services,
        target_date: goal.targetDate ?? null,
        status: goal.status,
        position,
      })),
    )
    .execute();
}
