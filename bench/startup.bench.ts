/**
 * Start-up benchmark: how long `dawn --version` takes, and how long `dawn serve` takes from the
 * process starting to its first answer of 200 on /readyz, compiled (packages/server/dist, what
 * `npm start` runs) against from source through tsx (DAWN_FROM_SOURCE=1). On PostgreSQL (with
 * DAWN_BENCH_DATABASE_URL: a fresh database is made and dropped) and PGlite (a fresh data
 * directory), first start (migrations and demo seed) and a second start of the same data; on
 * PGlite also a first start on another new directory with the initialised cluster cached (the
 * first start keeps it in a DAWN_CACHE_DIR of the bench's own).
 *
 *   DAWN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/startup.bench.ts
 *
 * Builds the server first (node packages/server/scripts/build.mjs). Bounded: each start gives up
 * after 120 s; servers listen on 127.0.0.1 and are stopped with SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'packages/server/bin/dawn.js');
const VERSION_RUNS = 7;
const START_TIMEOUT_MS = 120_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('DAWN_') && key !== 'DATABASE_URL',
    ),
  );
  return { ...base, DAWN_LOG_LEVEL: 'warn', ...extra };
}

function versionMs(fromSource: boolean): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, '--version'], {
    env: childEnv(fromSource ? { DAWN_FROM_SOURCE: '1' } : {}),
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`dawn --version failed: ${result.stderr}`);
  return ms;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawning `dawn serve` to the first 200 from /readyz; then stops it. */
async function startToReady(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: childEnv({ ...env, DAWN_PORT: String(port), DAWN_HOST: '127.0.0.1' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dawn serve exited: ${stderr}`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error('dawn serve: no /readyz');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/readyz`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** One line: `figures` holds the compiled figure, then the tsx one. */
function row(label: string, figures: number[]): void {
  const compiled = figures[0] ?? Number.NaN;
  const source = figures[1] ?? Number.NaN;
  console.log(
    `${label.padEnd(50)} ${`${Math.round(compiled)} ms`.padStart(9)} ${`${Math.round(source)} ms`.padStart(9)}`,
  );
}

const build = spawnSync(process.execPath, [path.join(root, 'packages/server/scripts/build.mjs')], {
  stdio: 'inherit',
});
if (build.status !== 0) throw new Error('build failed');

console.log(
  `\n${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
console.log(`${'median of runs'.padEnd(50)} ${'compiled'.padStart(9)} ${'tsx'.padStart(9)}`);
versionMs(false);
versionMs(true);
const compiledVersion: number[] = [];
const sourceVersion: number[] = [];
for (let run = 0; run < VERSION_RUNS; run += 1) {
  compiledVersion.push(versionMs(false));
  sourceVersion.push(versionMs(true));
}
row(`dawn --version (${VERSION_RUNS} runs)`, [median(compiledVersion), median(sourceVersion)]);

const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-startup-keys-'));
try {
  const pgliteFirst: number[] = [];
  const pgliteSecond: number[] = [];
  const pgliteFirstCached: number[] = [];
  for (const fromSource of [false, true]) {
    // A cache directory of its own, empty at first: the first start runs PGlite's initdb and keeps
    // the initialised cluster there; a first start on another new data directory then uses it.
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-startup-cache-'));
    const envFor = (dataDir: string) => ({
      DAWN_DATA_DIR: dataDir,
      DAWN_CACHE_DIR: cacheDir,
      DAWN_KEYS_DIR: path.join(keysDir, path.basename(dataDir)),
      DAWN_AUDIT_CHECKPOINT_FILE: path.join(keysDir, `${path.basename(dataDir)}.json`),
      ...(fromSource ? { DAWN_FROM_SOURCE: '1' } : {}),
    });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-startup-data-'));
    const otherDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-startup-data-'));
    try {
      pgliteFirst.push(await startToReady(envFor(dataDir)));
      pgliteSecond.push(await startToReady(envFor(dataDir)));
      if (!fs.readdirSync(cacheDir).some((name) => name.endsWith('-cluster.tar'))) {
        throw new Error('the first start kept no initialised cluster in DAWN_CACHE_DIR');
      }
      pgliteFirstCached.push(await startToReady(envFor(otherDataDir)));
    } finally {
      for (const dir of [dataDir, otherDataDir, cacheDir]) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  row('PGlite, first start (initdb, migrate, seed demo)', pgliteFirst);
  row('PGlite, second start', pgliteSecond);
  row('PGlite, first start, cached initialised cluster', pgliteFirstCached);

  const adminUrl = process.env.DAWN_BENCH_DATABASE_URL;
  if (!adminUrl) {
    console.log('PostgreSQL not measured: set DAWN_BENCH_DATABASE_URL=postgres://…');
  } else {
    const first: number[] = [];
    const second: number[] = [];
    for (const fromSource of [false, true]) {
      const name = `dawn_startup_${process.pid}_${fromSource ? 'src' : 'js'}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const env = {
        DATABASE_URL: url.toString(),
        DAWN_KEYS_DIR: path.join(keysDir, name),
        DAWN_AUDIT_CHECKPOINT_FILE: path.join(keysDir, `${name}.json`),
        ...(fromSource ? { DAWN_FROM_SOURCE: '1' } : {}),
      };
      try {
        first.push(await startToReady(env));
        const again: number[] = [];
        for (let run = 0; run < 3; run += 1) again.push(await startToReady(env));
        second.push(median(again));
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    }
    row('PostgreSQL, first start (migrate, seed demo)', first);
    row('PostgreSQL, cold start to /readyz (3 runs)', second);
  }
} finally {
  fs.rmSync(keysDir, { recursive: true, force: true });
}
