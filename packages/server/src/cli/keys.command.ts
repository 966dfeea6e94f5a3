import { cliRuntime } from './cli-runtime.ts';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { recordAuditAlone } from '../platform/audit/audit.ts';
import { writeAuditCheckpoint } from '../platform/audit/audit-checkpoint.ts';
import { armAuditTrail } from '../platform/audit/audit-key.ts';
import {
  keyFilePath,
  loadKeyRing,
  newKeyId,
  writeKeyFile,
  type KeyRing,
} from '../platform/vault/key-ring.ts';
import { rewrapToCurrentKey } from '../platform/vault/vault.ts';
import { withDatabase } from './open-database.ts';

export function keysCommand(loadConfig: () => Config): Command {
  const keys = new Command('keys').description('the master keys of the identity vault');
  keys
    .command('rotate')
    .description(
      'make a new master key current and rewrap every data key under it (with DAWN_MASTER_KEY: put the new key first, then run this)',
    )
    .action(async () => {
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const { ring } = loadKeyRing(config);
        let target: KeyRing = ring;
        if (ring.source === 'file') {
          const id = newKeyId(ring.keys.keys());
          const keysById = new Map(ring.keys);
          keysById.set(id, randomBytes(32));
          // Old keys stay in the file so backups taken before today can still be read.
          writeKeyFile(keyFilePath(config.keysDir), { currentId: id, keys: keysById });
          target = { currentId: id, keys: keysById, source: 'file', file: ring.file };
        }
        const result = await rewrapToCurrentKey(database.db, target);
        armAuditTrail(database.db, target);
        await recordAuditAlone(database.db, {
          action: 'keys.rotated',
          actor: { userId: null, organisationId: null },
          details: {
            keyId: result.keyId,
            vaultKeys: result.vaultKeys,
            identities: result.identities,
          },
        });
        await writeAuditCheckpoint(database.db, config.auditCheckpointFile);
        cliRuntime().stdout.write(
          `Current master key: ${result.keyId}. Rewrapped ${result.vaultKeys} vault key(s) and ${result.identities} identity key(s).\n` +
            (target.source === 'file'
              ? `Back up ${target.file ?? 'the key file'} again now.\n`
              : ''),
        );
      });
    });
  return keys;
}
