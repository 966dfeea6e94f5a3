#!/usr/bin/env node
// npm test: the whole suite. Unit and integration tests on PGlite always; on PostgreSQL too when
// DAWN_TEST_DATABASE_URL is set; browser tests when Chromium is found. DAWN_REQUIRE_E2E=1 and
// DAWN_REQUIRE_POSTGRES=1 turn a missing browser or database into a failure (CI sets both).
// Extra arguments go to vitest (e.g. `npm test -- packages/core`).
//
// The whole suite runs as up to three vitest processes at once ("lanes"): core, web and the server
// on PGlite; the server on PostgreSQL; the browser suite. Each lane runs its files one at a time,
// as vitest does on two cores, but the lanes overlap: a PostgreSQL test waits on the database
// server and a browser story on Chromium and `dawn serve`, so one lane's waiting is another's
// time on a core. With extra arguments (a part of the suite) one vitest process runs them.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const artifactsDir = path.join(root, 'test-artifacts');
const reportFile = path.join(artifactsDir, 'vitest-report.json');
const extraArgs = process.argv.slice(2);

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
// the build is older than a source file); the browser tests drive the built web app, and every
// server test's app serves it, so both builds finish before any test starts.
const builds = [['run', 'build', '-w', '@dawn/server']];
if (projects.includes('e2e')) builds.unshift(['run', 'build', '-w', '@dawn/web']);
for (const build of builds) {
  const result = spawnSync('npm', build, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
}

/** The lanes that run at once, each one vitest process: its name and projects. */
const lanes =
  extraArgs.length > 0
    ? [{ name: 'all', projects }]
    : [
        {
          name: 'pglite',
          projects: projects.filter((project) =>
            ['core', 'web', 'server-pglite'].includes(project),
          ),
        },
        { name: 'postgres', projects: projects.filter((project) => project === 'server-postgres') },
        { name: 'e2e', projects: projects.filter((project) => project === 'e2e') },
      ].filter((lane) => lane.projects.length > 0);

fs.mkdirSync(artifactsDir, { recursive: true });
fs.rmSync(reportFile, { force: true });

/** How many of a lane's last lines are printed again when it fails outside its tests. */
const LANE_TAIL_LINES = 60;

/** Runs one lane; its output lines carry the lane's name when several lanes share the terminal. */
function runLane(lane) {
  const laneReport = path.join(artifactsDir, `vitest-report.${lane.name}.json`);
  fs.rmSync(laneReport, { force: true });
  const args = [
    'vitest',
    'run',
    ...lane.projects.flatMap((project) => ['--project', project]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${laneReport}`,
    ...extraArgs,
  ];
  const alone = lanes.length === 1;
  // A lane's last lines, to print again at the end when it fails outside its tests (a global
  // setup that threw, say): a CI log's tail is often all that is kept, and by then the lane's own
  // output may be thousands of lines up.
  const tail = [];
  const child = spawn('npx', args, {
    cwd: root,
    stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(process.stdout.isTTY && !alone ? { FORCE_COLOR: '1' } : {}) },
  });
  if (!alone) {
    const prefix = `[${lane.name}]`.padEnd(11);
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let pending = '';
      from.setEncoding('utf8');
      from.on('data', (chunk) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          to.write(`${prefix}${line}\n`);
          keep(line);
        }
      });
      from.on('end', () => {
        if (pending) {
          to.write(`${prefix}${pending}\n`);
          keep(pending);
        }
      });
    }
  }
  function keep(line) {
    tail.push(line);
    if (tail.length > LANE_TAIL_LINES) tail.shift();
  }
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ lane, code, laneReport, tail }));
  });
}

const finished = await Promise.all(lanes.map(runLane));

// One report for the whole run, as before: the lanes' counts added up and their files together.
let passed = 0;
let failed = 0;
const exitedWithoutFailure = [];
const merged = { numPassedTests: 0, numFailedTests: 0, numFailedTestSuites: 0, testResults: [] };
const outsideTests = [];
for (const { lane, code, laneReport, tail } of finished) {
  let lanePassed = 0;
  let laneFailed = 0;
  if (fs.existsSync(laneReport)) {
    const report = JSON.parse(fs.readFileSync(laneReport, 'utf8'));
    for (const [key, value] of Object.entries(report)) {
      if (typeof value === 'number' && key.startsWith('num'))
        merged[key] = (merged[key] ?? 0) + value;
    }
    merged.testResults.push(...report.testResults);
    lanePassed = report.numPassedTests ?? 0;
    laneFailed = report.numFailedTests ?? 0;
    // A file that fails to load has no failed test, but is a failure all the same.
    if (laneFailed === 0) laneFailed = report.numFailedTestSuites ?? 0;
  }
  if (code !== 0 && laneFailed === 0) {
    laneFailed = 1;
    exitedWithoutFailure.push(
      `${lane.name}: vitest exited with ${code} and no failed test (an error outside the tests; its last lines are above)`,
    );
    if (tail.length > 0) outsideTests.push({ lane, tail });
  }
  passed += lanePassed;
  failed += laneFailed;
  if (lanes.length > 1) console.log(`${lane.name}: ${lanePassed} passed, ${laneFailed} failed`);
}
fs.writeFileSync(reportFile, JSON.stringify({ ...merged, success: failed === 0 }));

for (const { lane, tail } of outsideTests)
  console.log(
    `\nThe last lines of the ${lane.name} lane:\n${tail.map((line) => `  ${line}`).join('\n')}`,
  );

// The failures again at the very end, where a CI log's tail (all that may be kept) shows them.
const failures = merged.testResults.flatMap((file) => {
  const tests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
  if (tests.length === 0 && file.status === 'failed')
    return [`${path.relative(root, file.name)}: ${firstLine(file.message)}`];
  return tests.map(
    (test) =>
      `${path.relative(root, file.name)} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`,
  );
});
failures.push(...exitedWithoutFailure);
if (failures.length > 0)
  console.log(`\nfailed:\n${failures.map((line) => `  ${line}`).join('\n')}`);

function firstLine(text) {
  return (text ?? '').split('\n')[0].slice(0, 300);
}

for (const note of notes) console.log(`\n!! ${note}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
