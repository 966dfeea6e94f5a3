import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { testKeyRing } from '../../../test/test-app.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { chainHash, GENESIS_HASH, recordAudit, recordAudits, verifyAuditChain } from './audit.ts';
import { verifyAuditTrail, writeAuditCheckpoint } from './audit-checkpoint.ts';
import { armAuditTrail } from './audit-key.ts';
import { flushAuditChain } from './audit-chainer.ts';

const ACTIONS = ['auth.signed_in', 'person.created', 'identity.revealed'] as const;

async function audit(db: Kysely<DatabaseSchema>, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, {
        action: ACTIONS[index % ACTIONS.length] ?? 'person.created',
        actor: { userId: null, organisationId: null },
        entityType: 'person',
        entityId: `p-${index}`,
        details: { reason: 'court summons for testimony', count: index },
      }),
    );
  }
  // Entries are linked after commit; a running server does this within moments.
  await flushAuditChain(db);
}

/** What the database's owner can do behind the append-only trigger. */
async function asOwner(db: Kysely<DatabaseSchema>, statement: ReturnType<typeof sql>) {
  await sql`alter table audit_event disable trigger audit_event_append_only`.execute(db);
  await statement.execute(db);
  await sql`alter table audit_event enable trigger audit_event_append_only`.execute(db);
}

/**
 * Empties the trail as a new database has it (no entry, ids from 1), as its owner can: a trail
 * per test without a database per test (each cost seconds on PGlite). Nothing else about a trail
 * lives in the database; its checkpoint is a file and its key is the handle's.
 */
async function emptyTrail(db: Kysely<DatabaseSchema>) {
  await sql`alter table audit_event disable trigger audit_event_no_truncate`.execute(db);
  await sql`truncate audit_event restart identity`.execute(db);
  await sql`alter table audit_event enable trigger audit_event_no_truncate`.execute(db);
}

/** Recomputes the plain SHA-256 chain from entry `fromId` on, as the old `verify` would accept. */
async function rechainWithSha256(db: Kysely<DatabaseSchema>, fromId: number, dropKeys: boolean) {
  const rows = await db.selectFrom('audit_event').selectAll().orderBy('id').execute();
  let prevHash = GENESIS_HASH;
  await sql`alter table audit_event disable trigger audit_event_append_only`.execute(db);
  for (const row of rows) {
    if (Number(row.id) >= fromId) {
      const hash = chainHash(prevHash, {
        occurredAt: new Date(row.occurred_at).toISOString(),
        actorUserId: row.actor_user_id,
        actorOrganisationId: row.actor_organisation_id,
        action: row.action,
        outcome: row.outcome,
        entityType: row.entity_type,
        entityId: row.entity_id,
        requestId: row.request_id,
        details: row.details,
      });
      await db
        .updateTable('audit_event')
        .set({ prev_hash: prevHash, hash, ...(dropKeys ? { mac_key_id: null } : {}) })
        .where('id', '=', row.id)
        .execute();
      prevHash = hash;
    } else prevHash = row.hash ?? GENESIS_HASH;
  }
  await sql`alter table audit_event enable trigger audit_event_append_only`.execute(db);
}

describe(`the audit trail (${testDatabaseKind()})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-audit-'));
  const checkpointFile = path.join(dir, 'audit-checkpoint.json');
  /** One database; each test that writes a trail empties it first. */
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A new trail of three entries under a new key. */
  async function threeEntries(): Promise<void> {
    await emptyTrail(database.db);
    armAuditTrail(database.db, testKeyRing());
    await audit(database.db, 3);
  }

  it('chains every entry to the one before it with a keyed MAC, and verifies on a fresh trail', async () => {
    await threeEntries();
    const rows = await database.db
      .selectFrom('audit_event')
      .select(['prev_hash', 'hash', 'mac_key_id'])
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    expect(rows.every((row) => row.mac_key_id === 'test-1')).toBe(true);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 3 });
    await writeAuditCheckpoint(database.db, checkpointFile);
    expect(await verifyAuditTrail(database.db, checkpointFile)).toMatchObject({
      ok: true,
      entries: 3,
    });
  });

  it('entries of one change written in one statement are each linked and verify', async () => {
    await emptyTrail(database.db);
    armAuditTrail(database.db, testKeyRing());
    await audit(database.db, 1);
    await database.db.transaction().execute((trx) =>
      recordAudits(
        trx,
        ['e-1', 'e-2', 'e-3'].map((entityId) => ({
          action: 'edition.story_removed',
          actor: { userId: null, organisationId: null },
          entityType: 'calendar_edition',
          entityId,
          details: { cause: 'consent_withdrawn' },
        })),
      ),
    );
    await flushAuditChain(database.db);
    const rows = await database.db
      .selectFrom('audit_event')
      .select(['entity_id', 'prev_hash', 'hash'])
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.entity_id)).toEqual(['p-0', 'e-1', 'e-2', 'e-3']);
    expect(rows.every((row) => row.hash !== null)).toBe(true);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 4 });
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    await threeEntries();
    await expect(
      sql`update audit_event set action = 'nothing'`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('refuses to write an entry when the vault has not given it a key', async () => {
    const unkeyed = await createTestDatabase();
    try {
      await expect(audit(unkeyed.db, 1)).rejects.toThrow(/no key/);
    } finally {
      await unkeyed.close();
    }
  });

  it('cannot be verified without the master key, nor by a different one', async () => {
    const other = database.db;
    await emptyTrail(other);
    armAuditTrail(other, testKeyRing());
    await audit(other, 2);
    armAuditTrail(other, testKeyRing());
    expect(await verifyAuditChain(other)).toMatchObject({ ok: false, brokenAt: 1 });
    armAuditTrail(other, testKeyRing('another-key'));
    expect(await verifyAuditChain(other)).toMatchObject({
      ok: false,
      reason: 'key_missing',
    });
  });

  it('keeps one unbroken chain when many requests write at once', async () => {
    const fresh = database.db;
    await emptyTrail(fresh);
    armAuditTrail(fresh, testKeyRing());
    await Promise.all(
      Array.from({ length: 20 }, (_unused, index) =>
        fresh.transaction().execute((trx) =>
          recordAudit(trx, {
            action: 'person.created',
            actor: { userId: null, organisationId: null },
            entityId: String(index),
          }),
        ),
      ),
    );
    await flushAuditChain(fresh);
    expect(await verifyAuditChain(fresh)).toMatchObject({ ok: true, entries: 20 });
  });
});

/**
 * The attacks the old SHA-256 chain let through: the database's owner switches the trigger off
 * and cuts or rewrites the trail. Each test has a new trail of 6 entries, under a new key, and a
 * checkpoint taken after them, on one database.
 */
describe(`tampering by the database owner is detected (${testDatabaseKind()})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-audit-attack-'));
  const checkpointFile = path.join(dir, 'audit-checkpoint.json');
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });

  async function freshTrail(): Promise<Kysely<DatabaseSchema>> {
    await emptyTrail(database.db);
    armAuditTrail(database.db, testKeyRing());
    await audit(database.db, 6);
    await writeAuditCheckpoint(database.db, checkpointFile);
    expect(await verifyAuditTrail(database.db, checkpointFile)).toMatchObject({ ok: true });
    return database.db;
  }

  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('deleting the newest entries: the trail is reported cut', async () => {
    const db = await freshTrail();
    await asOwner(db, sql`delete from audit_event where id > 4`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 4 });
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'cut',
      entries: 4,
      checkpoint: { entries: 6 },
    });
  });

  it('after a cut, no later checkpoint signs the cut trail as the truth', async () => {
    const db = await freshTrail();
    await asOwner(db, sql`delete from audit_event where id > 4`);
    await expect(writeAuditCheckpoint(db, checkpointFile)).rejects.toThrow(
      /no longer holds entry 6/,
    );
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({ ok: false, kind: 'cut' });
  });

  it('deleting every entry: the trail is reported cut', async () => {
    const db = await freshTrail();
    await asOwner(db, sql`delete from audit_event`);
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'cut',
      entries: 0,
    });
  });

  it('editing one entry and recomputing the SHA-256 chain after it: the MAC no longer fits', async () => {
    const db = await freshTrail();
    await asOwner(
      db,
      sql`update audit_event set details = '{"reason":"nothing to see"}' where id = 3`,
    );
    await rechainWithSha256(db, 3, false);
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'chain',
      brokenAt: 3,
      reason: 'hash_mismatch',
    });
  });

  it('rewriting the whole trail as an unkeyed SHA-256 chain: the checkpoint no longer matches', async () => {
    const db = await freshTrail();
    await asOwner(
      db,
      sql`update audit_event set details = '{"reason":"nothing to see"}' where id = 3`,
    );
    await rechainWithSha256(db, 1, true);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'rewritten',
    });
  });

  it('rewriting only the tail as unkeyed entries: reported as a downgrade', async () => {
    const db = await freshTrail();
    await asOwner(
      db,
      sql`update audit_event set details = '{"reason":"nothing to see"}' where id = 5`,
    );
    await rechainWithSha256(db, 5, true);
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'chain',
      brokenAt: 5,
      reason: 'downgraded',
    });
  });

  it('a missing or forged checkpoint is reported, never taken as proof', async () => {
    const db = await freshTrail();
    const forged = JSON.parse(fs.readFileSync(checkpointFile, 'utf8')) as { entries: number };
    forged.entries = 2;
    fs.writeFileSync(checkpointFile, JSON.stringify(forged));
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'checkpoint_invalid',
    });
    fs.rmSync(checkpointFile);
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({
      ok: false,
      kind: 'checkpoint_missing',
    });
  });

  it('an existing SHA-256 trail keeps verifying, and keyed entries continue it', async () => {
    const db = await freshTrail();
    // As written before the keyed chain: plain SHA-256, no key id, and no checkpoint yet.
    await rechainWithSha256(db, 1, true);
    fs.rmSync(checkpointFile);
    await audit(db, 2);
    const rows = await db.selectFrom('audit_event').select('mac_key_id').orderBy('id').execute();
    expect(rows.map((row) => row.mac_key_id !== null)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    await writeAuditCheckpoint(db, checkpointFile);
    expect(await verifyAuditTrail(db, checkpointFile)).toMatchObject({ ok: true, entries: 8 });
  });
});
