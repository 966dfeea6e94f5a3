import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildApp, type App } from '../src/app.ts';
import type { ObligationSource } from '../src/features/obligations/obligation-source.ts';
import { loadConfig, type Config } from '../src/platform/config.ts';
import type { Deps } from '../src/platform/deps.ts';
import { parseEnvironmentKeys, type KeyRing } from '../src/platform/vault/key-ring.ts';
import { Vault } from '../src/platform/vault/vault.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp {
  app: App;
  database: TestDatabase;
  deps: Deps;
  keyRing: KeyRing;
  /** Every log line the app wrote, as text. */
  logs(): string;
  close(): Promise<void>;
}

export function testKeyRing(id = 'test-1'): KeyRing {
  return parseEnvironmentKeys(`${id}:${randomBytes(32).toString('base64')}`);
}

/** The real app on a fresh real database, with its logs captured for assertions. */
export async function createTestApp(
  options: {
    webDistDir?: string;
    migrate?: boolean;
    env?: Record<string, string>;
    obligationSources?: readonly ObligationSource[];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase({ migrate: options.migrate ?? true });
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  // Every test request comes from 127.0.0.1; the per-address limit has a test of its own.
  const config: Config = loadConfig({
    DAWN_LOG_LEVEL: 'info',
    DAWN_SIGN_IN_RATE_LIMIT: '1000',
    ...options.env,
  });
  const keyRing = testKeyRing();
  // A database without migrations has no vault tables; such tests only probe readiness.
  const vault =
    options.migrate === false
      ? (undefined as unknown as Vault)
      : await Vault.open(database.db, keyRing);
  const app = await buildApp({
    config,
    database,
    vault,
    logStream,
    ...(options.webDistDir ? { webDistDir: options.webDistDir } : {}),
    ...(options.obligationSources ? { obligationSources: options.obligationSources } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    deps: { db: database.db, config, vault },
    keyRing,
    logs: () => lines.join(''),
    async close() {
      await app.close();
      await database.close();
    },
  };
}
