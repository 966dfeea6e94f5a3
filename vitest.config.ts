import { defineConfig } from 'vitest/config';

/**
 * One suite, several projects. `scripts/test.mjs` (npm test) chooses which run: the PostgreSQL
 * project needs DAWN_TEST_DATABASE_URL, the browser project needs Chromium.
 */
const serverTests = ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'];

/**
 * Server test files share their worker's module graph instead of loading the whole app again for
 * each file (that load was most of the suite's CPU time). Safe because every test builds its own
 * app, database and key ring; nothing keeps state in a module between files.
 */
const shareModules = { isolate: false } as const;

/** Migrates one template database per run; each test's database is made from it. */
const migratedTemplate = { globalSetup: ['packages/server/test/global-setup.ts'] };

/**
 * Pure tests get the server tests' minute too: the identity-matching recall tests compute over
 * thousands of names and took 6–13 s against Vitest's default 5 s at load 17, running beside the
 * other lanes (scripts/test.mjs). A test asserts behaviour; how fast it runs is the benches' job.
 */
const pureTimeouts = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], ...pureTimeouts } },
      // The web app's pure parts (messages, formatting); its screens are tested in the browser.
      { test: { name: 'web', include: ['packages/web/src/**/*.test.ts'], ...pureTimeouts } },
      {
        test: {
          name: 'server-pglite',
          include: serverTests,
          ...shareModules,
          ...migratedTemplate,
          exclude: ['**/*.postgres.test.ts', '**/node_modules/**'],
          env: { DAWN_TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server-postgres',
          include: serverTests,
          ...shareModules,
          ...migratedTemplate,
          exclude: ['**/*.pglite.test.ts', '**/node_modules/**'],
          env: { DAWN_TEST_DB: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // Seeds one installation per run; each story file starts from a copy of it.
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A story polls what a user would wait for; Vitest's 1 s default was shorter than a
          // page's reload takes beside the other lanes, and failed a story whose page was right.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
