import { cliRuntime } from './cli-runtime.ts';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { reindexIdentities } from '../features/persons/identity-reindex.ts';
import { withDeps } from './cli-context.ts';

/**
 * `dawn identities reindex`: rebuilds every person's blind indexes from the vault under the
 * current scheme (per-organisation keys, truncated hashes). The server does it on start when the
 * indexes predate the scheme; this runs it on demand, for example before starting a large
 * installation so its first start is quick.
 */
export function identitiesCommand(loadConfig: () => Config): Command {
  const identities = new Command('identities').description(
    'the blind indexes that similar-person search compares',
  );
  identities
    .command('reindex')
    .description('rebuild every person’s blind indexes from the vault under the current scheme')
    .action(async () => {
      await withDeps(loadConfig(), async (deps) => {
        const { persons } = await reindexIdentities(deps.db, deps.vault);
        cliRuntime().stdout.write(`Re-indexed ${persons} identit${persons === 1 ? 'y' : 'ies'}.\n`);
      });
    });
  return identities;
}
