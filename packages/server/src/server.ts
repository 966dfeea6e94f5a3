import { ensureCurrentIdentityIndex } from './features/persons/identity-reindex.ts';
import type { Config } from './platform/config.ts';
import { buildApp, type App } from './app.ts';
import type { Database } from './platform/db/database.ts';
import { databaseTarget, openMigratedDatabase } from './platform/db/open-migrated-database.ts';
import { seedDemo } from './features/seed/demo-seed.ts';
import { bootstrapInstallation, type Credential } from './features/users/bootstrap.ts';
import { loadKeyRing } from './platform/vault/key-ring.ts';
import { Vault } from './platform/vault/vault.ts';
import { startBackgroundJobs } from './features/notifications/background-jobs.ts';
import { startWebhookSender } from './features/webhooks/webhook.jobs.ts';
import { smtpMailer } from './features/notifications/mailer.ts';
import { obligationSources } from './features/obligations/obligation-sources.ts';
import { metricsOf, startMetricsServer } from './platform/metrics.ts';
import { startAuditCheckpoints } from './platform/audit/audit-checkpoint.ts';
import { startAuditChainer, stopAuditChainer } from './platform/audit/audit-chainer.ts';
import { canAlterAuditTrail } from './platform/db/database-roles.ts';

export interface RunningServer {
  app: App;
  database: Database;
  url: string;
  demoSeeded: boolean;
  /** One-time passwords made at the first start, to print once. */
  credentials: Credential[];
  /** Set when the master key file was created now: the operator must back it up. */
  createdKeyFile: string | undefined;
  /** PostgreSQL: the server's role owns the audit trail (no separate app role configured). */
  auditTrailAlterable: boolean;
  close(): Promise<void>;
}

// Here for the server's callers; the CLI imports them from their own module, without the app.
export { databaseTarget, openMigratedDatabase };

/** Opens the database, applies migrations, seeds the demo organisation on first start, listens. */
export async function startServer(
  config: Config,
  options: { logger?: boolean } = {},
): Promise<RunningServer> {
  const database = await openMigratedDatabase(config);
  try {
    const firstStart =
      config.demoSeed === 'auto' &&
      (await database.db
        .selectFrom('organisation')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n) === 0));
    const demoSeeded = firstStart ? (await seedDemo(database.db)).seeded : false;
    const { ring, created } = loadKeyRing(config);
    const vault = await Vault.open(database.db, ring);
    startAuditChainer(database.db, (error) =>
      process.stderr.write(
        `dawn: could not link audit entries into the chain (${error instanceof Error ? error.message : 'unknown error'})\n`,
      ),
    );
    // Indexes from before per-organisation keys (issue 15 finding 11) are rebuilt first.
    const reindexed = await ensureCurrentIdentityIndex(database.db, vault);
    if (reindexed !== undefined)
      process.stderr.write(
        `dawn: re-indexed ${reindexed} identities under per-organisation keys\n`,
      );
    const credentials = await bootstrapInstallation({ db: database.db, config, vault });
    const checkpoints = await startAuditCheckpoints({
      db: database.db,
      file: config.auditCheckpointFile,
      intervalMinutes: config.auditCheckpointMinutes,
      onError: (error) =>
        process.stderr.write(
          `dawn: could not write the audit checkpoint ${config.auditCheckpointFile} (${error instanceof Error ? error.message : 'unknown error'})\n`,
        ),
    });
    const auditTrailAlterable =
      database.kind === 'postgres' && (await canAlterAuditTrail(database.db));
    const app = await buildApp({ config, database, vault, ...options });
    await app.listen({ port: config.port, host: config.host });
    const jobs = startBackgroundJobs({
      db: database.db,
      config,
      sources: obligationSources(vault),
      mailer: smtpMailer(config),
      logger: app.log,
    });
    const webhooks = startWebhookSender({ db: database.db, vault, config, logger: app.log });
    const metricsServer =
      config.metricsPort === undefined
        ? undefined
        : await startMetricsServer(metricsOf(app), {
            host: config.metricsHost,
            port: config.metricsPort,
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
      auditTrailAlterable,
      close() {
        closing ??= (async () => {
          try {
            await jobs.stop();
            await webhooks.stop();
            await app.close();
            await metricsServer?.close();
            await stopAuditChainer(database.db);
            await checkpoints.stop();
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
