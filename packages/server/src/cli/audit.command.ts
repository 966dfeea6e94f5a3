import { cliRuntime } from './cli-runtime.ts';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { verifyAuditTrail, type TrailVerdict } from '../platform/audit/audit-checkpoint.ts';
import { loadKeyRing } from '../platform/vault/key-ring.ts';
import { armAuditTrail } from '../platform/audit/audit-key.ts';
import { withDatabase } from './open-database.ts';

export class AuditBrokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditBrokenError';
  }
}

const CHAIN_REASONS = {
  hash_mismatch: 'its content was changed',
  link_mismatch: 'the entry before it was changed or removed',
  downgraded: 'it is not keyed although entries before it are: the chain was rewritten',
  key_missing: 'it is keyed under a master key that is not in the key ring',
} as const;

/** One sentence for the operator; undefined when the trail is intact. */
export function explainVerdict(verdict: TrailVerdict, checkpointFile: string): string | undefined {
  if (verdict.ok) return undefined;
  switch (verdict.kind) {
    case 'chain':
      return `audit trail broken at entry ${verdict.brokenAt} (${CHAIN_REASONS[verdict.reason]}); ${verdict.entries} entries before it verified`;
    case 'checkpoint_missing':
      return `no audit checkpoint at ${checkpointFile}: ${verdict.entries} entries chain correctly, but whether the newest were cut cannot be told (set DAWN_AUDIT_CHECKPOINT_FILE to where checkpoints are kept)`;
    case 'checkpoint_invalid':
      return `the audit checkpoint ${checkpointFile} cannot be trusted: ${verdict.why}`;
    case 'cut':
      return `audit trail cut: the checkpoint of ${verdict.checkpoint.writtenAt} recorded ${verdict.checkpoint.entries} entries up to entry ${verdict.checkpoint.lastId}, which is gone; the table now holds ${verdict.entries}`;
    case 'rewritten':
      return `audit trail rewritten: entry ${verdict.checkpoint.lastId} no longer matches the checkpoint of ${verdict.checkpoint.writtenAt}`;
    case 'unchained':
      return `audit trail incomplete: ${verdict.unchained} entries are not linked into the chain, the oldest written at ${verdict.oldestAt}; a running server links entries within a minute, so these were written without the key or no server has run since (start the server, then verify again)`;
    default: {
      const unreachable: never = verdict;
      return String(unreachable);
    }
  }
}

export function auditCommand(loadConfig: () => Config): Command {
  const audit = new Command('audit').description('the audit trail');
  audit
    .command('verify')
    .description(
      'recompute the keyed chain and compare it with the latest signed checkpoint; names what was altered, removed or cut',
    )
    .action(async () => {
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const { ring } = loadKeyRing(config);
        armAuditTrail(database.db, ring);
        const verdict = await verifyAuditTrail(database.db, config.auditCheckpointFile);
        const problem = explainVerdict(verdict, config.auditCheckpointFile);
        if (problem) throw new AuditBrokenError(problem);
        if (verdict.ok)
          cliRuntime().stdout.write(
            `Audit trail intact: ${verdict.entries} entries verified, ${verdict.checkpoint.entries} of them covered by the checkpoint of ${verdict.checkpoint.writtenAt}.\n`,
          );
      });
    });
  return audit;
}
