import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCompiledEntry } from '../bin/compiled.js';
import rootPackage from '../../../package.json' with { type: 'json' };

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string, parent = os.tmpdir()): string {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  dirs.push(dir);
  return dir;
}

/** Which of `packages` the compiled server has loaded once `command`'s modules are imported. */
function packagesLoadedFor(entry: string, command: string, packages: string[]): string[] {
  const record = path.join(tempDir('dawn-imports-'), 'imports.txt');
  fs.writeFileSync(record, '');
  const run = spawnSync(
    process.execPath,
    [path.join(serverDir, 'test/record-imports.mjs'), entry, command, record],
    { encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const lines = fs.readFileSync(record, 'utf8').split('\n');
  return packages.filter((name) =>
    lines.some(
      (line) =>
        line === name || line.startsWith(`${name}/`) || line.includes(`/node_modules/${name}/`),
    ),
  );
}

describe('the compiled server', () => {
  let outdir = '';
  beforeAll(() => {
    // Inside the repository, so the bundle finds its dependencies in node_modules as dist/ does.
    outdir = tempDir('dawn-dist-', path.resolve(serverDir, '../../node_modules/.cache'));
    const build = spawnSync(process.execPath, [path.join(serverDir, 'scripts/build.mjs'), outdir], {
      encoding: 'utf8',
    });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 120_000);

  it('is built by the build script and its `dawn --version` prints the version', () => {
    const entry = currentCompiledEntry(outdir);
    expect(entry).toBe(path.join(outdir, 'main.js'));

    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(pathToFileURL(entry ?? '').href)});
         process.exitCode = await main(['--version']);`,
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(rootPackage.version);
  });

  it('starts `dawn serve` without loading the libraries only some requests use (issue 11)', () => {
    const entry = path.join(outdir, 'main.js');
    // Each of these cost tens to hundreds of milliseconds of every cold start when it was loaded
    // at start; each is now loaded by the first request or command that needs it.
    const later = [
      'sharp',
      'qrcode',
      'exceljs',
      'playwright-core',
      'csv-parse',
      'nodemailer',
      '@electric-sql/pglite',
    ];
    expect(packagesLoadedFor(entry, 'serve', later)).toEqual([]);
    // The record sees what is loaded: the web server and its API documentation are.
    expect(packagesLoadedFor(entry, 'serve', ['fastify', '@fastify/swagger'])).toEqual([
      'fastify',
      '@fastify/swagger',
    ]);
  }, 120_000);
});

describe('the dawn command chooses the compiled server only when it is up to date', () => {
  function fakeBuild(): { dist: string; source: string } {
    const dir = tempDir('dawn-fake-build-');
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(dist);
    const source = path.join(dir, 'source.ts');
    fs.writeFileSync(source, 'export {};\n');
    const builtAt = Date.now();
    fs.utimesSync(source, new Date(builtAt - 60_000), new Date(builtAt - 60_000));
    fs.writeFileSync(path.join(dist, 'main.js'), 'export {};\n');
    fs.writeFileSync(
      path.join(dist, 'build-manifest.json'),
      JSON.stringify({ builtAt, inputs: ['../source.ts'] }),
    );
    return { dist, source };
  }

  it('runs the build when no source has changed since', () => {
    const { dist } = fakeBuild();
    expect(currentCompiledEntry(dist)).toBe(path.join(dist, 'main.js'));
  });

  it('falls back to the sources when one was edited after the build', () => {
    const { dist, source } = fakeBuild();
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(source, later, later);
    expect(currentCompiledEntry(dist)).toBeUndefined();
  });

  it('falls back to the sources when one was removed, or there is no build', () => {
    const { dist, source } = fakeBuild();
    fs.rmSync(source);
    expect(currentCompiledEntry(dist)).toBeUndefined();
    expect(currentCompiledEntry(tempDir('dawn-no-build-'))).toBeUndefined();
  });
});
