import { sql, type Kysely } from 'kysely';

/**
 * Care cases (rescue to restoration): the case, its append-only timeline, consents, care plans
 * with goals, outcome assessments with item scores, tasks, and per-organisation care settings.
 * Nothing here holds a name: the survivor is a person id, and names live in the vault.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('care_case')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id'))
    .addColumn('opened_at', 'timestamptz', (column) => column.notNull())
    .addColumn('opened_by', 'uuid', (column) => column.references('app_user.id'))
    // Derived from the events and cached here for lists and scopes; rewritten with every event.
    .addColumn('phase', 'text', (column) =>
      column
        .notNull()
        .defaultTo('intake')
        .check(
          sql`phase in ('intake','interim_care','shelter_care','reintegration','follow_up','closed')`,
        ),
    )
    .addColumn('placement_organisation_id', 'uuid', (column) =>
      column.references('organisation.id'),
    )
    .addColumn('rescued_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closure_reason', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('care_case_code_per_organisation', ['organisation_id', 'code'])
    .execute();
  await db.schema.createIndex('care_case_person_idx').on('care_case').column('person_id').execute();
  await db.schema
    .createIndex('care_case_placement_idx')
    .on('care_case')
    .column('placement_organisation_id')
    .execute();

  await db.schema
    .createTable('care_case_event')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (column) => column.notNull().references('care_case.id'))
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('occurred_at', 'timestamptz', (column) => column.notNull())
    .addColumn('recorded_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('recorded_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('data', 'jsonb', (column) => column.notNull())
    .addColumn('restricted', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('supersedes_id', 'uuid', (column) =>
      column.references('care_case_event.id').unique(),
    )
    .execute();
  await db.schema
    .createIndex('care_case_event_case_idx')
    .on('care_case_event')
    .columns(['case_id', 'occurred_at'])
    .execute();
  // The timeline is append-only: a correction is a new event, never an edit.
  await sql`
    create function care_case_event_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'care_case_event is append-only: % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`
    create trigger care_case_event_append_only before update or delete on care_case_event
    for each row execute function care_case_event_refuse_change()`.execute(db);
  await sql`
    create trigger care_case_event_no_truncate before truncate on care_case_event
    for each statement execute function care_case_event_refuse_change()`.execute(db);

  await db.schema
    .createTable('consent')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id'))
    .addColumn('case_id', 'uuid', (column) => column.references('care_case.id'))
    .addColumn('purpose', 'text', (column) => column.notNull())
    .addColumn('given_at', 'timestamptz', (column) => column.notNull())
    .addColumn('given_by', 'text', (column) =>
      column.notNull().check(sql`given_by in ('survivor','guardian','cwc')`),
    )
    .addColumn('method', 'text', (column) =>
      column
        .notNull()
        .check(sql`method in ('written','thumbprint','verbal_witnessed','cwc_order')`),
    )
    .addColumn('language', 'text', (column) => column.notNull())
    .addColumn('witness', 'text')
    .addColumn('document_reference', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('recorded_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('consent_person_idx')
    .on('consent')
    .columns(['person_id', 'purpose'])
    .execute();

  await db.schema
    .createTable('care_plan')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (column) => column.notNull().references('care_case.id'))
    .addColumn('status', 'text', (column) =>
      column.notNull().check(sql`status in ('draft','approved','superseded')`),
    )
    .addColumn('summary', 'text', (column) => column.notNull())
    .addColumn('review_due_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('approved_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('approved_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('care_plan_case_idx').on('care_plan').column('case_id').execute();
  await db.schema
    .createTable('care_plan_goal')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('care_plan_id', 'uuid', (column) =>
      column.notNull().references('care_plan.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('services', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('target_date', 'date')
    .addColumn('status', 'text', (column) =>
      column
        .notNull()
        .check(sql`status in ('not_started','in_progress','achieved','discontinued')`),
    )
    .addColumn('position', 'integer', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('assessment')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (column) => column.notNull().references('care_case.id'))
    .addColumn('instrument_id', 'text', (column) => column.notNull())
    .addColumn('instrument_version', 'integer', (column) => column.notNull())
    .addColumn('assessed_at', 'timestamptz', (column) => column.notNull())
    .addColumn('assessed_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('domain_scores', 'jsonb', (column) => column.notNull())
    .addColumn('sub_domain_scores', 'jsonb', (column) => column.notNull())
    .addColumn('overall', sql`numeric(4,2)`, (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('assessment_case_idx')
    .on('assessment')
    .columns(['case_id', 'assessed_at'])
    .execute();
  await db.schema
    .createTable('assessment_item_score')
    .addColumn('assessment_id', 'uuid', (column) =>
      column.notNull().references('assessment.id').onDelete('cascade'),
    )
    .addColumn('item_key', 'text', (column) => column.notNull())
    .addColumn('score', 'integer', (column) => column.notNull().check(sql`score between 1 and 4`))
    .addPrimaryKeyConstraint('assessment_item_score_pk', ['assessment_id', 'item_key'])
    .execute();

  await db.schema
    .createTable('task')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (column) => column.notNull().references('care_case.id'))
    .addColumn('kind', 'text', (column) =>
      column.notNull().check(sql`kind in ('assessment_due','care_plan_review','manual')`),
    )
    // Idempotency: one task per source (e.g. `assessment:2`) per case.
    .addColumn('source_key', 'text')
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('assignee_id', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('due_at', 'timestamptz', (column) => column.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('task_source_per_case', ['case_id', 'source_key'])
    .execute();
  await db.schema
    .createIndex('task_assignee_idx')
    .on('task')
    .columns(['assignee_id', 'due_at'])
    .execute();
  await db.schema.createIndex('task_case_idx').on('task').column('case_id').execute();

  await db.schema
    .createTable('care_setting')
    .addColumn('organisation_id', 'uuid', (column) =>
      column.primaryKey().references('organisation.id'),
    )
    .addColumn('instrument', 'jsonb')
    .addColumn('restored_rule', 'jsonb')
    .addColumn('assessment_schedule', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'care_setting',
    'task',
    'assessment_item_score',
    'assessment',
    'care_plan_goal',
    'care_plan',
    'consent',
    'care_case_event',
    'care_case',
  ])
    await db.schema.dropTable(table).ifExists().execute();
  await sql`drop function if exists care_case_event_refuse_change()`.execute(db);
}
