import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDawn } from './dawn-process.ts';
import {
  createTestDatabase,
  startFromMigratedTemplate,
  testDatabaseKind,
  type TestDatabase,
} from './test-database.ts';

/**
 * An operator at the terminal: users, tokens, key rotation and audit verification through the
 * real `dawn` command, on this project's database kind.
 */
describe(`dawn user, token, keys and audit (${testDatabaseKind()})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-cli-'));
  let env: Record<string, string>;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    env = { DAWN_DATA_DIR: dataDir };
    if (testDatabaseKind() === 'postgres') {
      database = await createTestDatabase({ migrate: false });
      env.DATABASE_URL = database.url ?? '';
    } else {
      await startFromMigratedTemplate(dataDir);
    }
    const seeded = await runDawn(['seed', '--demo'], env);
    expect(seeded.code).toBe(0);
  });
  afterAll(async () => {
    await database?.close();
    // The key directory and the audit checkpoint live beside the data directory.
    for (const sibling of [dataDir, `${dataDir}-keys`, `${dataDir}-audit-checkpoint.json`])
      fs.rmSync(sibling, { recursive: true, force: true });
  });

  it('creates, lists, resets and disables users, with clear errors for bad input', async () => {
    const created = await runDawn(
      [
        'user',
        'create',
        '--email',
        'new.worker@test.dawn.example',
        '--name',
        'New Worker',
        '--role',
        'social_worker,counsellor',
      ],
      env,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/One-time password: [a-z0-9]{5}(-[a-z0-9]{5}){3}/);

    const duplicate = await runDawn(
      [
        'user',
        'create',
        '--email',
        'new.worker@test.dawn.example',
        '--name',
        'Again',
        '--role',
        'analyst',
      ],
      env,
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('exists already');

    const badRole = await runDawn(
      ['user', 'create', '--email', 'x@test.dawn.example', '--name', 'X', '--role', 'wizard'],
      env,
    );
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role: unknown role wizard');

    const listed = await runDawn(['user', 'list'], env);
    expect(listed.stdout).toMatch(
      /new\.worker@test\.dawn\.example\s+active\s+no\s+social_worker, counsellor/,
    );

    const reset = await runDawn(['user', 'reset-password', 'new.worker@test.dawn.example'], env);
    expect(reset.stdout).toMatch(/One-time password for new\.worker@test\.dawn\.example: \S+/);

    const disabled = await runDawn(['user', 'disable', 'new.worker@test.dawn.example'], env);
    expect(disabled.code).toBe(0);
    expect((await runDawn(['user', 'list'], env)).stdout).toMatch(
      /new\.worker@test\.dawn\.example\s+disabled/,
    );
  });

  it('creates an API token only with permissions the user holds', async () => {
    const token = await runDawn(
      [
        'token',
        'create',
        '--email',
        'social.worker@demo.dawn.example',
        '--name',
        'nightly',
        '--permission',
        'person:read',
      ],
      env,
    );
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^dawn_pat_[A-Za-z0-9_-]{40,}$/m);

    const tooMuch = await runDawn(
      [
        'token',
        'create',
        '--email',
        'social.worker@demo.dawn.example',
        '--name',
        'x',
        '--permission',
        'user:manage',
      ],
      env,
    );
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain('does not hold: user:manage');
  });

  it('rotates the master key and verifies the audit trail, which fails once an entry is altered', async () => {
    const rotated = await runDawn(['keys', 'rotate'], env);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/Rewrapped 2 vault key\(s\)/);

    const verified = await runDawn(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Audit trail intact: \d+ entries verified/);

    // Someone with database-owner rights works behind the trigger.
    const asOwner = async (statement: string) => {
      const tamper = [
        'alter table audit_event disable trigger audit_event_append_only',
        statement,
        'alter table audit_event enable trigger audit_event_append_only',
      ];
      if (testDatabaseKind() === 'postgres') {
        const client = new pg.Client({ connectionString: env.DATABASE_URL });
        await client.connect();
        for (const each of tamper) await client.query(each);
        await client.end();
      } else {
        const { PGlite } = await import('@electric-sql/pglite');
        const db = await PGlite.create(path.join(dataDir, 'pglite'));
        for (const each of tamper) await db.query(each);
        await db.close();
      }
    };
    await asOwner('delete from audit_event where id = (select max(id) from audit_event)');
    const cut = await runDawn(['audit', 'verify'], env);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/audit trail cut: the checkpoint of .* recorded \d+ entries/);

    await asOwner(
      "update audit_event set action = 'user.updated' where id = (select min(id) + 1 from audit_event)",
    );
    const broken = await runDawn(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/audit trail broken at entry \d+ \(its content was changed\)/);
    // Five runs of the real command and two sessions as the owner: slow on a shared machine.
  }, 240_000);
});
