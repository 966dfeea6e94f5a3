import { DomainError, grantsOf, type Role } from '@dawn/core';
import { installationActsFor, recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { requirePermission } from '../../platform/access/access.ts';
import type { Deps } from '../../platform/deps.ts';
import { hashPassword, oneTimePassword } from '../auth/credentials.ts';
import { revokeUserSessions } from '../auth/session.repository.ts';
import { findUser, findUserByEmail, listUsers, type UserSummary } from './user.repository.ts';

/** User administration: admins manage every user; program managers and auditors read their organisation's. */
export async function listVisibleUsers(deps: Deps): Promise<UserSummary[]> {
  const { actor, scope } = await requirePermission(deps.db, 'user:read');
  return listUsers(deps.db, scope === 'all' ? {} : { organisationId: actor.organisationId });
}

export interface NewUser {
  email: string;
  displayName: string;
  roles: Role[];
  organisationId: string;
}

/** Creates a user with a one-time password they must change at first sign-in. */
export async function createUser(
  deps: Deps,
  input: NewUser,
): Promise<{ user: UserSummary; oneTimePassword: string }> {
  await requirePermission(deps.db, 'user:manage');
  return createUserUnchecked(deps, input);
}

/** For the CLI and bootstrap, which act as the installation itself; still audited. */
export async function createUserUnchecked(
  deps: Deps,
  input: NewUser,
): Promise<{ user: UserSummary; oneTimePassword: string }> {
  const organisation = await deps.db
    .selectFrom('organisation')
    .select('id')
    .where('id', '=', input.organisationId)
    .executeTakeFirst();
  if (!organisation) {
    throw new DomainError('VALIDATION_FAILED', 'No such organisation.', {
      issues: [{ path: 'organisationId', message: 'is not an organisation of this installation' }],
    });
  }
  if (await findUserByEmail(deps.db, input.email)) throw emailTaken();
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const id = await insertUser(deps, input, passwordHash);
  const user = (await listUsers(deps.db, { id }))[0];
  if (!user) throw new Error('created user not found');
  return { user, oneTimePassword: password };
}

function emailTaken(): DomainError {
  return new DomainError('CONFLICT', 'A user with this e-mail address exists already.', {
    issues: [{ path: 'email', message: 'is taken' }],
  });
}

/**
 * The account and its audit entry. The same address saved twice at once (a double click, a
 * retried request) passes the check above twice; the index on the address refuses the second,
 * which is answered as the check would have answered it, beside the e-mail field.
 */
async function insertUser(deps: Deps, input: NewUser, passwordHash: string): Promise<string> {
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .insertInto('app_user')
        .values({
          email: input.email.trim(),
          display_name: input.displayName.trim(),
          organisation_id: input.organisationId,
          official_id: null,
          roles: [...new Set(input.roles)],
          status: 'active',
          password_hash: passwordHash,
          must_change_password: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        action: 'user.created',
        ...installationActsFor(input.organisationId),
        entityType: 'user',
        entityId: row.id,
        details: { roles: [...new Set(input.roles)], organisationId: input.organisationId },
      });
      return row.id;
    })
    .catch((error: unknown) => {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code === '23505' && constraint === 'app_user_email_idx') throw emailTaken();
      throw error;
    });
}

export interface UserChange {
  displayName?: string;
  roles?: Role[];
  status?: 'active' | 'disabled';
}

export async function updateUser(
  deps: Deps,
  userId: string,
  change: UserChange,
): Promise<UserSummary> {
  const { actor } = await requirePermission(deps.db, 'user:manage', { type: 'user', id: userId });
  const user = await findUser(deps.db, userId);
  if (!user) throw new DomainError('NOT_FOUND', 'Not found.');
  if (
    userId === actor.userId &&
    (change.status === 'disabled' || (change.roles && !change.roles.includes('admin')))
  ) {
    throw new DomainError(
      'CONFLICT',
      'You cannot disable yourself or remove your own admin role; ask another administrator.',
    );
  }
  // Revealing identities needs two people: an administrator cannot give it to themself alone.
  const gained = (change.roles ?? []).filter((role) => !user.roles.includes(role));
  if (userId === actor.userId && grantsOf(gained)['identity:reveal'] !== undefined) {
    await recordAuditAlone(deps.db, {
      action: 'user.updated',
      outcome: 'denied',
      entityType: 'user',
      entityId: userId,
      details: { reason: 'self_grant_of_reveal', roles: gained },
    });
    throw new DomainError(
      'CONFLICT',
      'You cannot give yourself a role that reveals identities; ask another administrator.',
    );
  }
  const now = new Date();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({
        ...(change.displayName !== undefined ? { display_name: change.displayName.trim() } : {}),
        ...(change.roles !== undefined ? { roles: [...new Set(change.roles)] } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
      })
      .where('id', '=', userId)
      .execute();
    // Fewer roles or a disabled account take effect at once: the user signs in again.
    if (change.status === 'disabled' || change.roles !== undefined)
      await revokeUserSessions(trx, userId, now);
    await recordAudit(trx, {
      action: 'user.updated',
      entityType: 'user',
      entityId: userId,
      details: {
        ...(change.roles !== undefined ? { roles: [...new Set(change.roles)] } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.displayName !== undefined ? { displayNameChanged: true } : {}),
      },
    });
  });
  const updated = (await listUsers(deps.db, { id: userId }))[0];
  if (!updated) throw new DomainError('NOT_FOUND', 'Not found.');
  return updated;
}

/** An administrator's reset, without e-mail: a one-time password to hand over in person. */
export async function resetPassword(
  deps: Deps,
  userId: string,
): Promise<{ oneTimePassword: string }> {
  await requirePermission(deps.db, 'user:manage', { type: 'user', id: userId });
  return resetPasswordUnchecked(deps, userId);
}

export async function resetPasswordUnchecked(
  deps: Deps,
  userId: string,
  options: { resetTwoFactor?: boolean } = {},
): Promise<{ oneTimePassword: string }> {
  const user = await findUser(deps.db, userId);
  if (!user) throw new DomainError('NOT_FOUND', 'Not found.');
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const now = new Date();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({
        password_hash: passwordHash,
        must_change_password: true,
        ...(options.resetTwoFactor
          ? {
              totp_secret: null,
              totp_enabled_at: null,
              totp_last_step: null,
              recovery_code_hashes: [],
            }
          : {}),
      })
      .where('id', '=', userId)
      .execute();
    await revokeUserSessions(trx, userId, now);
    await recordAudit(trx, {
      action: 'user.password_reset',
      ...installationActsFor(user.organisation_id),
      entityType: 'user',
      entityId: userId,
      details: { twoFactorReset: options.resetTwoFactor === true },
    });
  });
  return { oneTimePassword: password };
}

export async function resetTwoFactor(deps: Deps, userId: string): Promise<void> {
  await requirePermission(deps.db, 'user:manage', { type: 'user', id: userId });
  const user = await findUser(deps.db, userId);
  if (!user) throw new DomainError('NOT_FOUND', 'Not found.');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_step: null,
        recovery_code_hashes: [],
      })
      .where('id', '=', userId)
      .execute();
    await revokeUserSessions(trx, userId, new Date());
    await recordAudit(trx, {
      action: 'auth.two_factor_reset',
      entityType: 'user',
      entityId: userId,
    });
  });
}
