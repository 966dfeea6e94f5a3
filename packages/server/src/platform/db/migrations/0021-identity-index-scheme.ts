import { sql, type Kysely } from 'kysely';

/**
 * Which scheme the rows of `identity_index` are hashed with (issue 15 finding 11): 1 is the first
 * (one installation-wide key, whole HMACs), 2 per-organisation keys and truncated hashes. The
 * migration cannot hash (it has no keys), so an installation holding identities starts at 1 and
 * the server (or `dawn identities reindex`) re-indexes them and moves it to 2.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table identity_index_scheme (
    singleton boolean primary key default true check (singleton),
    scheme integer not null,
    reindexed_at timestamptz
  )`.execute(db);
  await sql`insert into identity_index_scheme (scheme)
    select case when exists (select 1 from person_identity) then 1 else 2 end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table identity_index_scheme`.execute(db);
}
