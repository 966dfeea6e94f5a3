import { cliRuntime } from './cli-runtime.ts';
import { isRole, ROLES, type Role } from '@dawn/core';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { findUserByEmail, listUsers } from '../features/users/user.repository.ts';
import { createUserUnchecked, resetPasswordUnchecked } from '../features/users/user.service.ts';
import { installationActsFor, recordAudit } from '../platform/audit/audit.ts';
import { revokeUserSessions } from '../features/auth/session.repository.ts';
import { withDeps } from './cli-context.ts';
import { UsageError } from './usage-error.ts';

function parseRoles(value: string): Role[] {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--role: unknown role ${unknown.join(', ') || '(none)'}; roles are ${ROLES.join(', ')}`,
    );
  }
  return roles.filter(isRole);
}

export function userCommand(loadConfig: () => Config): Command {
  const user = new Command('user').description(
    'manage users (create, list, disable, reset-password)',
  );

  user
    .command('create')
    .description('create a user; prints a one-time password to hand over in person')
    .requiredOption('--email <email>', 'sign-in e-mail address')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .option('--org <name>', 'organisation name (default: the first organisation)')
    .action(async (options: { email: string; name: string; role: string; org?: string }) => {
      const roles = parseRoles(options.role);
      if (!/^[^@\s]+@[^@\s]+$/.test(options.email))
        throw new UsageError(`--email: "${options.email}" is not an e-mail address`);
      await withDeps(loadConfig(), async (deps) => {
        let query = deps.db
          .selectFrom('organisation')
          .select(['id', 'name'])
          .orderBy('created_at')
          .limit(1);
        if (options.org) query = query.where('name', '=', options.org);
        const organisation = await query.executeTakeFirst();
        if (!organisation) {
          throw new UsageError(
            options.org
              ? `--org: no organisation named "${options.org}"`
              : 'there is no organisation yet; run `dawn serve` once first',
          );
        }
        const created = await createUserUnchecked(deps, {
          email: options.email,
          displayName: options.name,
          roles,
          organisationId: organisation.id,
        });
        cliRuntime().stdout.write(
          `Created ${created.user.email} (${roles.join(', ')}) in ${organisation.name}.\n` +
            `One-time password: ${created.oneTimePassword}\n(It must be changed at first sign-in.)\n`,
        );
      });
    });

  user
    .command('list')
    .description('list users with their roles and status')
    .action(async () => {
      await withDeps(loadConfig(), async (deps) => {
        const users = await listUsers(deps.db, {});
        const width = Math.max(5, ...users.map((row) => row.email.length));
        cliRuntime().stdout.write(`${'EMAIL'.padEnd(width)}  STATUS    2FA  ROLES\n`);
        for (const row of users) {
          cliRuntime().stdout.write(
            `${row.email.padEnd(width)}  ${row.status.padEnd(8)}  ${row.twoFactorEnabled ? 'yes' : 'no '}  ${row.roles.join(', ')}\n`,
          );
        }
      });
    });

  user
    .command('disable')
    .description('disable a user and end their sessions')
    .argument('<email>', 'the user’s e-mail address')
    .action(async (email: string) => {
      await withDeps(loadConfig(), async (deps) => {
        const row = await findUserByEmail(deps.db, email);
        if (!row) throw new UsageError(`no user with e-mail ${email}`);
        await deps.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('app_user')
            .set({ status: 'disabled' })
            .where('id', '=', row.id)
            .execute();
          await revokeUserSessions(trx, row.id, new Date());
          await recordAudit(trx, {
            action: 'user.updated',
            ...installationActsFor(row.organisation_id),
            entityType: 'user',
            entityId: row.id,
            details: { status: 'disabled', via: 'cli' },
          });
        });
        cliRuntime().stdout.write(`Disabled ${row.email}; their sessions have ended.\n`);
      });
    });

  user
    .command('reset-password')
    .description('give a user a new one-time password (and optionally remove their 2FA)')
    .argument('<email>', 'the user’s e-mail address')
    .option('--reset-2fa', 'also remove their two-factor enrolment (a lost phone)')
    .action(async (email: string, options: { reset2fa?: boolean }) => {
      await withDeps(loadConfig(), async (deps) => {
        const row = await findUserByEmail(deps.db, email);
        if (!row) throw new UsageError(`no user with e-mail ${email}`);
        const reset = await resetPasswordUnchecked(deps, row.id, {
          resetTwoFactor: options.reset2fa === true,
        });
        cliRuntime().stdout.write(
          `One-time password for ${row.email}: ${reset.oneTimePassword}\n(It must be changed at first sign-in.)\n`,
        );
      });
    });
  return user;
}
