import { cliRuntime } from './cli-runtime.ts';
import { isPermission, PERMISSIONS, type Permission } from '@dawn/core';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { findUserByEmail } from '../features/users/user.repository.ts';
import { createTokenFor } from '../features/tokens/token.service.ts';
import { positiveInteger } from './positive-integer.ts';
import { withDeps } from './cli-context.ts';
import { UsageError } from './usage-error.ts';

export function tokenCommand(loadConfig: () => Config): Command {
  const token = new Command('token').description('personal API tokens for scripts');
  token
    .command('create')
    .description('create an API token for a user; printed once')
    .requiredOption('--email <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, e.g. "nightly export"')
    .requiredOption('--permission <permissions>', `comma-separated: ${PERMISSIONS.join(', ')}`)
    .option('--days <n>', 'days until it expires', positiveInteger, 90)
    .action(async (options: { email: string; name: string; permission: string; days: number }) => {
      const permissions = options.permission
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      const unknown = permissions.filter((item) => !isPermission(item));
      if (permissions.length === 0 || unknown.length > 0) {
        throw new UsageError(
          `--permission: unknown ${unknown.join(', ') || '(none)'}; permissions are ${PERMISSIONS.join(', ')}`,
        );
      }
      if (options.days > 365) throw new UsageError('--days: at most 365');
      await withDeps(loadConfig(), async (deps) => {
        const user = await findUserByEmail(deps.db, options.email);
        if (!user) throw new UsageError(`no user with e-mail ${options.email}`);
        const created = await createTokenFor(deps, user.id, {
          name: options.name,
          permissions: permissions as Permission[],
          expiresInDays: options.days,
        });
        cliRuntime().stdout.write(
          `${created.token}\n(Shown once. Use it as "Authorization: Bearer <token>"; it expires ${created.summary.expiresAt}.)\n`,
        );
      });
    });
  return token;
}
