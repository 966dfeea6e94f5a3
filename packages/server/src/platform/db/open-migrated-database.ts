import type { Config } from '../config.ts';
import { migrateToLatest, openDatabase, type Database } from './database.ts';
import { grantAppRole } from './database-roles.ts';

/*
 * Apart from server.ts so that a CLI command opens its database without loading the web app
 * (Fastify, every route and its schemas, metrics): on PGlite, `dawn user list` took 3.3 CPU
 * seconds instead of 3.9 (docs/performance.md, issue 11, suite).
 */

export function databaseTarget(config: Config) {
  return config.databaseUrl
    ? ({ kind: 'postgres', url: config.databaseUrl, poolSize: config.dbPoolSize } as const)
    : ({ kind: 'pglite', dataDir: config.dataDir } as const);
}

/**
 * Opens the configured database with every migration applied. With DAWN_MIGRATION_DATABASE_URL
 * the migrations run as that (owner) role and the server then connects as DATABASE_URL's role;
 * with DAWN_DB_APP_ROLE the owner grants that role what the server needs, and no more.
 */
export async function openMigratedDatabase(config: Config): Promise<Database> {
  const target = databaseTarget(config);
  if (target.kind === 'postgres' && config.migrationDatabaseUrl) {
    const owner = await openDatabase({
      kind: 'postgres',
      url: config.migrationDatabaseUrl,
      poolSize: 1,
    });
    try {
      await migrateToLatest(owner.db);
      if (config.dbAppRole) await grantAppRole(owner.db, config.dbAppRole);
    } finally {
      await owner.close();
    }
    return openDatabase(target);
  }
  const database = await openDatabase(target);
  try {
    await migrateToLatest(database.db);
    if (config.dbAppRole && database.kind === 'postgres')
      await grantAppRole(database.db, config.dbAppRole);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
