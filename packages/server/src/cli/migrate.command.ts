import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { migrateToLatest, migrationState, openDatabase } from '../platform/db/database.ts';
import { databaseTarget } from '../server.ts';

export function migrateCommand(loadConfig: () => Config): Command {
  return new Command('migrate')
    .description('apply pending database migrations (PGlite in DAWN_DATA_DIR, or DATABASE_URL)')
    .option('--status', 'list applied and pending migrations without applying any')
    .action(async (options: { status?: boolean }) => {
      const config = loadConfig();
      const database = await openDatabase(databaseTarget(config));
      try {
        if (options.status) {
          const state = await migrationState(database.db);
          process.stdout.write(`applied: ${state.applied.join(', ') || 'none'}\n`);
          process.stdout.write(`pending: ${state.pending.join(', ') || 'none'}\n`);
          return;
        }
        const applied = await migrateToLatest(database.db);
        process.stdout.write(
          applied.length === 0
            ? `Database ${database.location} is up to date.\n`
            : `Applied ${applied.length} migration(s) to ${database.location}: ${applied.join(', ')}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
