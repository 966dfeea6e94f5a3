import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { verifyAuditChain } from '../platform/audit/audit.ts';
import { withDatabase } from './open-database.ts';

export class AuditBrokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditBrokenError';
  }
}

export function auditCommand(loadConfig: () => Config): Command {
  const audit = new Command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain; names the first entry that was altered or removed')
    .action(async () => {
      await withDatabase(loadConfig(), async (database) => {
        const verdict = await verifyAuditChain(database.db);
        if (verdict.ok) {
          process.stdout.write(`Audit trail intact: ${verdict.entries} entries verified.\n`);
          return;
        }
        throw new AuditBrokenError(
          `audit trail broken at entry ${verdict.brokenAt} (${verdict.reason === 'hash_mismatch' ? 'its content was changed' : 'the entry before it was changed or removed'}); ${verdict.entries} entries before it verified`,
        );
      });
    });
  return audit;
}
