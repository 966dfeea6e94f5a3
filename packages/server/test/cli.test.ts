import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDawnInProcess } from './dawn-in-process.ts';
import { runDawn, startDawn } from './dawn-process.ts';
import { migrations } from '../src/platform/db/migrations/index.ts';
import { createTestDatabase, testDatabaseKind } from './test-database.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Where a fresh installation keeps its data on this project's database kind. */
async function freshInstallation(): Promise<{
  env: Record<string, string>;
  close(): Promise<void>;
}> {
  if (testDatabaseKind() === 'postgres') {
    const database = await createTestDatabase({ migrate: false });
    // Only the URL is used; the child process opens its own connections.
    return { env: { DATABASE_URL: database.url ?? '' }, close: () => database.close() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-data-'));
  dirs.push(dir);
  return { env: { DAWN_DATA_DIR: dir }, close: () => Promise.resolve() };
}

// Help, usage errors and a bad setting: the program run in this process (a process each cost
// seconds of CPU); the installation's story below runs the real `dawn` process.
describe('the dawn command', () => {
  it('explains itself with --help', async () => {
    const result = await runDawnInProcess(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed']) expect(result.stdout).toContain(command);
    const seedHelp = await runDawnInProcess(['seed', '--help']);
    expect(seedHelp.code).toBe(0);
    expect(seedHelp.stdout).toContain('--scale <n>');
    expect(seedHelp.stdout).toContain('--care-cases <n>');
    expect(seedHelp.stdout).toContain('--legal-cases <n>');
  });

  it('refuses bad input with a clear message and a non-zero exit', async () => {
    const notANumber = await runDawnInProcess(['seed', '--scale', 'abc']);
    expect(notANumber.code).not.toBe(0);
    expect(notANumber.stderr).toContain('expected a whole number of at least 1, got "abc"');

    const nothing = await runDawnInProcess(['seed']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('say what to seed: --demo or --scale N');

    const alone = await runDawnInProcess(['seed', '--care-cases', '5']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--care-cases goes with --scale N');
    const legalAlone = await runDawnInProcess(['seed', '--legal-cases', '5']);
    expect(legalAlone.code).toBe(1);
    expect(legalAlone.stderr).toContain('--legal-cases goes with --scale N');

    const unknown = await runDawnInProcess(['frobnicate']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('stops at start-up on a bad variable with one line naming it', async () => {
    const result = await runDawnInProcess(['serve'], { DAWN_PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'dawn: Invalid DAWN_PORT: must be a port number (1-65535) (got "abc")',
    ]);
  });
});

describe(`running an installation (${testDatabaseKind()})`, () => {
  it('migrates, seeds on demand, serves, stops cleanly on SIGTERM and finds its data after a restart', async () => {
    const installation = await freshInstallation();
    try {
      const migrated = await runDawn(['migrate'], installation.env);
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toContain(`Applied ${Object.keys(migrations).length} migration(s)`);

      const first = await startDawn(installation.env);
      expect(first.output()).toContain('First start: seeded the fictional demo organisation');
      // A lost one-time password has its way back, said at every start (issue 12 §12).
      expect(first.output()).toContain('npx dawn user reset-password <email>');
      // The first administrator's one-time password is printed once, and signs in.
      const adminLine = /^\s+(admin@demo\.dawn\.example)\s+(\S+)\s+\(admin\)$/m.exec(
        first.output(),
      );
      expect(adminLine).not.toBeNull();
      const signIn = await fetch(`${first.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: adminLine?.[1], password: adminLine?.[2] }),
      });
      expect(signIn.status).toBe(200);
      expect(await signIn.json()).toMatchObject({ stage: 'password_change_required' });
      const ready = await fetch(`${first.url}/readyz`);
      expect(ready.status).toBe(200);
      // Signed out, the about page says only that the demo is there, not versions or counts.
      const about = (await (await fetch(`${first.url}/api/system/about`)).json()) as {
        demoOrganisation: boolean;
        details?: unknown;
      };
      expect(about.demoOrganisation).toBe(true);
      expect(about.details).toBeUndefined();
      const stopped = await first.stop('SIGTERM');
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toContain('Dawn stopped cleanly.');

      const again = await runDawn(['seed', '--demo'], installation.env);
      expect(again.stdout).toContain('already seeded; nothing changed');

      const second = await startDawn(installation.env);
      expect(second.output()).not.toContain('First start');
      expect(second.output()).not.toContain('one-time password');
      expect(second.output()).toContain('npx dawn user reset-password <email>');
      const aboutAgain = (await (
        await fetch(`${second.url}/api/system/about`)
      ).json()) as typeof about;
      expect(aboutAgain.demoOrganisation).toBe(true);
      expect((await second.stop('SIGINT')).code).toBe(0);
    } finally {
      await installation.close();
    }
  });

  it('seeds synthetic legal cases with their deadlines on request, with progress', async () => {
    const installation = await freshInstallation();
    // The deadlines are computed with the vault: its keys and the audit checkpoint kept aside.
    const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-seed-'));
    dirs.push(aside);
    try {
      const seeded = await runDawnInProcess(['seed', '--scale', '100', '--legal-cases', '3'], {
        ...installation.env,
        DAWN_KEYS_DIR: path.join(aside, 'keys'),
        DAWN_AUDIT_CHECKPOINT_FILE: path.join(aside, 'checkpoint.json'),
      });
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(seeded.stdout).toBe(
        'Seeded 100 synthetic officials in 2 organisations, and 3 synthetic legal cases with their deadlines.\n',
      );
      expect(seeded.stderr).toContain('seeding 3/3 (100%)');
    } finally {
      await installation.close();
    }
  });

  it('stops cleanly on a SIGTERM sent the moment it says it is running', async () => {
    // A process slow to go on after printing that line (a loaded machine deschedules it): here a
    // preload holds it for a second and a half right after the line, and the signal comes then.
    const installation = await freshInstallation();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-slow-'));
    dirs.push(dir);
    const preload = path.join(dir, 'slow-after-start.cjs');
    fs.writeFileSync(
      preload,
      `const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (String(chunk).includes('Dawn is running on')) {
    const until = Date.now() + 1500;
    while (Date.now() < until);
  }
  return written;
};
`,
    );
    try {
      const dawn = await startDawn({ ...installation.env, NODE_OPTIONS: `--require ${preload}` });
      const stopped = await dawn.stop('SIGTERM');
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toContain('Dawn stopped cleanly.');
    } finally {
      await installation.close();
    }
  });
});
