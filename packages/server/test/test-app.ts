import { Writable } from 'node:stream';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: App;
  database: TestDatabase;
  /** Every log line the app wrote, as text. */
  logs(): string;
  close(): Promise<void>;
}

/** The real app on a fresh real database, with its logs captured for assertions. */
export async function createTestApp(
  options: { webDistDir?: string; migrate?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase({ migrate: options.migrate ?? true });
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const app = await buildApp({
    config: loadConfig({ DAWN_LOG_LEVEL: 'info' }),
    database,
    logStream,
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    logs: () => lines.join(''),
    async close() {
      await app.close();
      await database.close();
    },
  };
}
