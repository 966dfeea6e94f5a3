import { type Role } from '@dawn/core';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { hashPassword, oneTimePassword } from '../auth/credentials.ts';
import { findUserByEmail, rolesOf } from './user.repository.ts';

/**
 * The first start of an installation: the first administrator gets a one-time password, printed
 * once, to be changed at first sign-in. With the fictional demo organisation, every demo user gets
 * one too, so each role can be tried. Runs once per database (several nodes may start at once).
 */
export interface Credential {
  email: string;
  roles: Role[];
  oneTimePassword: string;
}

const MARKER = 'bootstrapped_at';

export async function bootstrapInstallation(deps: Deps): Promise<Credential[]> {
  // Hash outside the transaction: argon2 is deliberately slow.
  const candidates = await deps.db
    .selectFrom('app_user')
    .select(['id', 'email', 'roles'])
    .where('password_hash', 'is', null)
    .execute();
  const prepared = await Promise.all(
    candidates.map(async (user) => {
      const password = oneTimePassword();
      return { ...user, password, hash: await hashPassword(password) };
    }),
  );
  const adminPassword = oneTimePassword();
  const adminHash = await hashPassword(adminPassword);

  return deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('installation')
      .values({ key: MARKER, value: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) return [];
    const credentials: Credential[] = [];
    for (const user of prepared) {
      await trx
        .updateTable('app_user')
        .set({ password_hash: user.hash, must_change_password: true })
        .where('id', '=', user.id)
        .where('password_hash', 'is', null)
        .execute();
      credentials.push({ email: user.email, roles: rolesOf(user), oneTimePassword: user.password });
    }
    if (!credentials.some((credential) => credential.roles.includes('admin'))) {
      const organisation =
        (await trx
          .selectFrom('organisation')
          .select('id')
          .orderBy('created_at')
          .limit(1)
          .executeTakeFirst()) ??
        (await trx
          .insertInto('organisation')
          .values({
            name: 'This installation',
            kind: 'ngo',
            district: null,
            state: null,
            country: 'IN',
          })
          .returning('id')
          .executeTakeFirstOrThrow());
      const taken = await findUserByEmail(trx, deps.config.adminEmail);
      const admin = taken
        ? undefined
        : await trx
            .insertInto('app_user')
            .values({
              email: deps.config.adminEmail,
              display_name: 'Administrator',
              organisation_id: organisation.id,
              official_id: null,
              roles: ['admin'],
              status: 'active',
              password_hash: adminHash,
              must_change_password: true,
            })
            .returning('id')
            .executeTakeFirst();
      if (admin)
        credentials.push({
          email: deps.config.adminEmail,
          roles: ['admin'],
          oneTimePassword: adminPassword,
        });
    }
    await recordAudit(trx, {
      action: 'installation.bootstrapped',
      actor: { userId: null, organisationId: null },
      details: { oneTimePasswords: credentials.length },
    });
    return credentials;
  });
}
