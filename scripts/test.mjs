#!/usr/bin/env node
// npm test: the whole suite. Unit and integration tests on PGlite always; on PostgreSQL too when
// DAWN_TEST_DATABASE_URL is set; browser tests when Chromium is found. DAWN_REQUIRE_E2E=1 and
// DAWN_REQUIRE_POSTGRES=1 turn a missing browser or database into a failure (CI sets both).
// Extra arguments go to vitest (e.g. `npm test -- packages/core`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reportFile = path.join(root, 'test-artifacts', 'vitest-report.json');

function findChromium() {
  const candidates = [
    process.env.DAWN_CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter(Boolean);
  return candidates.find((candidate) => fs.existsSync(candidate));
}

const projects = ['core', 'web', 'server-pglite'];
const notes = [];
let failedSetup = false;

if (process.env.DAWN_TEST_DATABASE_URL) {
  projects.push('server-postgres');
} else if (process.env.DAWN_REQUIRE_POSTGRES === '1') {
  console.error('npm test: DAWN_REQUIRE_POSTGRES=1 but DAWN_TEST_DATABASE_URL is not set.');
  failedSetup = true;
} else {
  notes.push('PostgreSQL suite NOT run: set DAWN_TEST_DATABASE_URL=postgres://… to run it.');
}

const chromium = findChromium();
if (chromium) {
  projects.push('e2e');
  process.env.DAWN_CHROMIUM_PATH = chromium;
} else if (process.env.DAWN_REQUIRE_E2E === '1') {
  console.error(
    'npm test: DAWN_REQUIRE_E2E=1 but no Chromium was found (apt-get install chromium).',
  );
  failedSetup = true;
} else {
  notes.push(
    'Browser suite NOT run: no Chromium found (apt-get install -y chromium fonts-noto-core).',
  );
}
if (failedSetup) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

// The CLI stories run the compiled `dawn` as a person would (bin/dawn.js falls back to tsx when
// the build is older than a source file); the browser tests drive the built web app.
const builds = [['run', 'build', '-w', '@dawn/server']];
if (projects.includes('e2e')) builds.unshift(['run', 'build', '-w', '@dawn/web']);
for (const build of builds) {
  const result = spawnSync('npm', build, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
}

fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.rmSync(reportFile, { force: true });
const args = [
  'vitest',
  'run',
  ...projects.flatMap((project) => ['--project', project]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
  ...process.argv.slice(2),
];
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: process.env });

for (const note of notes) console.log(`\n!! ${note}`);
let passed = 0;
let failed = 0;
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A file that fails to load has no failed test, but is a failure all the same.
  if (failed === 0) failed = report.numFailedTestSuites ?? 0;
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
