import { sql, type Kysely } from 'kysely';

/**
 * Exports and webhooks (issue 16). Exports read care cases and legal-case victims in keyset
 * batches per organisation: the (organisation_id, id) indexes serve those batches. Webhooks: the
 * endpoints organisation admins register and the outbox their deliveries go out from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('care_case_organisation_id_idx')
    .on('care_case')
    .columns(['organisation_id', 'id'])
    .execute();
  await db.schema
    .createIndex('legal_case_party_victim_idx')
    .on('legal_case_party')
    .columns(['legal_case_id', 'ref'])
    .where(sql.ref('role'), '=', 'victim')
    .execute();

  await db.schema
    .createTable('webhook_endpoint')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('event_types', sql`text[]`, (column) => column.notNull())
    // The signing secret (whsec_…), sealed with the vault's data key like identities.
    .addColumn('secret_sealed', 'text', (column) => column.notNull())
    .addColumn('active', 'boolean', (column) => column.notNull().defaultTo(true))
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('webhook_endpoint_organisation_idx')
    .on('webhook_endpoint')
    .columns(['organisation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_delivery')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // The Standard Webhooks `webhook-id`: a redelivery keeps it, so receivers can deduplicate.
    .addColumn('message_id', 'text', (column) => column.notNull())
    .addColumn('endpoint_id', 'uuid', (column) =>
      column.notNull().references('webhook_endpoint.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'uuid', (column) => column.notNull())
    .addColumn('event_type', 'text', (column) => column.notNull())
    .addColumn('payload', 'jsonb', (column) => column.notNull())
    .addColumn('status', 'text', (column) =>
      column
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending','delivered','failed')`),
    )
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    // A sender claims a delivery until this instant; a crashed sender's claim simply lapses.
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('webhook_delivery_due_idx')
    .on('webhook_delivery')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('webhook_delivery_endpoint_idx')
    .on('webhook_delivery')
    .columns(['endpoint_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_delivery').execute();
  await db.schema.dropTable('webhook_endpoint').execute();
  await db.schema.dropIndex('legal_case_party_victim_idx').execute();
  await db.schema.dropIndex('care_case_organisation_id_idx').execute();
}
