import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the similar-person search: how many people hold each word and phonetic key, stored,
 * so a search reads a count instead of counting a token's postings in `identity_index` (about
 * 4,200 index entries for a two-word name at 50,000 persons, capped at 2,001 a token beyond). Core's
 * plan (`planCandidateSearch`) decides from the counts which tokens find candidates, so they are
 * exact: a search reads the same numbers it counted.
 *
 * Counting by appending, as the dashboard's counters do (0036r): every statement that writes
 * `identity_index` appends one row to `identity_postings_pending` (its words' and keys' hashes as
 * arrays, and +1 or -1), from a statement-level trigger, so every writer (a creation, an identity
 * replaced, a reindex, an import, a bench's load) is counted and none touches a shared row:
 * concurrent creations of one common name never wait on each other. One such statement in
 * `FOLD_EVERY`, and any that wrote many tokens, folds every pending row into `identity_postings`
 * (`identity_postings_fold()`) if no other transaction is folding (`pg_try_advisory_xact_lock`:
 * nobody waits). A count is the stored row plus the pending rows' signs, in one statement's
 * snapshot: a fold deletes the pending rows it adds in the same statement, so a reader sees one or
 * the other. A search reads every pending row for each word it asks, so they are folded often.
 *
 * Only words and phonetic keys are stored: they are what a name's count reads (each held by
 * hundreds or thousands). Phones and pair tokens are held by a few (a pair by the holders of one
 * full name) and trigrams are counted only in the rare plan that needs them, so they are still
 * counted where asked, and a creation appends about five hashes, not seventeen.
 */

/** One writing statement in this many folds the pending rows. */
const FOLD_EVERY = 16;
/** A statement that wrote at least this many counted tokens (a load, a reindex) folds at once. */
const FOLD_AT = 1_000;
/** The advisory lock a fold holds (a constant of this table's own). */
const FOLD_LOCK = 370_301;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table identity_postings (
    kind text not null,
    token_hash text not null,
    postings integer not null,
    constraint identity_postings_pk primary key (kind, token_hash))`.execute(db);
  await sql`create table identity_postings_pending (
    kinds text[] not null,
    hashes text[] not null,
    sign smallint not null)`.execute(db);
  await sql`create sequence identity_postings_writes`.execute(db);
  await sql`create function identity_postings_fold() returns void language sql as $$
    with folded as (delete from identity_postings_pending returning kinds, hashes, sign),
    summed as (select held.kind, held.token_hash, sum(folded.sign)::integer as delta
      from folded cross join lateral unnest(folded.kinds, folded.hashes) as held(kind, token_hash)
      group by held.kind, held.token_hash)
    insert into identity_postings (kind, token_hash, postings)
    select kind, token_hash, delta from summed where delta <> 0
    order by kind, token_hash
    on conflict (kind, token_hash)
      do update set postings = identity_postings.postings + excluded.postings
  $$`.execute(db);
  // One function for the three operations: each branch reads only its own transition tables
  // (PL/pgSQL plans a statement when it first runs it).
  await sql`create function identity_postings_noted() returns trigger language plpgsql as $$
    declare
      noted integer := 0;
      added integer;
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        insert into identity_postings_pending (kinds, hashes, sign)
        select array_agg(kind), array_agg(token_hash), -1 from old_rows
        where kind in ('name', 'phonetic') having count(*) > 0
        returning cardinality(kinds) into added;
        noted := noted + coalesce(added, 0);
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        added := null;
        insert into identity_postings_pending (kinds, hashes, sign)
        select array_agg(kind), array_agg(token_hash), 1 from new_rows
        where kind in ('name', 'phonetic') having count(*) > 0
        returning cardinality(kinds) into added;
        noted := noted + coalesce(added, 0);
      end if;
      if noted > 0 and (noted >= ${sql.lit(FOLD_AT)}
          or nextval('identity_postings_writes') % ${sql.lit(FOLD_EVERY)} = 0)
        and current_setting('transaction_isolation') = 'read committed'
        and pg_try_advisory_xact_lock(${sql.lit(FOLD_LOCK)}) then
        perform identity_postings_fold();
      end if;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger identity_postings_inserted after insert on identity_index
    referencing new table as new_rows
    for each statement execute function identity_postings_noted()`.execute(db);
  await sql`create trigger identity_postings_updated after update on identity_index
    referencing old table as old_rows new table as new_rows
    for each statement execute function identity_postings_noted()`.execute(db);
  await sql`create trigger identity_postings_deleted after delete on identity_index
    referencing old table as old_rows
    for each statement execute function identity_postings_noted()`.execute(db);
  // Emptied with the index (a truncate fires no row triggers).
  await sql`create function identity_postings_truncated() returns trigger language plpgsql as $$
    begin
      delete from identity_postings;
      delete from identity_postings_pending;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger identity_postings_truncated after truncate on identity_index
    for each statement execute function identity_postings_truncated()`.execute(db);
  await sql`insert into identity_postings (kind, token_hash, postings)
    select kind, token_hash, count(*) from identity_index
    where kind in ('name', 'phonetic')
    group by kind, token_hash`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger identity_postings_truncated on identity_index`.execute(db);
  await sql`drop trigger identity_postings_deleted on identity_index`.execute(db);
  await sql`drop trigger identity_postings_updated on identity_index`.execute(db);
  await sql`drop trigger identity_postings_inserted on identity_index`.execute(db);
  await sql`drop function identity_postings_truncated()`.execute(db);
  await sql`drop function identity_postings_noted()`.execute(db);
  await sql`drop function identity_postings_fold()`.execute(db);
  await sql`drop sequence identity_postings_writes`.execute(db);
  await sql`drop table identity_postings_pending`.execute(db);
  await sql`drop table identity_postings`.execute(db);
}
