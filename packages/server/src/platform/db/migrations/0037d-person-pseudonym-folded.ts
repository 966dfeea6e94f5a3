import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the persons list searched by pseudonym (`search=`). `pseudonym ilike '%…%'` lowers
 * the pseudonym and the pattern again for every row it looks at (in a UTF-8 database that is how
 * PostgreSQL compares without case), and a common fragment's page walks the organisation's
 * persons newest first, testing each: half of that walk's time was the lowering. The pseudonym is
 * now stored lowered beside it, so the search is `pseudonym_folded like lower(…)`: the same
 * comparison `ilike` makes, done once a row when it is written. Its trigram index replaces the
 * one on `pseudonym` (0036f), which nothing else reads, so a person's write keeps one trigram
 * index. Adding the stored column rewrites `person` and locks it against writes while it does
 * (the 0036f index took 24 s on 211,000 persons on a loaded machine).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person
    add column pseudonym_folded text generated always as (lower(pseudonym)) stored`.execute(db);
  await sql`create index person_pseudonym_folded_trgm_idx
    on person using gin (pseudonym_folded gin_trgm_ops)`.execute(db);
  await sql`drop index person_pseudonym_trgm_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index person_pseudonym_trgm_idx
    on person using gin (pseudonym gin_trgm_ops)`.execute(db);
  await sql`alter table person drop column pseudonym_folded`.execute(db);
}
