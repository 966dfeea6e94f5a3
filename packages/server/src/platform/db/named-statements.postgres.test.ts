import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { executeNamed, preparedSelect, statementNameOf } from './prepared-select.ts';

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

  it('runs a fixed-text write by its name: prepared once on the connection, however many runs', async () => {
    const prepared = await database.db.connection().execute(async (connection) => {
      for (const name of ['Asha Trust', 'Bela Trust'])
        await executeNamed(
          connection,
          connection.insertInto('organisation').values({
            name,
            kind: 'ngo',
            district: 'North',
            state: 'West Bengal',
            country: 'IN',
          }),
        );
      const { rows } = await sql<{
        name: string;
      }>`select name from pg_prepared_statements where statement like 'insert into "organisation"%'`.execute(
        connection,
      );
      return rows;
    });
    expect(prepared).toHaveLength(1);
    const { rows } = await sql<{
      count: string;
    }>`select count(*) from organisation where name in ('Asha Trust', 'Bela Trust')`.execute(
      database.db,
    );
    expect(Number(rows[0]?.count)).toBe(2);
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
});
