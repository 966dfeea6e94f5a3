import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dawnInProcess } from './dawn-in-process.ts';
import { runDawn } from './dawn-process.ts';
import {
  createTestDatabase,
  startFromMigratedTemplate,
  testDatabaseKind,
  type TestDatabase,
} from './test-database.ts';

/**
 * An operator at the terminal: users, tokens, key rotation and audit verification through the
 * `dawn` command, on this project's database kind. The installation is seeded by a real `dawn`
 * process; the commands after it run the same program in this process on one open database
 * (dawn-in-process.ts), since a process each cost seconds of CPU.
 */
describe(`dawn user, token, keys and audit (${testDatabaseKind()})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-cli-'));
  let env: Record<string, string>;
  let database: TestDatabase | undefined;
  const dawn = dawnInProcess();

  beforeAll(async () => {
    env = { DAWN_DATA_DIR: dataDir };
    if (testDatabaseKind() === 'postgres') {
      database = await createTestDatabase({ migrate: false });
      env.DATABASE_URL = database.url ?? '';
    } else {
      await startFromMigratedTemplate(dataDir);
    }
    const seeded = await runDawn(['seed', '--demo'], env, 240_000);
    expect(seeded.code).toBe(0);
    await dawn.open(env);
    // A real `dawn seed --demo` on PGlite: past a minute on a loaded shared machine.
  }, 240_000);
  afterAll(async () => {
    await dawn.close();
    await database?.close();
    // The key directory and the audit checkpoint live beside the data directory.
    for (const sibling of [dataDir, `${dataDir}-keys`, `${dataDir}-audit-checkpoint.json`])
      fs.rmSync(sibling, { recursive: true, force: true });
  });

  it('creates, lists, resets and disables users, with clear errors for bad input', async () => {
    const created = await dawn.run([
      'user',
      'create',
      '--email',
      'new.worker@test.dawn.example',
      '--name',
      'New Worker',
      '--role',
      'social_worker,counsellor',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/One-time password: [a-z0-9]{5}(-[a-z0-9]{5}){3}/);

    const duplicate = await dawn.run([
      'user',
      'create',
      '--email',
      'new.worker@test.dawn.example',
      '--name',
      'Again',
      '--role',
      'analyst',
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('exists already');

    const badRole = await dawn.run([
      'user',
      'create',
      '--email',
      'x@test.dawn.example',
      '--name',
      'X',
      '--role',
      'wizard',
    ]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role: unknown role wizard');

    const listed = await dawn.run(['user', 'list']);
    expect(listed.stdout).toMatch(
      /new\.worker@test\.dawn\.example\s+active\s+no\s+social_worker, counsellor/,
    );

    const reset = await dawn.run(['user', 'reset-password', 'new.worker@test.dawn.example']);
    expect(reset.stdout).toMatch(/One-time password for new\.worker@test\.dawn\.example: \S+/);

    const disabled = await dawn.run(['user', 'disable', 'new.worker@test.dawn.example']);
    expect(disabled.code).toBe(0);
    expect((await dawn.run(['user', 'list'])).stdout).toMatch(
      /new\.worker@test\.dawn\.example\s+disabled/,
    );

    // What the operator did is in the organisation's own trail, where its auditor reads it: the
    // installation acting (no user), about the new worker.
    const worker = await dawn.database.db
      .selectFrom('app_user')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'new.worker@test.dawn.example')
      .executeTakeFirstOrThrow();
    const trail = await dawn.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_user_id', 'actor_organisation_id'])
      .where('entity_id', '=', worker.id)
      .orderBy('id')
      .execute();
    expect(trail).toEqual(
      ['user.created', 'user.password_reset', 'user.updated'].map((action) => ({
        action,
        actor_user_id: null,
        actor_organisation_id: worker.organisation_id,
      })),
    );
  });

  it('reads the trail at the terminal: the installation’s own entries, and one organisation’s', async () => {
    // Everything, newest first: what the operator did to the new worker is there.
    const everything = await dawn.run(['audit', 'list']);
    expect(everything.code, everything.stderr).toBe(0);
    expect(everything.stdout).toMatch(
      / {2}user\.created {2}success {2}by nobody signed in {2}org /,
    );
    // What no organisation's auditor reads: reading the whole trail is the installation's own.
    const own = await dawn.run(['audit', 'list', '--installation']);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toMatch(
      /^\d+ {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} IST {2}audit\.searched {2}success {2}by nobody signed in {2}installation {2}- {2}\{.*"via":"cli".*\}$/m,
    );
    expect(own.stdout).not.toContain('user.created');

    // One organisation's: what the operator did to its users, newest first, a page at a time.
    const worker = await dawn.database.db
      .selectFrom('app_user')
      .select(['organisation_id'])
      .where('email', '=', 'new.worker@test.dawn.example')
      .executeTakeFirstOrThrow();
    const users = await dawn.run([
      'audit',
      'list',
      '--org',
      worker.organisation_id,
      '--action',
      'user.',
      '--limit',
      '2',
    ]);
    expect(users.code, users.stderr).toBe(0);
    const lines = users.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/ {2}user\.updated {2}success {2}by nobody signed in {2}org /);
    expect(lines[0]).toContain('"status":"disabled"');
    expect(lines[1]).toContain('user.password_reset');
    expect(lines[2]).toMatch(/^2 entries, newest first; older ones: --before \d+$/);
    const before = /--before (\d+)/.exec(lines[2] ?? '')?.[1] ?? '';
    const older = await dawn.run([
      'audit',
      'list',
      '--org',
      worker.organisation_id,
      '--action',
      'user.',
      '--before',
      before,
    ]);
    expect(older.stdout).toContain('user.created');
    expect(older.stdout).not.toContain('user.updated');

    // Reading it is itself in the organisation's trail.
    const searched = await dawn.run([
      'audit',
      'list',
      '--org',
      worker.organisation_id,
      '--action',
      'audit.searched',
      '--limit',
      '1',
    ]);
    expect(searched.stdout).toMatch(/audit\.searched {2}success {2}by nobody signed in/);
    expect(searched.stdout).toContain('"via":"cli"');

    // One action across every organisation and the installation's own entries, newest first and
    // a page at a time: the three readings of the organisation's trail above, then the two of the
    // whole trail and of the installation's own, read first.
    const ids = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .slice(0, -1)
        .map((line) => Number(/^\d+/.exec(line)?.[0]));
    const acrossAll = await dawn.run([
      'audit',
      'list',
      '--action',
      'audit.searched',
      '--limit',
      '3',
    ]);
    expect(acrossAll.code, acrossAll.stderr).toBe(0);
    const newest = acrossAll.stdout.trim().split('\n');
    expect(
      newest.slice(0, 3).every((line) => / {2}org /.test(line)),
      acrossAll.stdout,
    ).toBe(true);
    expect(ids(acrossAll.stdout)).toEqual([...ids(acrossAll.stdout)].sort((a, b) => b - a));
    const next = /--before (\d+)/.exec(newest[3] ?? '')?.[1] ?? '';
    const rest = await dawn.run(['audit', 'list', '--action', 'audit.searched', '--before', next]);
    const restLines = rest.stdout.trim().split('\n');
    expect(
      restLines.slice(0, 2).every((line) => / {2}installation /.test(line)),
      rest.stdout,
    ).toBe(true);
    expect(restLines.at(-1)).toMatch(/^\d+ entries, newest first; no older ones\.$/);
    expect(Math.max(...ids(rest.stdout))).toBeLessThan(Number(next));
    // A kind of action across them all: the operator's changes to the new worker, newest first.
    const userChanges = await dawn.run(['audit', 'list', '--action', 'user.', '--limit', '2']);
    expect(userChanges.stdout.split('\n')[0]).toContain('"status":"disabled"');
    expect(userChanges.stdout.split('\n')[1]).toContain('user.password_reset');

    // Mistyped, it says so in one line.
    const badDay = await dawn.run(['audit', 'list', '--since', '07-12-2026']);
    expect(badDay.code).toBe(1);
    expect(badDay.stderr).toContain('--since: a day is written YYYY-MM-DD');
    const both = await dawn.run([
      'audit',
      'list',
      '--installation',
      '--org',
      worker.organisation_id,
    ]);
    expect(both.stderr).toContain('--org and --installation: choose one');
  });

  it('creates an API token only with permissions the user holds', async () => {
    const token = await dawn.run([
      'token',
      'create',
      '--email',
      'social.worker@demo.dawn.example',
      '--name',
      'nightly',
      '--permission',
      'person:read',
    ]);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^dawn_pat_[A-Za-z0-9_-]{40,}$/m);

    const tooMuch = await dawn.run([
      'token',
      'create',
      '--email',
      'social.worker@demo.dawn.example',
      '--name',
      'x',
      '--permission',
      'user:manage',
    ]);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain('does not hold: user:manage');
  });

  it('rotates the master key and verifies the audit trail, which fails once an entry is altered', async () => {
    const rotated = await dawn.run(['keys', 'rotate']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/Rewrapped 2 vault key\(s\)/);

    const verified = await dawn.run(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Audit trail intact: \d+ entries verified/);

    // Someone with database-owner rights works behind the trigger.
    const asOwner = async (statement: string) => {
      const tamper = [
        'alter table audit_event disable trigger audit_event_append_only',
        statement,
        'alter table audit_event enable trigger audit_event_append_only',
      ];
      for (const each of tamper) await sql.raw(each).execute(dawn.database.db);
    };
    await asOwner('delete from audit_event where id = (select max(id) from audit_event)');
    const cut = await dawn.run(['audit', 'verify']);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/audit trail cut: the checkpoint of .* recorded \d+ entries/);

    await asOwner(
      "update audit_event set action = 'user.updated' where id = (select min(id) + 1 from audit_event)",
    );
    const broken = await dawn.run(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/audit trail broken at entry \d+ \(its content was changed\)/);
  });
});
