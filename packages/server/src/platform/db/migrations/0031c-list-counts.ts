import { sql, type Kysely } from 'kysely';

/**
 * Issue 11: exact list totals that do not grow with the data. An exact `count(*)` of the care
 * cases, persons or legal cases in an organisation reads every row in scope (3–5× slower at 4×
 * the data). `list_count` holds how many rows each (list, organisation, bucket) has, as signed
 * deltas written by triggers in the transaction that changes the rows (so every writer, the CLI
 * and imports included, keeps them true, and a rolled-back transaction takes its deltas with it):
 *
 * - the bucket is the filter the web offers most: a care case's `phase`, a legal case's `stage`;
 *   persons have none (`''`);
 * - writers only INSERT delta rows, never update a shared counter row, so two transactions
 *   creating cases at once never wait for each other (a counter row per organisation would
 *   serialise them until commit);
 * - a total is the sum of the rows of its key, in one statement: in that statement's snapshot it
 *   equals `count(*)` exactly;
 * - the reader that finds many rows for a key folds them (delete the rows it can lock, `skip
 *   locked`, and insert their sum, in one statement), so a sum reads a handful of index entries.
 *
 * Inserts and deletes are statement-level triggers over transition tables (a bulk load adds one
 * row per key, not per row); an update adds rows only when the organisation or the bucket changes.
 */
const LISTS = [
  { table: 'person', bucket: `''` },
  { table: 'care_case', bucket: 'phase' },
  { table: 'legal_case', bucket: 'stage' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table list_count (
    id bigint generated always as identity primary key,
    list text not null,
    organisation_id uuid not null,
    bucket text not null,
    n bigint not null
  )`.execute(db);
  await sql`create index list_count_key_idx on list_count (list, organisation_id, bucket) include (n)`.execute(
    db,
  );

  for (const { table, bucket } of LISTS) {
    const name = (suffix: string) => sql.raw(`list_count_${table}_${suffix}`);
    const list = sql.lit(table);
    const bucketOf = (row: string) => sql.raw(bucket === `''` ? `''` : `${row}.${bucket}`);
    for (const operation of ['inserted', 'deleted'] as const) {
      const sign = sql.raw(operation === 'inserted' ? '' : '-');
      await sql`create function ${name(operation)}() returns trigger language plpgsql as $$
        begin
          insert into list_count (list, organisation_id, bucket, n)
          select ${list}, changed.organisation_id, ${bucketOf('changed')}, ${sign}count(*)
            from changed group by 2, 3;
          return null;
        end $$`.execute(db);
      await sql`create trigger ${name(operation)}
        after ${sql.raw(operation === 'inserted' ? 'insert' : 'delete')} on ${sql.raw(table)}
        referencing ${sql.raw(operation === 'inserted' ? 'new' : 'old')} table as changed
        for each statement execute function ${name(operation)}()`.execute(db);
    }
    await sql`create function ${name('moved')}() returns trigger language plpgsql as $$
      begin
        insert into list_count (list, organisation_id, bucket, n)
        values (${list}, old.organisation_id, ${bucketOf('old')}, -1),
               (${list}, new.organisation_id, ${bucketOf('new')}, 1);
        return null;
      end $$`.execute(db);
    await sql`create trigger ${name('moved')} after update on ${sql.raw(table)} for each row
      when (old.organisation_id is distinct from new.organisation_id
         or ${bucketOf('old')} is distinct from ${bucketOf('new')})
      execute function ${name('moved')}()`.execute(db);
    // A truncate (no code path does one) empties the list's counts too.
    await sql`create function ${name('truncated')}() returns trigger language plpgsql as $$
      begin
        delete from list_count where list = ${list};
        return null;
      end $$`.execute(db);
    await sql`create trigger ${name('truncated')} after truncate on ${sql.raw(table)}
      for each statement execute function ${name('truncated')}()`.execute(db);
    // Creating the triggers locked the table against writers until this migration commits.
    await sql`insert into list_count (list, organisation_id, bucket, n)
      select ${list}, organisation_id, ${bucketOf(table)}, count(*)
        from ${sql.raw(table)} group by 2, 3`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of LISTS) {
    for (const suffix of ['inserted', 'deleted', 'moved', 'truncated']) {
      const name = sql.raw(`list_count_${table}_${suffix}`);
      await sql`drop trigger ${name} on ${sql.raw(table)}`.execute(db);
      await sql`drop function ${name}`.execute(db);
    }
  }
  await sql`drop table list_count`.execute(db);
}
