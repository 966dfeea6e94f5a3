import { nextAssessmentDue, type Scope } from '@dawn/core';
import { expressionBuilder, sql, type Transaction } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit, recordAudits } from '../../platform/audit/audit.ts';
import { decodeCursor, keysetPage } from '../../platform/db/keyset.ts';
import { preparedSelect } from '../../platform/db/prepared-select.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import type { TaskKind } from '../../platform/db/schema-care-cases.ts';
import { careSettingsOf } from '../assessments/care-setting.repository.ts';
import { visibleCareCases, type Executor } from '../care-cases/care-case.repository.ts';
import type { TaskSummary } from '../care-cases/care-case.schemas.ts';

const KIND_TITLE = {
  intake: 'Intake outcome assessment',
  six_month: 'Six-month outcome assessment',
  annual: 'Annual outcome assessment',
} as const;

/**
 * The case's responsible worker: the social worker who joined its team first, or the first member
 * when no social worker is on it. Tasks nobody was named for are theirs (issue 12 §5), so "My
 * work" shows every open task of a case to someone.
 */
export function responsibleWorker(caseId: string) {
  return expressionBuilder<DatabaseSchema>()
    .selectFrom('team_membership')
    .innerJoin('app_user', 'app_user.id', 'team_membership.user_id')
    .select('team_membership.user_id')
    .where('team_membership.entity_type', '=', 'care_case')
    .where('team_membership.entity_id', '=', caseId)
    .where('app_user.status', '=', 'active')
    .orderBy(sql`${'social_worker'} = any(app_user.roles)`, 'desc')
    .orderBy('team_membership.added_at')
    .orderBy('team_membership.user_id')
    .limit(1);
}

/** Who the case's responsible worker is now (inside the caller's transaction). */
export async function currentResponsibleWorker(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
): Promise<string | null> {
  const row = await trx
    .selectNoFrom(responsibleWorker(caseId).as('user_id'))
    .executeTakeFirstOrThrow();
  return row.user_id;
}

/**
 * Gives the open tasks of `fromUserId` on the case to its responsible worker: run when someone
 * leaves the team, so their work does not vanish from every "My work", and when a social worker
 * joining makes someone else responsible, so the work follows the responsibility.
 */
export async function reassignOpenTasks(
  trx: Transaction<DatabaseSchema>,
  caseId: string,
  fromUserId: string,
): Promise<void> {
  await trx
    .updateTable('task')
    .set({ assignee_id: responsibleWorker(caseId) })
    .where('case_id', '=', caseId)
    .where('assignee_id', '=', fromUserId)
    .where('done_at', 'is', null)
    .execute();
}

/**
 * Creates a task once per source key (retries and replays are harmless). Without an assignee it
 * goes to the case's responsible worker.
 */
export async function createTaskOnce(
  trx: Transaction<DatabaseSchema>,
  task: {
    caseId: string;
    kind: TaskKind;
    sourceKey: string | null;
    title: string;
    assigneeId: string | null;
    dueAt: Date;
  },
): Promise<string | undefined> {
  const row = await trx
    .insertInto('task')
    .values({
      case_id: task.caseId,
      kind: task.kind,
      source_key: task.sourceKey,
      title: task.title,
      assignee_id: task.assigneeId ?? responsibleWorker(task.caseId),
      due_at: task.dueAt,
    })
    .onConflict((conflict) => conflict.columns(['case_id', 'source_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row)
    await recordAudit(trx, {
      action: 'task.created',
      entityType: 'care_case',
      entityId: task.caseId,
      details: { taskId: row.id, kind: task.kind },
    });
  return row?.id;
}

/**
 * Brings a case's assessment tasks up to date with the schedule: open assessment tasks are done
 * once an assessment is recorded, and the next one is created (intake, six months, then yearly)
 * for the case's responsible worker.
 */
export async function scheduleNextAssessment(
  trx: Transaction<DatabaseSchema>,
  careCase: { id: string; organisation_id: string; opened_at: Date },
  doneBy: string | null,
): Promise<void> {
  const settings = await careSettingsOf(trx, careCase.organisation_id);
  const assessed = await trx
    .selectFrom('assessment')
    .select('assessed_at')
    .where('case_id', '=', careCase.id)
    .execute();
  const next = nextAssessmentDue(
    settings.schedule,
    new Date(careCase.opened_at).toISOString(),
    assessed.map((row) => new Date(row.assessed_at).toISOString()),
  );
  await trx
    .updateTable('task')
    .set({ done_at: new Date(), done_by: doneBy })
    .where('case_id', '=', careCase.id)
    .where('kind', '=', 'assessment_due')
    .where('done_at', 'is', null)
    .where('source_key', '!=', `assessment:${next.sequence}`)
    .execute();
  await createTaskOnce(trx, {
    caseId: careCase.id,
    kind: 'assessment_due',
    sourceKey: `assessment:${next.sequence}`,
    title: KIND_TITLE[next.kind],
    assigneeId: null,
    dueAt: next.dueAt,
  });
}

/**
 * The first outcome assessment of care cases that arrive in Dawn with their history (a care-case
 * import's batch): due within the organisation's intake window counted from their arrival, as for
 * a case opened that day. An assessment made before Dawn was not recorded in it, so a case opened
 * in 2019 is not five years overdue the day it is imported; its first assessment in Dawn is its
 * baseline. Given to `assigneeId` (the importer, each case's only team member, who is its
 * responsible worker as on the form). A fixed number of statements whatever the number of cases;
 * a case that has its first assessment task already keeps it.
 */
export async function scheduleFirstAssessments(
  trx: Transaction<DatabaseSchema>,
  organisationId: string,
  caseIds: readonly string[],
  assigneeId: string,
  arrivedAt: Date,
): Promise<void> {
  if (caseIds.length === 0) return;
  const settings = await careSettingsOf(trx, organisationId);
  const first = nextAssessmentDue(settings.schedule, arrivedAt.toISOString(), []);
  const created = await trx
    .insertInto('task')
    .values(
      caseIds.map((caseId) => ({
        case_id: caseId,
        kind: 'assessment_due' as const,
        source_key: `assessment:${first.sequence}`,
        title: KIND_TITLE[first.kind],
        assignee_id: assigneeId,
        due_at: first.dueAt,
      })),
    )
    .onConflict((conflict) => conflict.columns(['case_id', 'source_key']).doNothing())
    .returning(['id', 'case_id'])
    .execute();
  await recordAudits(
    trx,
    created.map((row) => ({
      action: 'task.created',
      entityType: 'care_case',
      entityId: row.case_id,
      details: { taskId: row.id, kind: 'assessment_due' },
    })),
  );
}

export function taskQuery(db: Executor) {
  return db
    .selectFrom('task')
    .innerJoin('care_case', 'care_case.id', 'task.case_id')
    .select([
      'task.id',
      'task.case_id',
      'care_case.code as case_code',
      'task.kind',
      'task.title',
      'task.assignee_id',
      'task.due_at',
      'task.done_at',
    ]);
}

export function toTaskSummary(
  row: {
    id: string;
    case_id: string;
    case_code: string;
    kind: TaskKind;
    title: string;
    assignee_id: string | null;
    due_at: Date;
    done_at: Date | null;
  },
  now = new Date(),
): TaskSummary {
  return {
    id: row.id,
    caseId: row.case_id,
    caseCode: row.case_code,
    kind: row.kind,
    title: row.title,
    assigneeId: row.assignee_id,
    dueAt: new Date(row.due_at).toISOString(),
    doneAt: row.done_at ? new Date(row.done_at).toISOString() : null,
    overdue: row.done_at === null && new Date(row.due_at).getTime() < now.getTime(),
  };
}

/** Open tasks on open cases the caller may see, overdue first, then soonest first. */
function openTasksQuery(
  db: Executor,
  actor: Pick<Actor, 'organisationId' | 'userId'>,
  scope: Scope,
  filter: { caseId?: string | undefined; assigneeId?: string | undefined; limit: number },
) {
  let query = taskQuery(db)
    .where(visibleCareCases(actor as Actor, scope))
    .where('task.done_at', 'is', null)
    .where('care_case.phase', '!=', 'closed');
  if (filter.caseId) query = query.where('task.case_id', '=', filter.caseId);
  if (filter.assigneeId) query = query.where('task.assignee_id', '=', filter.assigneeId);
  // Overdue first (the oldest first), then the soonest due.
  return query
    .orderBy(sql`task.due_at < now()`, 'desc')
    .orderBy('task.due_at')
    .limit(filter.limit);
}

// A case's header asks for its next tasks on every view: built once per scope and filter.
const preparedOpenTasks = preparedSelect(
  (
    db,
    values: {
      organisationId: string;
      userId: string;
      caseId: string;
      assigneeId: string;
      limit: number;
    },
    shape,
  ) => {
    const [scope, byCase, byAssignee] = shape.split(' ');
    return openTasksQuery(db, values, scope as Scope, {
      caseId: byCase === 'case' ? values.caseId : undefined,
      assigneeId: byAssignee === 'assignee' ? values.assigneeId : undefined,
      limit: values.limit,
    });
  },
  // The header's shape reads one case's few tasks (task_case_id_idx): a named statement there.
  { named: (shape) => shape.split(' ')[1] === 'case' },
);

export async function openTasks(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: { caseId?: string; assigneeId?: string; limit: number },
): Promise<TaskSummary[]> {
  // The shared scope names the organisation inside a text: built each time.
  const rows =
    scope === 'shared'
      ? await openTasksQuery(db, actor, scope, filter).execute()
      : await preparedOpenTasks.execute(
          db,
          `${scope} ${filter.caseId ? 'case' : '-'} ${filter.assigneeId ? 'assignee' : '-'}`,
          {
            organisationId: actor.organisationId,
            userId: actor.userId,
            caseId: filter.caseId ?? '',
            assigneeId: filter.assigneeId ?? '',
            limit: filter.limit,
          },
        );
  return rows.map((row) => toTaskSummary(row));
}

/**
 * A page of someone's open tasks on open cases the caller may see, soonest due first: the overdue
 * ones are those due earliest, so they come first, oldest first. Read from
 * `task_open_assignee_due_idx` (assignee_id, due_at, id) from the cursor on, one row more than the
 * page to know whether another page follows.
 */
export async function assignedTasksPage(
  db: Executor,
  actor: Actor,
  scope: Scope,
  filter: { assigneeId: string; limit: number; after?: string | undefined },
): Promise<{ tasks: TaskSummary[]; nextCursor: string | null }> {
  let query = taskQuery(db)
    .select(sql<string>`task.due_at::text`.as('due_at_key'))
    .where(visibleCareCases(actor, scope))
    .where('task.done_at', 'is', null)
    .where('task.assignee_id', '=', filter.assigneeId)
    .where('care_case.phase', '!=', 'closed');
  if (filter.after) {
    const [dueAt, id] = decodeCursor(filter.after, ['instant', 'uuid']) as [string, string];
    query = query.where(
      sql<boolean>`(task.due_at, task.id) > (${dueAt}::timestamptz, ${id}::uuid)`,
    );
  }
  const now = new Date();
  const { page, nextCursor } = keysetPage(
    await query
      .orderBy('task.due_at')
      .orderBy('task.id')
      .limit(filter.limit + 1)
      .execute(),
    filter.limit,
    (row) => [row.due_at_key, row.id],
  );
  return { tasks: page.map((row) => toTaskSummary(row, now)), nextCursor };
}

/** A care case's overdue tasks: still open and past their due time (one definition for all). */
const overdueTasksOfCase = sql`from task where task.case_id = care_case.id and task.done_at is null and task.due_at < now()`;

export const overdueTaskCount = sql<string | number>`(select count(*) ${overdueTasksOfCase})`;

/** Whether the care case has an overdue task, for filters (`not` it pages as an anti-join). */
export const hasOverdueTask = sql<boolean>`exists (select 1 ${overdueTasksOfCase})`;
