import { sql, type Kysely } from 'kysely';

/**
 * The language Dawn writes a user's e-mails in (deadline alerts and daily digests): English, Bengali
 * or Hindi, beside how they are e-mailed. English for everyone until they choose, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('notification_preference')
    .addColumn('email_language', 'text', (column) =>
      column
        .notNull()
        .defaultTo('en')
        .check(sql`email_language in ('en', 'bn', 'hi')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notification_preference').dropColumn('email_language').execute();
}
