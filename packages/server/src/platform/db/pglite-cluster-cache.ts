import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * A cached, freshly initialised PGlite cluster (what PGlite's initdb makes, before any migration),
 * one per PGlite version. Creating a new PGlite database from it skips initdb, which is most of a
 * first start's time on a busy machine. The cache is a tarball (uncompressed, ~40 MB: gzip costs more time than it saves) made with PGlite's own
 * `dumpDataDir` and loaded with its `loadDataDir`; it is only ever read into a new, empty
 * directory (never a live one), and written to a temporary name and renamed into place, so
 * processes starting at once never see half a file. Anything wrong with it (no cache directory, a
 * read-only home, a damaged file) only means initdb runs as before.
 *
 * Where: DAWN_CACHE_DIR, else $XDG_CACHE_HOME/dawn, else ~/.cache/dawn. DAWN_CACHE_DIR=off turns
 * the cache off.
 */
export function dawnCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.DAWN_CACHE_DIR?.trim();
  if (configured === 'off') return undefined;
  if (configured) return path.resolve(configured);
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'dawn');
  const home = os.homedir();
  return home ? path.join(home, '.cache', 'dawn') : undefined;
}

let version: string | undefined;

/** The installed PGlite's version: a cluster made by one version is not loaded by another. */
export function pgliteVersion(): string {
  if (version) return version;
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === '@electric-sql/pglite' && manifest.version) {
        version = manifest.version;
        return version;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

export function clusterImageFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = dawnCacheDir(env);
  return dir ? path.join(dir, `pglite-${pgliteVersion()}-cluster.tar`) : undefined;
}

const TAR = 'application/x-tar';

/** The cached cluster, or undefined when there is none (or no cache). */
export function readClusterImage(env: NodeJS.ProcessEnv = process.env): Blob | undefined {
  const file = clusterImageFile(env);
  if (!file) return undefined;
  try {
    const bytes = fs.readFileSync(file);
    return bytes.length > 0 ? new Blob([bytes], { type: TAR }) : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets a cached cluster that failed to load, so the next start makes a good one. */
export function discardClusterImage(env: NodeJS.ProcessEnv = process.env): void {
  const file = clusterImageFile(env);
  if (file) fs.rmSync(file, { force: true });
}

/**
 * Keeps `tarball` (an uncompressed `dumpDataDir` of a cluster initdb has just made) for the next
 * fresh database. Never fails: a cache that cannot be written is simply not there next time.
 */
export async function saveClusterImage(
  tarball: Blob,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const file = clusterImageFile(env);
  if (!file) return;
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const bytes = new Uint8Array(await tarball.arrayBuffer());
    await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await fs.promises.writeFile(temporary, bytes, { mode: 0o600 });
    await fs.promises.rename(temporary, file);
  } catch {
    await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
  }
}
