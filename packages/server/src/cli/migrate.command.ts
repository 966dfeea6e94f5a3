import { cliRuntime } from './cli-runtime.ts';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { migrateToLatest, migrationState, openDatabase } from '../platform/db/database.ts';
import { grantAppRole } from '../platform/db/database-roles.ts';
import { databaseTarget } from '../platform/db/open-migrated-database.ts';

export function migrateCommand(loadConfig: () => Config): Command {
  return new Command('migrate')
    .description(
      'apply pending database migrations (PGlite in DAWN_DATA_DIR, or DAWN_MIGRATION_DATABASE_URL / DATABASE_URL) and grant DAWN_DB_APP_ROLE',
    )
    .option('--status', 'list applied and pending migrations without applying any')
    .action(async (options: { status?: boolean }) => {
      const config = loadConfig();
      // Migrations run as the owner: DAWN_MIGRATION_DATABASE_URL when set.
      const database = await openDatabase(
        config.migrationDatabaseUrl
          ? { kind: 'postgres', url: config.migrationDatabaseUrl, poolSize: 1 }
          : databaseTarget(config),
      );
      try {
        if (options.status) {
          const state = await migrationState(database.db);
          cliRuntime().stdout.write(`applied: ${state.applied.join(', ') || 'none'}\n`);
          cliRuntime().stdout.write(`pending: ${state.pending.join(', ') || 'none'}\n`);
          return;
        }
        const applied = await migrateToLatest(database.db);
        if (config.dbAppRole && database.kind === 'postgres') {
          await grantAppRole(database.db, config.dbAppRole);
          cliRuntime().stdout.write(
            `Granted role ${config.dbAppRole} read and write on case data, insert and read only on the audit trail.\n`,
          );
        }
        cliRuntime().stdout.write(
          applied.length === 0
            ? `Database ${database.location} is up to date.\n`
            : `Applied ${applied.length} migration(s) to ${database.location}: ${applied.join(', ')}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
