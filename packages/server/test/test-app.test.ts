import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.ts';
import { testDatabaseKind } from './test-database.ts';

/**
 * Every server test file of a project runs in one worker (vitest.config.ts: `isolate: false`), so
 * an app a test has closed must let its database go: one kept alive per test was a whole in-memory
 * PGlite (about 230 MB), and the worker grew past 14 GB before the project ended. What held them:
 * the process metrics collected per app (a GC observer, through its registry, reached the pool
 * gauge and the database) and the audit chainer's minute timer (stopped now when a test database
 * closes, as the server stops it).
 */
function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Builds an app, serves one request and closes it; only a weak reference to its database handle
 * (which holds the PGlite instance or the PostgreSQL pool) stays.
 */
async function closedAppsDatabase(): Promise<WeakRef<object>> {
  const subject = await createTestApp();
  const response = await subject.app.inject({ method: 'GET', url: '/readyz' });
  expect(response.statusCode).toBe(200);
  const database = new WeakRef(subject.database.db);
  await subject.close();
  return database;
}

describe(`a closed test app (${testDatabaseKind()})`, () => {
  it('lets its database be freed', async () => {
    const gc = collectGarbage();
    const database = await closedAppsDatabase();
    // A weak reference holds its target until the current job ends; collect on later turns.
    for (let attempt = 0; attempt < 5 && database.deref() !== undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      gc();
    }
    expect(database.deref()).toBeUndefined();
  });
});
