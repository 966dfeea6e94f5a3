import { sql, type Kysely } from 'kysely';

/**
 * Obligations (statutory deadlines materialised from case events), alerts to users, and the e-mail
 * outbox. Nothing here holds a survivor's name: alerts and e-mails speak of case codes, rules and
 * dates, and subjects are the case's own references (V1, A2).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('obligation')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_type', 'text', (column) => column.notNull())
    .addColumn('case_id', 'uuid', (column) => column.notNull())
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('case_code', 'text', (column) => column.notNull())
    // rule | subject | startsAt: what makes one obligation the same one across sweeps.
    .addColumn('obligation_key', 'text', (column) => column.notNull())
    .addColumn('rule', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('citation', 'text', (column) => column.notNull())
    .addColumn('subject', 'text')
    .addColumn('starts_at', 'timestamptz', (column) => column.notNull())
    .addColumn('due_at', 'timestamptz', (column) => column.notNull())
    .addColumn('status', 'text', (column) =>
      column.notNull().check(sql`status in ('met','met_late','open','overdue')`),
    )
    .addColumn('met_at', 'timestamptz')
    .addColumn('consequence', 'text', (column) => column.notNull())
    .addColumn('confidence', 'text', (column) => column.notNull())
    .addColumn('unconfirmed', 'boolean', (column) => column.notNull())
    .addColumn('responsible_role', 'text', (column) => column.notNull())
    .addColumn('alerts_at', sql`timestamptz[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('explanation', 'jsonb', (column) => column.notNull())
    .addColumn('computed_at', 'timestamptz', (column) => column.notNull())
    .addUniqueConstraint('obligation_identity', ['case_type', 'case_id', 'obligation_key'])
    .execute();
  await db.schema
    .createIndex('obligation_due_idx')
    .on('obligation')
    .columns(['status', 'due_at'])
    .execute();
  await db.schema
    .createIndex('obligation_case_idx')
    .on('obligation')
    .columns(['case_type', 'case_id'])
    .execute();

  await db.schema
    .createTable('alert')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (column) => column.notNull().references('app_user.id'))
    .addColumn('kind', 'text', (column) =>
      column.notNull().check(sql`kind in ('deadline_due_soon','deadline_overdue')`),
    )
    .addColumn('obligation_id', 'uuid', (column) =>
      column.references('obligation.id').onDelete('set null'),
    )
    .addColumn('case_type', 'text', (column) => column.notNull())
    .addColumn('case_id', 'uuid', (column) => column.notNull())
    .addColumn('case_code', 'text', (column) => column.notNull())
    .addColumn('rule', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('subject', 'text')
    .addColumn('due_at', 'timestamptz', (column) => column.notNull())
    // One alert per user, obligation and alert time, however often the sweep runs.
    .addColumn('dedupe_key', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addColumn('emailed_at', 'timestamptz')
    .addUniqueConstraint('alert_once', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('alert_user_idx')
    .on('alert')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('notification_preference')
    .addColumn('user_id', 'uuid', (column) => column.primaryKey().references('app_user.id'))
    .addColumn('email_alerts', 'text', (column) =>
      column.notNull().check(sql`email_alerts in ('immediate','daily_digest','off')`),
    )
    .addColumn('last_digest_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('outbox_email')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('to_address', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('body_text', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_pending_idx')
    .on('outbox_email')
    .column('next_attempt_at')
    .where(sql.ref('sent_at'), 'is', null)
    .execute();
}
