import { sql, type Kysely } from 'kysely';

/**
 * Legal cases (FIR to verdict), their append-only event timeline with credited officials, the
 * compensation claims derived from it, testimony preparation, rescue operations, sharing with
 * partner organisations, and per-user calendar feed tokens. Persons are referenced by id and by a
 * per-case reference (V1, A2); no name is stored here. A rescue location is sealed by the vault.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('legal_case')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('fir_police_station_id', 'uuid', (column) => column.references('organisation.id'))
    .addColumn('fir_number', 'text')
    .addColumn('fir_year', 'integer')
    .addColumn('fir_date', 'date')
    .addColumn('zero_fir', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('cnr', 'text', (column) => column.unique())
    .addColumn('court_id', 'uuid', (column) => column.references('organisation.id'))
    .addColumn('forum', 'text', (column) =>
      column.check(sql`forum in ('magistrate','sessions','special-pocso')`),
    )
    .addColumn('offences', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('investigating_officer_id', 'uuid', (column) => column.references('official.id'))
    .addColumn('public_prosecutor_id', 'uuid', (column) => column.references('official.id'))
    .addColumn('advocate_id', 'uuid', (column) => column.references('official.id'))
    // Derived from the timeline on every write, so lists filter and sort in SQL.
    .addColumn('stage', 'text', (column) => column.notNull().defaultTo('pre_fir'))
    .addColumn('accused_in_custody', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_hearing_at', 'timestamptz')
    .addColumn('next_hearing_purpose', 'text')
    .addColumn('last_event_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('legal_case_fir_idx')
    .on('legal_case')
    .columns(['fir_police_station_id', 'fir_year', 'fir_number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('legal_case_org_idx')
    .on('legal_case')
    .columns(['organisation_id', 'next_hearing_at'])
    .execute();

  await db.schema
    .createTable('legal_case_party')
    .addColumn('legal_case_id', 'uuid', (column) =>
      column.notNull().references('legal_case.id').onDelete('cascade'),
    )
    .addColumn('ref', 'text', (column) => column.notNull())
    .addColumn('role', 'text', (column) =>
      column.notNull().check(sql`role in ('victim','accused')`),
    )
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id'))
    .addColumn('added_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('legal_case_party_pk', ['legal_case_id', 'ref'])
    .addUniqueConstraint('legal_case_party_person', ['legal_case_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('legal_case_party_person_idx')
    .on('legal_case_party')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('legal_case_event')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('legal_case_id', 'uuid', (column) => column.notNull().references('legal_case.id'))
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('occurred_at', 'timestamptz', (column) => column.notNull())
    .addColumn('recorded_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('recorded_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('data', 'jsonb', (column) => column.notNull())
    .addColumn('supersedes_id', 'uuid', (column) => column.references('legal_case_event.id'))
    .execute();
  await db.schema
    .createIndex('legal_case_event_case_idx')
    .on('legal_case_event')
    .columns(['legal_case_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('legal_case_event_type_idx')
    .on('legal_case_event')
    .columns(['type', 'occurred_at'])
    .execute();
  // A correction is a new event; nothing rewrites history.
  await sql`
    create function legal_case_event_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'legal_case_event is append-only: % refused', tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`
    create trigger legal_case_event_append_only before update or delete on legal_case_event
    for each row execute function legal_case_event_refuse_change()`.execute(db);
  await sql`
    create trigger legal_case_event_no_truncate before truncate on legal_case_event
    for each statement execute function legal_case_event_refuse_change()`.execute(db);

  await db.schema
    .createTable('legal_case_event_official')
    .addColumn('event_id', 'uuid', (column) => column.notNull().references('legal_case_event.id'))
    .addColumn('official_id', 'uuid', (column) => column.notNull().references('official.id'))
    .addPrimaryKeyConstraint('legal_case_event_official_pk', ['event_id', 'official_id'])
    .execute();
  await db.schema
    .createIndex('legal_case_event_official_idx')
    .on('legal_case_event_official')
    .column('official_id')
    .execute();

  await db.schema
    .createTable('legal_case_share')
    .addColumn('legal_case_id', 'uuid', (column) =>
      column.notNull().references('legal_case.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('shared_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('shared_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('legal_case_share_pk', ['legal_case_id', 'organisation_id'])
    .execute();

  // Derived from compensation.* events on every write; one row per victim and scheme.
  await db.schema
    .createTable('compensation_claim')
    .addColumn('legal_case_id', 'uuid', (column) =>
      column.notNull().references('legal_case.id').onDelete('cascade'),
    )
    .addColumn('victim_ref', 'text', (column) => column.notNull())
    .addColumn('scheme', 'text', (column) => column.notNull())
    .addColumn('authority', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('applied_at', 'timestamptz')
    .addColumn('amount_applied', 'bigint')
    .addColumn('interim_at', 'timestamptz')
    .addColumn('amount_interim', 'bigint')
    .addColumn('awarded_at', 'timestamptz')
    .addColumn('amount_sanctioned', 'bigint')
    .addColumn('disbursed_at', 'timestamptz')
    .addColumn('amount_disbursed', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('days_order_to_payment', 'integer')
    .addPrimaryKeyConstraint('compensation_claim_pk', ['legal_case_id', 'victim_ref', 'scheme'])
    .execute();

  await db.schema
    .createTable('testimony_preparation')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('legal_case_id', 'uuid', (column) => column.notNull().references('legal_case.id'))
    .addColumn('victim_ref', 'text', (column) => column.notNull())
    // The survivor's care case (migration 0003); not a foreign key so either can be archived.
    .addColumn('care_case_id', 'uuid')
    .addColumn('held_at', 'timestamptz', (column) => column.notNull())
    .addColumn('for_hearing_at', 'timestamptz')
    .addColumn('topics', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('conducted_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('calendar_feed')
    .addColumn('user_id', 'uuid', (column) => column.primaryKey().references('app_user.id'))
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('rescue_operation')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('occurred_at', 'timestamptz', (column) => column.notNull())
    .addColumn('district', 'text', (column) => column.notNull())
    // Sealed by the vault: where a rescue happened can lead traffickers to informants.
    .addColumn('location_sealed', 'text')
    .addColumn('legal_basis', 'text', (column) =>
      column.notNull().check(sql`legal_basis in ('ITPA:15','ITPA:16','BNSS:search','other')`),
    )
    .addColumn('police_unit_id', 'uuid', (column) => column.references('organisation.id'))
    .addColumn('official_ids', sql`uuid[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('ngo_staff_ids', sql`uuid[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('legal_case_id', 'uuid', (column) => column.references('legal_case.id'))
    .addColumn('created_by', 'uuid', (column) => column.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('rescue_operation_person')
    .addColumn('rescue_operation_id', 'uuid', (column) =>
      column.notNull().references('rescue_operation.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id'))
    .addColumn('role', 'text', (column) =>
      column.notNull().check(sql`role in ('rescued','arrested')`),
    )
    .addPrimaryKeyConstraint('rescue_operation_person_pk', ['rescue_operation_id', 'person_id'])
    .execute();
  await db.schema
    .createTable('rescue_operation_share')
    .addColumn('rescue_operation_id', 'uuid', (column) =>
      column.notNull().references('rescue_operation.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'uuid', (column) =>
      column.notNull().references('organisation.id'),
    )
    .addColumn('shared_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('rescue_operation_share_pk', [
      'rescue_operation_id',
      'organisation_id',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'rescue_operation_share',
    'rescue_operation_person',
    'rescue_operation',
    'calendar_feed',
    'testimony_preparation',
    'compensation_claim',
    'legal_case_share',
    'legal_case_event_official',
    'legal_case_event',
    'legal_case_party',
    'legal_case',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists legal_case_event_refuse_change`.execute(db);
}
