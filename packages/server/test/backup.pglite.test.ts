import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDawn as runDawnNow } from './dawn-process.ts';
import { startFromMigratedTemplate } from './test-database.ts';

// Each run opens PGlite; on a busy machine that alone can take a minute.
const runDawn = (args: string[], env: Record<string, string>) => runDawnNow(args, env, 240_000);

/**
 * An operator backs up the embedded installation: the data and the keys go to two places, and a
 * restore of both into empty places opens the same vault.
 */
describe('dawn backup and restore (PGlite)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-backup-'));
  const env = { DAWN_DATA_DIR: path.join(root, 'data') };
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps the keys out of the data directory, backs both up apart, and restores them', async () => {
    await startFromMigratedTemplate(env.DAWN_DATA_DIR);
    expect((await runDawn(['seed', '--demo'], env)).code).toBe(0);
    expect((await runDawn(['user', 'list'], env)).code).toBe(0);
    // The key file lives beside the data directory, not in it: copying data/ copies no key.
    expect(fs.existsSync(path.join(root, 'data-keys', 'master-keys.json'))).toBe(true);
    expect(fs.readdirSync(path.join(root, 'data'))).not.toContain('master-keys.json');

    fs.mkdirSync(path.join(root, 'to-disk'));
    fs.mkdirSync(path.join(root, 'to-safe'));
    const together = await runDawn(
      [
        'backup',
        '--data',
        path.join(root, 'to-disk/d.tar.gz'),
        '--keys',
        path.join(root, 'to-disk/k.json'),
      ],
      env,
    );
    expect(together.code).toBe(1);
    expect(together.stderr).toContain('must be in another directory than --data');

    const backup = await runDawn(
      [
        'backup',
        '--data',
        path.join(root, 'to-disk/d.tar.gz'),
        '--keys',
        path.join(root, 'to-safe/k.json'),
      ],
      env,
    );
    expect(backup.code, backup.stderr).toBe(0);

    const restoredEnv = { DAWN_DATA_DIR: path.join(root, 'restored') };
    const restore = await runDawn(
      [
        'restore',
        '--data',
        path.join(root, 'to-disk/d.tar.gz'),
        '--keys',
        path.join(root, 'to-safe/k.json'),
      ],
      restoredEnv,
    );
    expect(restore.code, restore.stderr).toBe(0);
    const listed = await runDawn(['user', 'list'], restoredEnv);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('@');
    // Six runs of the real command, each opening PGlite: slow on a shared machine.
  }, 1_200_000);
});
