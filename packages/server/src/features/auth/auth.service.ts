import { DomainError, grantsOf, type Role } from '@dawn/core';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import type { SessionStage, DatabaseSchema } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { findUser, findUserByEmail, rolesOf, type UserRow } from '../users/user.repository.ts';
import {
  assertAcceptablePassword,
  hashPassword,
  randomToken,
  sha256,
  verifyPassword,
} from './credentials.ts';
import {
  createSession,
  revokeSession,
  revokeUserSessions,
  rotateSession,
  type StoredSession,
} from './session.repository.ts';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  clearFailures,
  lockedUntil,
  recordFailure,
} from './throttle.ts';
import { enrolmentDetails, matchingStep, newTotpSecret } from './totp.ts';

/**
 * Sign-in as a series of stages: password → (change a one-time password) → (second factor, or
 * enrolment when the role requires one) → active. Only an active session carries permissions;
 * every change of stage gives the session a new id.
 */
export interface SessionView {
  stage: SessionStage;
  csrfToken: string;
  expiresAt: string;
  user: {
    id: string;
    email: string;
    displayName: string;
    organisationId: string;
    roles: Role[];
    twoFactorEnabled: boolean;
  };
}

export interface SignedIn {
  token: string;
  view: SessionView;
}

function needsTwoFactor(deps: Deps, roles: Role[]): boolean {
  return roles.some((role) => deps.config.requireTwoFactorRoles.includes(role));
}

function stageAfterPassword(deps: Deps, user: UserRow): SessionStage {
  if (user.must_change_password) return 'password_change_required';
  return stageAfterPasswordChange(deps, user);
}

function stageAfterPasswordChange(deps: Deps, user: UserRow): SessionStage {
  if (user.totp_enabled_at) return 'two_factor_required';
  if (needsTwoFactor(deps, rolesOf(user))) return 'two_factor_enrolment_required';
  return 'active';
}

export function viewOf(session: StoredSession, user: UserRow): SessionView {
  return {
    stage: session.stage,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    user: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      organisationId: user.organisation_id,
      roles: rolesOf(user),
      twoFactorEnabled: user.totp_enabled_at !== null,
    },
  };
}

/** The actor of an active session, or (without a session) of a user's API token before narrowing. */
export function actorOf(user: UserRow, session: StoredSession | undefined): Actor {
  const roles = rolesOf(user);
  return {
    userId: user.id,
    organisationId: user.organisation_id,
    roles,
    grants: grantsOf(roles),
    ...(session
      ? { via: 'session' as const, sessionIdHash: session.idHash }
      : { via: 'token' as const }),
  };
}

const WRONG_CREDENTIALS = 'The e-mail address or the password is wrong.';

/**
 * Who a refused sign-in is recorded against: nobody signed in, so no actor; but an attempt on an
 * account of an organisation is that organisation's to see (its auditor reads its trail, and
 * someone guessing a colleague's password is what she looks for), with the account as its
 * subject. An attempt on an address no account has belongs to no organisation.
 */
function attemptOn(user: { id: string; organisation_id: string } | undefined) {
  return user
    ? {
        actor: { userId: null, organisationId: user.organisation_id },
        entityType: 'user' as const,
        entityId: user.id,
      }
    : { actor: { userId: null, organisationId: null } };
}

export async function signIn(
  deps: Deps,
  input: { email: string; password: string; ip: string },
): Promise<SignedIn> {
  const now = new Date();
  const accountKey = `account:${sha256(input.email.trim().toLowerCase())}`;
  const addressKey = `address:${input.ip}`;
  const locked = await lockedUntil(deps.db, [accountKey, addressKey], now);
  if (locked) {
    const target = await findUserByEmail(deps.db, input.email);
    await recordAuditAlone(deps.db, {
      action: 'auth.locked_out',
      outcome: 'denied',
      ...attemptOn(target),
    });
    throw lockedError(locked, now);
  }
  const user = await findUserByEmail(deps.db, input.email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !passwordOk || user.status !== 'active') {
    const accountLock = await recordFailure(deps.db, accountKey, ACCOUNT_POLICY, now);
    const addressLock = await recordFailure(deps.db, addressKey, ADDRESS_POLICY, now);
    await recordAuditAlone(deps.db, {
      action: 'auth.sign_in_failed',
      outcome: 'failure',
      ...attemptOn(user),
      details: {
        reason: !user ? 'unknown_account' : !passwordOk ? 'wrong_password' : 'account_disabled',
      },
    });
    const lock = accountLock ?? addressLock;
    if (lock) throw lockedError(lock, now);
    throw new DomainError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }
  await clearFailures(deps.db, accountKey);
  return deps.db.transaction().execute(async (trx) => {
    const created = await createSession(trx, {
      userId: user.id,
      stage: stageAfterPassword(deps, user),
      expiresAt: new Date(now.getTime() + deps.config.sessionAbsoluteHours * 3_600_000),
    });
    await recordAudit(trx, {
      action: 'auth.signed_in',
      actor: { userId: user.id, organisationId: user.organisation_id },
      entityType: 'user',
      entityId: user.id,
      details: { stage: created.session.stage },
    });
    return { token: created.token, view: viewOf(created.session, user) };
  });
}

function lockedError(until: Date, now: Date): DomainError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new DomainError(
    'RATE_LIMITED',
    `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}

async function userOfSession(db: Kysely<DatabaseSchema>, session: StoredSession): Promise<UserRow> {
  const user = await findUser(db, session.userId);
  if (!user || user.status !== 'active')
    throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
  return user;
}

function requireStage(session: StoredSession, stages: SessionStage[]): void {
  if (!stages.includes(session.stage)) {
    throw new DomainError(
      'CONFLICT',
      `This step does not apply now (sign-in stage: ${session.stage}).`,
    );
  }
}

export async function changePassword(
  deps: Deps,
  session: StoredSession,
  input: { currentPassword: string; newPassword: string },
): Promise<SignedIn> {
  requireStage(session, ['password_change_required', 'active']);
  const user = await userOfSession(deps.db, session);
  // The same budget as signing in to this account: a stolen session cannot guess the password
  // here faster than at the sign-in form.
  const now = new Date();
  const accountKey = `account:${sha256(user.email.trim().toLowerCase())}`;
  const locked = await lockedUntil(deps.db, [accountKey], now);
  if (locked) {
    await recordAuditAlone(deps.db, {
      action: 'auth.locked_out',
      outcome: 'denied',
      actor: { userId: user.id, organisationId: user.organisation_id },
      entityType: 'user',
      entityId: user.id,
    });
    throw lockedError(locked, now);
  }
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    const lock = await recordFailure(deps.db, accountKey, ACCOUNT_POLICY, now);
    await recordAuditAlone(deps.db, {
      action: 'auth.password_change_failed',
      outcome: 'failure',
      actor: { userId: user.id, organisationId: user.organisation_id },
      entityType: 'user',
      entityId: user.id,
      details: { reason: 'wrong_current_password' },
    });
    if (lock) throw lockedError(lock, now);
    throw new DomainError('VALIDATION_FAILED', 'The current password is wrong.', {
      issues: [{ path: 'currentPassword', message: 'is wrong' }],
    });
  }
  await clearFailures(deps.db, accountKey);
  await assertAcceptablePassword(input.newPassword, [
    user.email,
    user.email.split('@')[0] ?? '',
    user.display_name,
  ]);
  if (await verifyPassword(user.password_hash, input.newPassword)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Choose a password different from the current one.',
      {
        issues: [{ path: 'newPassword', message: 'is the current password' }],
      },
    );
  }
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('app_user')
      .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: now })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Every other session of this user ends: a changed password locks out whoever else had it.
    await revokeUserSessions(trx, user.id, now);
    const stage = session.stage === 'active' ? 'active' : stageAfterPasswordChange(deps, updated);
    const rotated = await createSessionLike(trx, session, stage);
    await recordAudit(trx, {
      action: 'auth.password_changed',
      actor: { userId: user.id, organisationId: user.organisation_id },
      entityType: 'user',
      entityId: user.id,
    });
    return { token: rotated.token, view: viewOf(rotated.session, updated) };
  });
}

function createSessionLike(
  db: Parameters<typeof createSession>[0],
  previous: StoredSession,
  stage: SessionStage,
): ReturnType<typeof createSession> {
  return createSession(db, { userId: previous.userId, stage, expiresAt: previous.expiresAt });
}

export async function verifySecondFactor(
  deps: Deps,
  session: StoredSession,
  input: { code: string },
): Promise<SignedIn> {
  requireStage(session, ['two_factor_required']);
  const user = await userOfSession(deps.db, session);
  const now = new Date();
  const code = input.code.replace(/\s+/g, '');
  const accountKey = `second-factor:${user.id}`;
  const locked = await lockedUntil(deps.db, [accountKey], now);
  if (locked) throw lockedError(locked, now);

  let usedRecoveryCode: string | undefined;
  let step: number | undefined;
  if (user.totp_secret) {
    const secret = deps.vault.openSecret(`totp:${user.id}`, user.totp_secret);
    step = matchingStep(secret, code, now.getTime());
    if (step !== undefined && user.totp_last_step !== null && step <= user.totp_last_step)
      step = undefined;
  }
  if (step === undefined) {
    const hashed = sha256(code.toLowerCase());
    if (user.recovery_code_hashes.includes(hashed)) usedRecoveryCode = hashed;
  }
  if (step === undefined && usedRecoveryCode === undefined) {
    const lock = await recordFailure(deps.db, accountKey, ACCOUNT_POLICY, now);
    await recordAuditAlone(deps.db, {
      action: 'auth.two_factor_failed',
      outcome: 'failure',
      actor: { userId: user.id, organisationId: user.organisation_id },
      entityType: 'user',
      entityId: user.id,
    });
    if (lock) throw lockedError(lock, now);
    throw new DomainError('VALIDATION_FAILED', 'That code is not right, or was already used.', {
      issues: [
        { path: 'code', message: 'is not a current authenticator code or an unused recovery code' },
      ],
    });
  }
  await clearFailures(deps.db, accountKey);
  return deps.db.transaction().execute(async (trx) => {
    if (step !== undefined) {
      await trx
        .updateTable('app_user')
        .set({ totp_last_step: step })
        .where('id', '=', user.id)
        .execute();
    } else {
      await trx
        .updateTable('app_user')
        .set({
          recovery_code_hashes: user.recovery_code_hashes.filter(
            (hash) => hash !== usedRecoveryCode,
          ),
        })
        .where('id', '=', user.id)
        .execute();
    }
    const rotated = await rotateSession(trx, session, 'active', now);
    await recordAudit(trx, {
      action: usedRecoveryCode ? 'auth.recovery_code_used' : 'auth.two_factor_verified',
      actor: { userId: user.id, organisationId: user.organisation_id },
      entityType: 'user',
      entityId: user.id,
    });
    return { token: rotated.token, view: viewOf(rotated.session, user) };
  });
}

/** Starts enrolment: a new secret, held encrypted until a code from it is confirmed. */
export async function startEnrolment(
  deps: Deps,
  session: StoredSession,
): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
  requireStage(session, ['two_factor_enrolment_required', 'active']);
  const user = await userOfSession(deps.db, session);
  if (user.totp_enabled_at) {
    throw new DomainError(
      'CONFLICT',
      'Two-factor sign-in is already set up; an administrator can reset it.',
    );
  }
  const secret = newTotpSecret();
  await deps.db
    .updateTable('app_user')
    .set({ totp_secret: deps.vault.sealSecret(`totp:${user.id}`, secret), totp_last_step: null })
    .where('id', '=', user.id)
    .execute();
  return enrolmentDetails(secret, user.email);
}

export async function confirmEnrolment(
  deps: Deps,
  session: StoredSession,
  input: { code: string },
): Promise<SignedIn & { recoveryCodes: string[] }> {
  requireStage(session, ['two_factor_enrolment_required', 'active']);
  const user = await userOfSession(deps.db, session);
  if (user.totp_enabled_at || !user.totp_secret) {
    throw new DomainError('CONFLICT', 'Start two-factor enrolment first.');
  }
  const now = new Date();
  const step = matchingStep(
    deps.vault.openSecret(`totp:${user.id}`, user.totp_secret),
    input.code.trim(),
    now.getTime(),
  );
  if (step === undefined) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'That code is not right. Check the time on your phone and try the next code.',
      {
        issues: [{ path: 'code', message: 'does not match the authenticator' }],
      },
    );
  }
  const recoveryCodes = Array.from({ length: 10 }, () =>
    randomToken(8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 10),
  );
  return deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('app_user')
      .set({
        totp_enabled_at: now,
        totp_last_step: step,
        recovery_code_hashes: recoveryCodes.map((code) => sha256(code)),
      })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const rotated = await rotateSession(trx, session, 'active', now);
    await recordAudit(trx, {
      action: 'auth.two_factor_enrolled',
      actor: { userId: user.id, organisationId: user.organisation_id },
      entityType: 'user',
      entityId: user.id,
    });
    return { token: rotated.token, view: viewOf(rotated.session, updated), recoveryCodes };
  });
}

export async function signOut(
  deps: Deps,
  session: StoredSession,
  everywhere: boolean,
): Promise<void> {
  const now = new Date();
  const user = await findUser(deps.db, session.userId);
  await deps.db.transaction().execute(async (trx) => {
    if (everywhere) await revokeUserSessions(trx, session.userId, now);
    else await revokeSession(trx, session.idHash, now);
    await recordAudit(trx, {
      action: everywhere ? 'auth.signed_out_everywhere' : 'auth.signed_out',
      actor: { userId: session.userId, organisationId: user?.organisation_id ?? null },
      entityType: 'user',
      entityId: session.userId,
    });
  });
}
