import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no lock of its own, and a second process opening a live data directory corrupts it.
 * Dawn therefore holds `dawn.lock` (the owner's pid) in the data directory for as long as it has
 * the database open. A lock left by a process that no longer runs is taken over.
 */
export class DataDirLockedError extends Error {
  readonly pid: number;
  constructor(pid: number, dataDir: string) {
    super(`another Dawn process (pid ${pid}) is using ${displayPath(dataDir)}`);
    this.name = 'DataDirLockedError';
    this.pid = pid;
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : `./${relative}`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; that still counts as running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'dawn.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readOwner(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw new DataDirLockedError(owner, dataDir);
      }
      if (owner === process.pid) throw new DataDirLockedError(owner, dataDir);
      // Stale: its process is gone (or the file is unreadable half-written). Take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${displayPath(dataDir)}`);
}
