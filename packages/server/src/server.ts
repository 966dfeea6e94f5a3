import type { Config } from './platform/config.ts';
import { buildApp, type App } from './app.ts';
import { migrateToLatest, openDatabase, type Database } from './platform/db/database.ts';
import { seedDemo } from './features/seed/demo-seed.ts';
import { bootstrapInstallation, type Credential } from './features/users/bootstrap.ts';
import { loadKeyRing } from './platform/vault/key-ring.ts';
import { Vault } from './platform/vault/vault.ts';
import { startBackgroundJobs } from './features/notifications/background-jobs.ts';
import { smtpMailer } from './features/notifications/mailer.ts';
import { obligationSources } from './features/obligations/obligation-sources.ts';

export interface RunningServer {
  app: App;
  database: Database;
  url: string;
  demoSeeded: boolean;
  /** One-time passwords made at the first start, to print once. */
  credentials: Credential[];
  /** Set when the master key file was created now: the operator must back it up. */
  createdKeyFile: string | undefined;
  close(): Promise<void>;
}

export function databaseTarget(config: Config) {
  return config.databaseUrl
    ? ({ kind: 'postgres', url: config.databaseUrl, poolSize: config.dbPoolSize } as const)
    : ({ kind: 'pglite', dataDir: config.dataDir } as const);
}

/** Opens the database, applies migrations, seeds the demo organisation on first start, listens. */
export async function startServer(
  config: Config,
  options: { logger?: boolean } = {},
): Promise<RunningServer> {
  const database = await openDatabase(databaseTarget(config));
  try {
    await migrateToLatest(database.db);
    const firstStart =
      config.demoSeed === 'auto' &&
      (await database.db
        .selectFrom('organisation')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n) === 0));
    const demoSeeded = firstStart ? (await seedDemo(database.db)).seeded : false;
    const { ring, created } = loadKeyRing({ masterKey: config.masterKey, dataDir: config.dataDir });
    const vault = await Vault.open(database.db, ring);
    const credentials = await bootstrapInstallation({ db: database.db, config, vault });
    const app = await buildApp({ config, database, vault, ...options });
    await app.listen({ port: config.port, host: config.host });
    const jobs = startBackgroundJobs({
      db: database.db,
      config,
      sources: obligationSources(vault),
      mailer: smtpMailer(config),
      logger: app.log,
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closing: Promise<void> | undefined;
    return {
      app,
      database,
      url: `http://${host}:${port}`,
      demoSeeded,
      credentials,
      createdKeyFile: created ? ring.file : undefined,
      close() {
        closing ??= (async () => {
          try {
            await jobs.stop();
            await app.close();
          } finally {
            await database.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
