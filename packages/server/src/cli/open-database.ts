import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { cliRuntime } from './cli-runtime.ts';

/** Opens the configured database for a CLI command, migrated, and closes it afterwards. */
export async function withDatabase<T>(
  config: Config,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await cliRuntime().openDatabase(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
