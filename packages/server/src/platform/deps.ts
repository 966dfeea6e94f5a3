import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DatabaseSchema } from './db/schema.ts';
import type { Vault } from './vault/vault.ts';

/** What use-cases are given: the database, the configuration and the vault. */
export interface Deps {
  db: Kysely<DatabaseSchema>;
  config: Config;
  vault: Vault;
}
