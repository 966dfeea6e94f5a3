import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { testKeyRing } from '../../../test/test-app.ts';
import { openDatabase } from '../db/database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { recordAudit, verifyAuditChain } from './audit.ts';
import { flushAuditChain, startAuditChainer, stopAuditChainer } from './audit-chainer.ts';
import { verifyAuditTrail, writeAuditCheckpoint } from './audit-checkpoint.ts';
import { armAuditTrail } from './audit-key.ts';

const NOBODY = { userId: null, organisationId: null };

async function audited(db: Kysely<DatabaseSchema>, entityId: string): Promise<void> {
  await db
    .transaction()
    .execute((trx) =>
      recordAudit(trx, { action: 'person.created', actor: NOBODY, entityType: 'person', entityId }),
    );
}

async function chainedIds(db: Kysely<DatabaseSchema>): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select('entity_id')
    .where('chain_seq', 'is not', null)
    .orderBy('chain_seq')
    .execute();
  return rows.map((row) => row.entity_id ?? '');
}

/** A transaction the test holds open until it says so. */
function openTransaction(db: Kysely<DatabaseSchema>, work: (trx: never) => Promise<void>) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = db.transaction().execute(async (trx) => {
    await work(trx as never);
    ready();
    await released;
  });
  return { started, release, done };
}

describe(`the audit chainer (${testDatabaseKind()})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-chainer-'));
  let database: TestDatabase | undefined;

  async function fresh(): Promise<Kysely<DatabaseSchema>> {
    await database?.close();
    database = await createTestDatabase();
    armAuditTrail(database.db, testKeyRing());
    startAuditChainer(database.db);
    return database.db;
  }

  afterEach(async () => {
    if (database) await stopAuditChainer(database.db);
    await database?.close();
    database = undefined;
  });

  // PostgreSQL only: PGlite is one connection, so two transactions cannot be open at once there.
  it.runIf(testDatabaseKind() === 'postgres')(
    'two audited transactions open at once both commit, and end up in one verifiable chain',
    async () => {
      const db = await fresh();
      // Before: the first transaction held the chain's lock until it ended, so the second one
      // could not even write its entry while the first was open.
      const first = openTransaction(db, (trx) =>
        recordAudit(trx, { action: 'person.created', actor: NOBODY, entityId: 'first' }),
      );
      await first.started;
      const second = openTransaction(db, (trx) =>
        recordAudit(trx, { action: 'person.created', actor: NOBODY, entityId: 'second' }),
      );
      await second.started;
      second.release();
      await second.done;
      await flushAuditChain(db);
      // The second committed first: it is linked first, although its id is larger.
      expect(await chainedIds(db)).toEqual(['second']);
      first.release();
      await first.done;
      await flushAuditChain(db);
      expect(await chainedIds(db)).toEqual(['second', 'first']);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: true,
        entries: 2,
        unchained: { count: 0 },
      });
    },
  );

  // PostgreSQL only: two server processes, each with its own pool and chainer, on one database.
  it.runIf(testDatabaseKind() === 'postgres')(
    'two servers chaining at once keep one chain, each entry linked once, and report no error',
    async () => {
      await database?.close();
      database = await createTestDatabase();
      const db = database.db;
      const other = await openDatabase({ kind: 'postgres', url: database.url ?? '', poolSize: 5 });
      const errors: unknown[] = [];
      try {
        // Two servers of one installation: one master key.
        const ring = testKeyRing();
        armAuditTrail(db, ring);
        armAuditTrail(other.db, ring);
        startAuditChainer(db, (error) => errors.push(error));
        startAuditChainer(other.db, (error) => errors.push(error));
        // Both servers write and both chain, passes overlapping: each reads the head without the
        // lock, so one often finds the head moved by the other before its links are written.
        for (let round = 0; round < 8; round += 1) {
          await Promise.all([
            ...[db, other.db].flatMap((handle, server) =>
              Array.from({ length: 10 }, (_, index) =>
                audited(handle, `server-${server}-round-${round}-${index}`),
              ),
            ),
            flushAuditChain(db),
            flushAuditChain(other.db),
          ]);
        }
        await flushAuditChain(db);
        await flushAuditChain(other.db);
        expect(errors).toEqual([]);
        const chained = await chainedIds(db);
        expect(chained).toHaveLength(160);
        expect(new Set(chained).size).toBe(160);
        expect(await verifyAuditChain(db)).toMatchObject({
          ok: true,
          entries: 160,
          unchained: { count: 0 },
        });
      } finally {
        await stopAuditChainer(other.db);
        await other.close();
      }
    },
  );

  it('an entry whose transaction rolled back is never chained', async () => {
    const db = await fresh();
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAudit(trx, { action: 'person.created', actor: NOBODY, entityId: 'undone' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await audited(db, 'kept');
    await flushAuditChain(db);
    expect(await chainedIds(db)).toEqual(['kept']);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 1 });
  });

  it('links entries by itself soon after they commit, with no flush', async () => {
    const db = await fresh();
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => audited(db, id)));
    await expect.poll(async () => (await chainedIds(db)).length, { timeout: 10_000 }).toBe(4);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 4 });
  });

  it('entries written when the server died before chaining them are chained at the next start', async () => {
    const db = await fresh();
    await audited(db, 'before');
    await flushAuditChain(db);
    // The process dies: its chainer is gone, and two entries committed after it stopped.
    await stopAuditChainer(db);
    await audited(db, 'orphan-1');
    await audited(db, 'orphan-2');
    expect(await chainedIds(db)).toEqual(['before']);
    const checkpointFile = path.join(dir, 'crash-checkpoint.json');
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: true,
      entries: 1,
      unchained: { count: 2 },
    });
    // Left unlinked past the bound, verify says so instead of calling the trail intact.
    fs.writeFileSync(checkpointFile, '');
    expect(
      await verifyAuditTrail(db, checkpointFile, { now: new Date(Date.now() + 10 * 60_000) }),
    ).toMatchObject({ ok: false, kind: 'unchained', unchained: 2 });
    // Next start: opening the vault starts the chainer, which links them first.
    startAuditChainer(db);
    await expect.poll(async () => (await chainedIds(db)).length, { timeout: 10_000 }).toBe(3);
    expect(await chainedIds(db)).toEqual(['before', 'orphan-1', 'orphan-2']);
    await writeAuditCheckpoint(db, checkpointFile);
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({ ok: true, entries: 3 });
  });

  it('does not chain an entry inserted without the key, and verify reports it', async () => {
    const db = await fresh();
    await audited(db, 'genuine');
    await sql`insert into audit_event (occurred_at, action, outcome, details, mac_key_id, entry_mac)
      values (now() - interval '1 hour', 'identity.revealed', 'success', '{}', 'test-1', ${'ab'.repeat(32)})`.execute(
      db,
    );
    await flushAuditChain(db);
    expect(await chainedIds(db)).toEqual(['genuine']);
    const checkpointFile = path.join(dir, 'forged-checkpoint.json');
    await writeAuditCheckpoint(db, checkpointFile);
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'unchained',
      unchained: 1,
    });
  });

  it('lets a link be written once, and never an entry changed or relinked', async () => {
    const db = await fresh();
    await audited(db, 'one');
    await flushAuditChain(db);
    await expect(sql`update audit_event set hash = ${'00'.repeat(32)}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await stopAuditChainer(db);
    await audited(db, 'two');
    // Linking may not change what the entry says.
    await expect(
      sql`update audit_event set chain_seq = 99, prev_hash = 'x', hash = 'y', action = 'nothing'
        where chain_seq is null`.execute(db),
    ).rejects.toThrow(/append-only/);
    await flushAuditChain(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });
  });
});
