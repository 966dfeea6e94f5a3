import { cliRuntime } from './cli-runtime.ts';
import type { Config } from '../platform/config.ts';
import type { Deps } from '../platform/deps.ts';
import { loadKeyRing, type KeyRing } from '../platform/vault/key-ring.ts';
import { Vault } from '../platform/vault/vault.ts';
import { withDatabase } from './open-database.ts';
import {
  AuditCheckpointRefused,
  writeAuditCheckpoint,
} from '../platform/audit/audit-checkpoint.ts';
import type { Database } from '../platform/db/database.ts';

/**
 * A CLI command's access to Dawn: the migrated database and the vault. CLI commands act as the
 * installation (whoever can run them can read the data directory); their writes are audited with
 * no user as actor, and the audit checkpoint is written again afterwards.
 */
export async function withDeps<T>(
  config: Config,
  work: (deps: Deps, context: { database: Database; keyRing: KeyRing }) => Promise<T>,
): Promise<T> {
  return withDatabase(config, async (database) => {
    const { ring } = loadKeyRing(config);
    const vault = await Vault.open(database.db, ring);
    const result = await work({ db: database.db, config, vault }, { database, keyRing: ring });
    // The command may have audited: move the checkpoint up to include it.
    try {
      await writeAuditCheckpoint(database.db, config.auditCheckpointFile);
    } catch (error) {
      if (!(error instanceof AuditCheckpointRefused)) throw error;
      cliRuntime().stderr.write(`dawn: ${error.message}\n`);
    }
    return result;
  });
}
