import { sql, type Kysely } from 'kysely';

/**
 * Trainings of justice officials (issue 14): programmes, their sessions, the officials who took
 * part (with cadre, rank and posting as they were at the time), attendance per day, test scores,
 * feedback and certificates of participation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('training_programme')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('topic', 'text', (column) => column.notNull())
    .addColumn('curriculum', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('target_cadres', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('training_programme_organisation_idx')
    .on('training_programme')
    .columns(['organisation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('training_session')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('programme_id', 'uuid', (column) =>
      column.notNull().references('training_programme.id'),
    )
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('starts_on', 'date', (column) => column.notNull())
    .addColumn('ends_on', 'date', (column) => column.notNull())
    .addColumn('venue', 'text', (column) => column.notNull())
    .addColumn('district', 'text', (column) => column.notNull())
    .addColumn('partner_institution', 'text', (column) => column.notNull())
    .addColumn('trainers', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('training_session_days', sql`ends_on >= starts_on`)
    .execute();
  await db.schema
    .createIndex('training_session_programme_idx')
    .on('training_session')
    .columns(['programme_id', 'starts_on'])
    .execute();
  await db.schema
    .createIndex('training_session_organisation_idx')
    .on('training_session')
    .columns(['organisation_id', 'starts_on'])
    .execute();

  await db.schema
    .createTable('training_participant')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (column) => column.notNull().references('training_session.id'))
    .addColumn('official_id', 'uuid', (column) => column.notNull().references('official.id'))
    .addColumn('cadre', 'text', (column) => column.notNull())
    .addColumn('rank', 'text')
    .addColumn('posting', 'text')
    .addColumn('district', 'text')
    .addColumn('pre_score', 'real')
    .addColumn('post_score', 'real')
    .addColumn('feedback_rating', 'smallint')
    .addColumn('feedback_comment', 'text')
    .addColumn('certificate_code', 'text', (column) => column.unique())
    .addColumn('certificate_issued_at', 'timestamptz')
    .addColumn('added_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('training_participant_once', ['session_id', 'official_id'])
    .addCheckConstraint(
      'training_participant_scores',
      sql`(pre_score is null or pre_score between 0 and 100) and (post_score is null or post_score between 0 and 100) and (feedback_rating is null or feedback_rating between 1 and 5)`,
    )
    .execute();
  await db.schema
    .createIndex('training_participant_official_idx')
    .on('training_participant')
    .column('official_id')
    .execute();

  await db.schema
    .createTable('training_attendance')
    .addColumn('participant_id', 'uuid', (column) =>
      column.notNull().references('training_participant.id'),
    )
    .addColumn('day', 'date', (column) => column.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['participant_id', 'day'])
    .execute();

  // The dashboard leaves out events corrected away through legal_case_event_supersedes_idx,
  // which 0008-scale-indexes creates.
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('training_attendance').execute();
  await db.schema.dropTable('training_participant').execute();
  await db.schema.dropTable('training_session').execute();
  await db.schema.dropTable('training_programme').execute();
}
