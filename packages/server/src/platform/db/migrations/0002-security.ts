import { sql, type Kysely } from 'kysely';

/**
 * Sign-in, sessions, API tokens, throttling, the audit trail, persons and the identity vault.
 * Secrets are stored as hashes (sessions, tokens, recovery codes) or encrypted (TOTP secrets,
 * identities); nothing here holds a plaintext name, phone or address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('password_hash', 'text')
    .addColumn('must_change_password', 'boolean', (column) => column.notNull().defaultTo(true))
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('totp_secret', 'text') // vault-encrypted
    .addColumn('totp_enabled_at', 'timestamptz')
    .addColumn('totp_last_step', 'integer') // a code is accepted once
    .addColumn('recovery_code_hashes', sql`text[]`, (column) =>
      column.notNull().defaultTo(sql`'{}'`),
    )
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'text', (column) => column.primaryKey())
    .addColumn('user_id', 'uuid', (column) => column.notNull().references('app_user.id'))
    .addColumn('stage', 'text', (column) =>
      column
        .notNull()
        .check(
          sql`stage in ('password_change_required','two_factor_required','two_factor_enrolment_required','active')`,
        ),
    )
    .addColumn('csrf_token', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (column) => column.notNull().references('app_user.id'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('permissions', sql`text[]`, (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  // Failed sign-ins per account and per address, shared by every node.
  await db.schema
    .createTable('throttle')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('window_started_at', 'timestamptz', (column) =>
      column.notNull().defaultTo(sql`now()`),
    )
    .addColumn('locked_until', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('occurred_at', 'timestamptz', (column) => column.notNull())
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_organisation_id', 'uuid')
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('outcome', 'text', (column) =>
      column.notNull().check(sql`outcome in ('success','denied','failure')`),
    )
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'jsonb', (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('prev_hash', 'text', (column) => column.notNull())
    .addColumn('hash', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('audit_event_actor_idx')
    .on('audit_event')
    .column('actor_user_id')
    .execute();
  await db.schema
    .createIndex('audit_event_action_idx')
    .on('audit_event')
    .column('action')
    .execute();
  await db.schema
    .createIndex('audit_event_entity_idx')
    .on('audit_event')
    .columns(['entity_type', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('audit_event_time_idx')
    .on('audit_event')
    .column('occurred_at')
    .execute();
  // The trail is append-only: the database itself refuses to change or remove an entry.
  await sql`
    create function audit_event_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`
    create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_refuse_change()`.execute(db);
  await sql`
    create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_refuse_change()`.execute(db);

  // Team membership of any record: it is what gives a social worker a person or a case.
  await db.schema
    .createTable('team_membership')
    .addColumn('entity_type', 'text', (column) => column.notNull())
    .addColumn('entity_id', 'uuid', (column) => column.notNull())
    .addColumn('user_id', 'uuid', (column) => column.notNull().references('app_user.id'))
    .addColumn('added_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('team_membership_pk', ['entity_type', 'entity_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('team_membership_user_idx')
    .on('team_membership')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('person')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('pseudonym', 'text', (column) => column.notNull().unique())
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('sex', 'text', (column) =>
      column.notNull().check(sql`sex in ('female','male','transgender','other','unknown')`),
    )
    .addColumn('age_band', 'text', (column) => column.notNull())
    .addColumn('birth_year_estimate', 'integer')
    .addColumn('origin_state', 'text')
    .addColumn('origin_country', 'text')
    .addColumn('languages', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('person_organisation_idx')
    .on('person')
    .column('organisation_id')
    .execute();

  // Keys: data keys and the blind-index key, wrapped under the master key named by key_id.
  await db.schema
    .createTable('vault_key')
    .addColumn('purpose', 'text', (column) => column.primaryKey())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('wrapped', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('person_identity')
    .addColumn('person_id', 'uuid', (column) => column.primaryKey().references('person.id'))
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('wrapped_data_key', 'text', (column) => column.notNull())
    .addColumn('ciphertext', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('identity_index')
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('token_hash', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('identity_index_pk', ['person_id', 'kind', 'token_hash'])
    .execute();
  await db.schema
    .createIndex('identity_index_lookup_idx')
    .on('identity_index')
    .columns(['kind', 'token_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'identity_index',
    'person_identity',
    'vault_key',
    'person',
    'team_membership',
    'audit_event',
    'throttle',
    'api_token',
    'session',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function if exists audit_event_refuse_change`.execute(db);
}
