import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { testKeyRing } from '../../../test/test-app.ts';
import { recordAuditAlone, verifyAuditChain } from '../audit/audit.ts';
import { flushAuditChain } from '../audit/audit-chainer.ts';
import { armAuditTrail } from '../audit/audit-key.ts';
import { migrateToLatest, openDatabase, type Database } from './database.ts';
import { canAlterAuditTrail, grantAppRole } from './database-roles.ts';

/**
 * The server's PostgreSQL role: it writes case data and appends to the audit trail, but cannot
 * change, remove or unguard an entry, whatever SQL it sends.
 */
describe('the app role on PostgreSQL', () => {
  const role = `dawn_app_${randomBytes(4).toString('hex')}`;
  let owner: TestDatabase;
  let app: Database;

  async function admin(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: process.env.DAWN_TEST_DATABASE_URL });
    await client.connect();
    await client.query(statement);
    await client.end();
  }

  beforeAll(async () => {
    owner = await createTestDatabase();
    await admin(`create role ${role} login`);
    await grantAppRole(owner.db, role);
    const url = new URL(owner.url ?? '');
    url.username = role;
    app = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    armAuditTrail(app.db, testKeyRing());
  });
  afterAll(async () => {
    await app.close();
    await owner.close();
    await admin(`drop role if exists ${role}`);
  });

  it('appends to the audit trail and reads it', async () => {
    await recordAuditAlone(app.db, {
      action: 'auth.signed_in',
      actor: { userId: null, organisationId: null },
    });
    const rows = await app.db.selectFrom('audit_event').select('id').execute();
    expect(rows).toHaveLength(1);
    // The chainer links it as the app role: its read, its lock and its update of the link columns.
    await flushAuditChain(app.db);
    expect(await verifyAuditChain(app.db)).toMatchObject({
      ok: true,
      entries: 1,
      unchained: { count: 0 },
    });
    expect(await canAlterAuditTrail(app.db)).toBe(false);
    expect(await canAlterAuditTrail(owner.db)).toBe(true);
  });

  it('cannot update, delete, truncate or switch off the guard of the audit trail', async () => {
    for (const statement of [
      sql`update audit_event set action = 'nothing'`,
      sql`delete from audit_event`,
      sql`truncate audit_event`,
      sql`alter table audit_event disable trigger audit_event_append_only`,
      sql`drop trigger audit_event_append_only on audit_event`,
      sql`delete from kysely_migration`,
    ]) {
      await expect(statement.execute(app.db)).rejects.toThrow(/permission denied|must be owner/);
    }
    expect(await app.db.selectFrom('audit_event').select('id').execute()).toHaveLength(1);
  });

  it('starts once the owner has migrated: nothing to apply, nothing to create', async () => {
    await expect(migrateToLatest(app.db)).resolves.toEqual([]);
  });

  it('still writes case data', async () => {
    await expect(
      app.db
        .insertInto('organisation')
        .values({
          name: 'Fictional Role Test Org',
          kind: 'ngo',
          district: null,
          state: null,
          country: 'IN',
        })
        .execute(),
    ).resolves.toBeDefined();
  });
});
