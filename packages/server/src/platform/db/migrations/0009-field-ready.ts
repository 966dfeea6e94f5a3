import { sql, type Kysely } from 'kysely';

/**
 * Field-ready (issue 12):
 * - an alert is resolved once its obligation is met, met late or no longer owed, so the inbox
 *   stops saying "overdue" about a chargesheet that was filed;
 * - open tasks assigned to nobody go to their case's responsible worker (the social worker who
 *   joined the team first, else the first member), so "My work" shows them to someone;
 * - persons are found by the rescue operations they were recorded in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alert').addColumn('resolved_at', 'timestamptz').execute();
  await db.schema
    .alterTable('alert')
    .addColumn('resolution', 'text', (column) =>
      column.check(sql`resolution in ('met','met_late','withdrawn')`),
    )
    .execute();
  // The resolving update looks for a case type's unresolved alerts.
  await db.schema
    .createIndex('alert_unresolved_idx')
    .on('alert')
    .columns(['case_type', 'case_id'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
  // Persons are reached through the rescues they were recorded in (issue 12 §4).
  await db.schema
    .createIndex('rescue_operation_person_person_idx')
    .on('rescue_operation_person')
    .column('person_id')
    .execute();
  await sql`
    update task set assignee_id = (
      select team_membership.user_id
        from team_membership
        join app_user on app_user.id = team_membership.user_id
       where team_membership.entity_type = 'care_case'
         and team_membership.entity_id = task.case_id
         and app_user.status = 'active'
       order by ('social_worker' = any(app_user.roles)) desc,
                team_membership.added_at, team_membership.user_id
       limit 1)
    where task.assignee_id is null and task.done_at is null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('rescue_operation_person_person_idx').execute();
  await db.schema.dropIndex('alert_unresolved_idx').execute();
  await db.schema.alterTable('alert').dropColumn('resolution').execute();
  await db.schema.alterTable('alert').dropColumn('resolved_at').execute();
}
