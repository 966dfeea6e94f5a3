import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { executeNamed } from './prepared-select.ts';
import type { DatabaseSchema } from './schema.ts';

// Issue 11: a transaction's `begin` is no round trip of its own on PostgreSQL; it goes with the
// transaction's first statement when that is a named statement its connection has parsed and
// whose parameters are ids, numbers, truth values or nulls (query-cancellation.ts). What it must
// not change: the answers, that a failure rolls back, and that nothing personal is ever written
// into a statement's text.
describe("a transaction's begin sent with its first named statement (postgres)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const caseId = randomUUID();
  const userIds = [randomUUID(), randomUUID()];
  const echo = (db: Kysely<DatabaseSchema>) =>
    executeNamed(
      db,
      sql<{
        case_id: string;
        user_ids: string[];
        nothing: string | null;
        count: number;
        flag: boolean;
      }>`select ${caseId}::uuid as case_id, ${userIds}::uuid[] as user_ids,
        ${null}::uuid as nothing, ${-42}::int as count, ${true}::boolean as flag`,
    );

  /** The texts pg sends while `run` runs: one round trip each. */
  async function roundTripsOf(run: () => Promise<unknown>): Promise<string[]> {
    const prototype = pg.Client.prototype as unknown as {
      query: (this: pg.Client, ...parameters: unknown[]) => unknown;
    };
    const query = prototype.query;
    const sent: string[] = [];
    prototype.query = function (this: pg.Client, ...parameters: unknown[]) {
      const first = parameters[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      return query.apply(this, parameters);
    };
    try {
      await run();
    } finally {
      prototype.query = query;
    }
    return sent;
  }

  it('answers the same inside a transaction as outside it, in one round trip fewer', async () => {
    await database.db.connection().execute(async (connection) => {
      const outside = (await echo(connection)).rows[0];
      // The statement is now parsed on this connection: the transaction sends `begin` with it.
      let inside: typeof outside;
      const sent = await roundTripsOf(() =>
        connection.transaction().execute(async (trx) => {
          inside = (await echo(trx)).rows[0];
        }),
      );
      expect(sent).toHaveLength(2);
      expect(sent[0]).toMatch(/^begin; execute dawn_select_\d+_\d+\(/);
      expect(sent[1]).toBe('commit');
      expect(inside).toEqual(outside);
      expect(inside).toEqual({
        case_id: caseId,
        user_ids: userIds,
        nothing: null,
        count: -42,
        flag: true,
      });
    });
  });

  it('keeps any other parameter apart from the text: a name is never part of a statement', async () => {
    const name = "Asha D'Souza";
    const byName = (db: Kysely<DatabaseSchema>) =>
      executeNamed(db, sql<{ name: string }>`select ${name}::text as name`);
    await database.db.connection().execute(async (connection) => {
      await byName(connection);
      let answer: string | undefined;
      const sent = await roundTripsOf(() =>
        connection.transaction().execute(async (trx) => {
          answer = (await byName(trx)).rows[0]?.name;
        }),
      );
      expect(answer).toBe(name);
      expect(sent[0]).toBe('begin');
      expect(sent.join('\n')).not.toContain('Asha');
    });
  });

  /** A table of this connection's own, written by a named statement of ids and numbers. */
  const counted = (db: Kysely<DatabaseSchema>, id: string, count: number) =>
    executeNamed(db, sql`insert into pg_temp.counted (id, count) values (${id}::uuid, ${count})`);
  const countedRows = async (db: Kysely<DatabaseSchema>) =>
    (await sql<{ id: string }>`select id from pg_temp.counted order by count`.execute(db)).rows.map(
      (row) => row.id,
    );

  it('rolls back what the first statement wrote when the transaction fails after it', async () => {
    await database.db.connection().execute(async (connection) => {
      await sql`create temporary table counted (id uuid primary key, count int check (count > 0))`.execute(
        connection,
      );
      const [first, second] = [randomUUID(), randomUUID()];
      await counted(connection, first, 1);
      const sent = await roundTripsOf(() =>
        connection
          .transaction()
          .execute(async (trx) => {
            await counted(trx, second, 2);
            throw new Error('refused after the write');
          })
          .catch((error: unknown) => error),
      );
      expect(sent[0]).toMatch(/^begin; execute dawn_write_\d+_\d+\(/);
      expect(sent.at(-1)).toBe('rollback');
      expect(await countedRows(connection)).toEqual([first]);

      // The first statement refused (a check it breaks): nothing stays, and the connection is not
      // left in a failed transaction; the next statement runs and commits on its own.
      const failed = await connection
        .transaction()
        .execute(async (trx) => {
          await counted(trx, randomUUID(), -1);
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect((failed as { code?: string }).code).toBe('23514');
      const third = randomUUID();
      await counted(connection, third, 3);
      expect(await countedRows(connection)).toEqual([first, third]);
      await sql`drop table pg_temp.counted`.execute(connection);
    });
  });
});
