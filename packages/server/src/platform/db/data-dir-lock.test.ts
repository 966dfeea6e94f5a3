import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the PGlite data directory lock', () => {
  it('refuses a second holder, naming the pid that holds it', () => {
    const dir = freshDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(
      `another Dawn process (pid ${process.pid}) is using`,
    );
    lock.release();
    expect(fs.existsSync(path.join(dir, 'dawn.lock'))).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock left behind by a process that no longer runs', async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) =>
      child.on('exit', () => resolve(child.pid ?? 0)),
    );
    fs.writeFileSync(path.join(dir, 'dawn.lock'), `${deadPid}\n`);
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'dawn.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});
