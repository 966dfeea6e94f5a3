import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { recordAudit, verifyAuditChain } from './audit.ts';

describe(`the audit trail (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    for (const action of ['auth.signed_in', 'person.created', 'identity.revealed'] as const) {
      await database.db.transaction().execute((trx) =>
        recordAudit(trx, {
          action,
          actor: { userId: null, organisationId: null },
          entityType: 'person',
          entityId: `p-${action}`,
          details: { reason: 'court summons for testimony', count: 3 },
        }),
      );
    }
  });
  afterAll(() => database.close());

  it('chains every entry to the one before it, and verifies on a fresh trail', async () => {
    const rows = await database.db
      .selectFrom('audit_event')
      .select(['prev_hash', 'hash'])
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 3 });
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    await expect(
      sql`update audit_event set action = 'nothing'`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_event`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('names the first altered entry when someone with owner rights changes one behind the trigger', async () => {
    const second = await database.db
      .selectFrom('audit_event')
      .select('id')
      .orderBy('id')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`alter table audit_event disable trigger audit_event_append_only`.execute(database.db);
    await sql`update audit_event set details = '{"reason":"nothing to see"}'::jsonb where id = ${second.id}`.execute(
      database.db,
    );
    await sql`alter table audit_event enable trigger audit_event_append_only`.execute(database.db);
    expect(await verifyAuditChain(database.db)).toEqual({
      ok: false,
      entries: 1,
      brokenAt: Number(second.id),
      reason: 'hash_mismatch',
    });
  });

  it('keeps one unbroken chain when many requests write at once', async () => {
    const fresh = await createTestDatabase();
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_unused, index) =>
          fresh.db.transaction().execute((trx) =>
            recordAudit(trx, {
              action: 'person.created',
              actor: { userId: null, organisationId: null },
              entityId: String(index),
            }),
          ),
        ),
      );
      expect(await verifyAuditChain(fresh.db)).toEqual({ ok: true, entries: 20 });
    } finally {
      await fresh.close();
    }
  });
});
