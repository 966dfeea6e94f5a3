import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cancellingPool, TransactionBeginError } from './query-cancellation.ts';

// The pool wrapper holds Kysely's `begin` back; before a cursor it sends it without awaiting it
// (the cursor must be handed back at once). A `begin` that fails there must not be swallowed: the
// transaction never began, so the next statement fails with that failure as its own error.
describe("a transaction's begin sent ahead of a cursor", () => {
  function fakePool(begin: () => Promise<unknown>) {
    const sent: string[] = [];
    const client = {
      _txStatus: 'I',
      query(statement: unknown) {
        if (typeof statement !== 'string') {
          sent.push('cursor');
          return statement;
        }
        sent.push(statement);
        if (statement === 'begin') return begin();
        return Promise.resolve({ command: 'SELECT', rowCount: 0, rows: [] });
      },
      release() {},
    };
    const pool = { connect: () => Promise.resolve(client) } as unknown as pg.Pool;
    return { pool: cancellingPool(pool, () => Promise.resolve()), sent };
  }

  it('fails the next statement with the begin failure, and still rolls back', async () => {
    const refused = new Error('the server refused begin');
    const { pool, sent } = fakePool(() => Promise.reject(refused));
    const connection = await pool.connect();
    await connection.query('begin', []);
    const cursor = { submit() {} };
    expect(connection.query(cursor as never)).toBe(cursor);
    await new Promise((resolve) => setImmediate(resolve));
    const failure = await (connection.query('select 1', []) as Promise<unknown>).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TransactionBeginError);
    expect((failure as Error).cause).toBe(refused);
    await connection.query('rollback', []);
    expect(sent).toEqual(['begin', 'cursor', 'rollback']);
  });

  it('changes nothing when begin succeeds', async () => {
    const { pool, sent } = fakePool(() =>
      Promise.resolve({ command: 'BEGIN', rowCount: null, rows: [] }),
    );
    const connection = await pool.connect();
    await connection.query('begin', []);
    connection.query({ submit() {} } as never);
    await new Promise((resolve) => setImmediate(resolve));
    await connection.query('select 1', []);
    await connection.query('commit', []);
    expect(sent).toEqual(['begin', 'cursor', 'select 1', 'commit']);
  });
});
