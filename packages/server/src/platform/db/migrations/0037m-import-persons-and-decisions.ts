import { sql, type Kysely } from 'kysely';

/**
 * What an import did with persons beside its own rows, and the importer's answers it works by:
 * `persons_created`, survivors new to Dawn recorded with a care-case register's rows;
 * `linked`, rows the importer said are a person already in Dawn (linked to her, nothing else
 * changed); `decisions`, those answers for rows listed for review as likely someone already in
 * Dawn (`[{ "row": 79, "decision": "new_person" }, { "row": 80, "decision": "same_person",
 * "personId": "…" }]`), kept so a resumed job works by the same answers. No cell's value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job add column persons_created integer not null default 0`.execute(
    db,
  );
  await sql`alter table import_job add column linked integer not null default 0`.execute(db);
  await sql`alter table import_job add column decisions jsonb not null default '[]'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_job drop column decisions`.execute(db);
  await sql`alter table import_job drop column linked`.execute(db);
  await sql`alter table import_job drop column persons_created`.execute(db);
}
