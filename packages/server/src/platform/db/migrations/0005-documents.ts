import { sql, type Kysely } from 'kysely';

/**
 * Documents attached to a care case, legal case, rescue operation or person. The row holds only
 * what is safe to show (type, a title without personal data, size, sniffed MIME type, SHA-256);
 * the content lives in `document_chunk`, each chunk AES-256-GCM under the document's own data key,
 * which is stored wrapped under a vault master key. Bytes live in the database (bytea) so that
 * PGlite and PostgreSQL behave the same and one backup holds everything.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document')
    .addColumn('id', 'uuid', (column) => column.primaryKey())
    .addColumn('entity_type', 'text', (column) =>
      column
        .notNull()
        .check(sql`entity_type in ('care_case','legal_case','rescue_operation','person')`),
    )
    .addColumn('entity_id', 'uuid', (column) => column.notNull())
    .addColumn('type', 'text', (column) =>
      column
        .notNull()
        .check(
          sql`type in ('fir_copy','court_order','medical_report','identity_document','consent_form','photograph','other')`,
        ),
    )
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('mime_type', 'text', (column) => column.notNull())
    .addColumn('size_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('chunk_size', 'integer', (column) => column.notNull())
    .addColumn('chunk_count', 'integer')
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('wrapped_data_key', 'text', (column) => column.notNull())
    // 'uploading' rows are invisible; they become 'stored' with the audit entry, or are deleted.
    .addColumn('status', 'text', (column) =>
      column.notNull().check(sql`status in ('uploading','stored')`),
    )
    .addColumn('uploaded_by', 'uuid', (column) => column.notNull().references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'document_stored_complete',
      sql`status <> 'stored' or (size_bytes is not null and sha256 is not null and chunk_count is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('document_entity_idx')
    .on('document')
    .columns(['entity_type', 'entity_id', 'uploaded_at'])
    .execute();

  await db.schema
    .createTable('document_chunk')
    .addColumn('document_id', 'uuid', (column) =>
      column.notNull().references('document.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (column) => column.notNull())
    // nonce ‖ GCM tag ‖ ciphertext
    .addColumn('sealed', 'bytea', (column) => column.notNull())
    .addPrimaryKeyConstraint('document_chunk_pk', ['document_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_chunk').execute();
  await db.schema.dropTable('document').execute();
}
