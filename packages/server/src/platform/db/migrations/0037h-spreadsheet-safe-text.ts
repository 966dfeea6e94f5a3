import { sql, type Kysely } from 'kysely';

/**
 * `spreadsheet_safe(text)`: core's `spreadsheetSafeText` in SQL, for the HTCDS file PostgreSQL
 * writes itself (`COPY`, `exports/htcds-copy.repository.ts`), so that file stays the row path's
 * byte for byte. Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return that is not a
 * number gets a leading apostrophe: a spreadsheet then shows it as text instead of running it as
 * a formula. A SQL function, inlined where its argument is cheap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function spreadsheet_safe(value text) returns text
    language sql immutable parallel safe as $$
      select case
        when left(value, 1) in ('=', '+', '-', '@', E'\t', E'\r')
          and value !~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$'
        then '''' || value
        else value
      end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function spreadsheet_safe(text)`.execute(db);
}
