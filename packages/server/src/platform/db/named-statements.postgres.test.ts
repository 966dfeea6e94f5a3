import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { nameStatement, preparedSelect, statementNameOf } from './prepared-select.ts';

// Issue 11: the hottest fixed-text reads are named statements on PostgreSQL, parsed and planned
// once a connection instead of once a request.
describe('named prepared selects (postgres)', () => {
  let database: TestDatabase;
  let organisationId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const row = await database.db
      .insertInto('organisation')
      .values({
        name: 'Parul Trust',
        kind: 'ngo',
        district: 'North',
        state: 'West Bengal',
        country: 'IN',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationId = row.id;
  });
  afterAll(() => database.close());

  const organisationById = preparedSelect(
    (db, values: { id: string }) =>
      db.selectFrom('organisation').selectAll().where('organisation.id', '=', values.id),
    { named: true },
  );
  const read = () => organisationById.execute(database.db, 'one', { id: organisationId });

  it('is prepared on the connection that runs it, and answers as before', async () => {
    const prepared = await database.db.connection().execute(async (connection) => {
      const [row] = await organisationById.execute(connection, 'one', { id: organisationId });
      expect(row?.name).toBe('Parul Trust');
      const { rows } = await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements`.execute(connection);
      return rows;
    });
    expect(prepared).toHaveLength(1);
    const [statement] = prepared;
    expect(statement?.name).toMatch(/^dawn_select_\d+_\d+$/);
    expect(statementNameOf(statement?.statement ?? '')).toBeDefined();
  });

  it('keeps answering on every connection after a migration adds a column to its table', async () => {
    // Prepared on each pooled connection (five at once take all five).
    await Promise.all(Array.from({ length: 5 }, () => read()));
    await sql`alter table organisation add column test_added_later text`.execute(database.db);
    try {
      // A statement prepared as `select *` before the change would now fail with "cached plan
      // must not change result type" on each connection that had prepared it.
      const answers = await Promise.all(Array.from({ length: 5 }, () => read()));
      for (const [row] of answers) {
        expect(row?.name).toBe('Parul Trust');
        expect(row).toHaveProperty('test_added_later', null);
      }
      const [again] = await read();
      expect(again).toHaveProperty('test_added_later', null);
    } finally {
      await sql`alter table organisation drop column test_added_later`.execute(database.db);
    }
  });

  it('a named write is parsed once on its connection and writes on every run', async () => {
    const insert = (name: string) => {
      const statement = sql<{ id: string }>`
        insert into organisation (name, kind, country)
        values (${name}, ${'ngo'}, ${'IN'})
        returning id`.compile(database.db);
      nameStatement(statement.sql);
      return statement;
    };
    const prepared = await database.db.connection().execute(async (connection) => {
      await connection.executeQuery(insert('Named Write Trust'));
      await connection.executeQuery(insert('Named Write Society'));
      const { rows } = await sql<{ name: string }>`
        select name from pg_prepared_statements where name like 'dawn_write_%'`.execute(connection);
      return rows.map((row) => row.name);
    });
    expect(prepared).toEqual([expect.stringMatching(/^dawn_write_\d+_\d+$/)]);
    const written = await database.db
      .selectFrom('organisation')
      .select('name')
      .where('name', 'like', 'Named Write %')
      .orderBy('name')
      .execute();
    expect(written.map((row) => row.name)).toEqual(['Named Write Society', 'Named Write Trust']);
  });
});
