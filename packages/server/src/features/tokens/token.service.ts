import { DomainError, type Permission } from '@dawn/core';
import { requirePermission, scopeOf } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { findUser } from '../users/user.repository.ts';
import { randomToken, sha256 } from '../auth/credentials.ts';
import { actorOf } from '../auth/auth.service.ts';
import { listTokens, TOKEN_PREFIX, type TokenSummary } from './token.repository.ts';

/**
 * Personal API tokens for scripts: shown once, stored as SHA-256, limited to permissions their
 * user holds, expiring, revocable.
 */
export async function listOwnTokens(deps: Deps): Promise<TokenSummary[]> {
  const { actor } = await requirePermission(deps.db, 'token:manage_own');
  return listTokens(deps.db, actor.userId);
}

export async function createOwnToken(
  deps: Deps,
  input: { name: string; permissions: Permission[]; expiresInDays: number },
): Promise<{ token: string; summary: TokenSummary }> {
  const { actor } = await requirePermission(deps.db, 'token:manage_own');
  return createTokenFor(deps, actor.userId, input);
}

/** Used by the API (for the caller) and the CLI (for a named user). */
export async function createTokenFor(
  deps: Deps,
  userId: string,
  input: { name: string; permissions: Permission[]; expiresInDays: number },
): Promise<{ token: string; summary: TokenSummary }> {
  const user = await findUser(deps.db, userId);
  if (!user) throw new DomainError('NOT_FOUND', 'Not found.');
  const held = actorOf(user, undefined);
  const missing = input.permissions.filter((permission) => scopeOf(held, permission) === undefined);
  if (missing.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `The user does not hold: ${missing.join(', ')}.`, {
      issues: [{ path: 'permissions', message: `not held by the user: ${missing.join(', ')}` }],
    });
  }
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_token')
      .values({
        user_id: userId,
        name: input.name,
        token_hash: sha256(token),
        permissions: [...new Set(input.permissions)],
        expires_at: new Date(Date.now() + input.expiresInDays * 86_400_000),
        revoked_at: null,
        last_used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'token.created',
      actor: { userId, organisationId: user.organisation_id },
      entityType: 'api_token',
      entityId: row.id,
      details: { permissions: [...new Set(input.permissions)], expiresInDays: input.expiresInDays },
    });
    return row.id;
  });
  const summary = (await listTokens(deps.db, userId)).find((item) => item.id === id);
  if (!summary) throw new Error('created token not found');
  return { token, summary };
}

export async function revokeOwnToken(deps: Deps, tokenId: string): Promise<void> {
  const { actor } = await requirePermission(deps.db, 'token:manage_own', {
    type: 'api_token',
    id: tokenId,
  });
  await deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_token')
      .set({ revoked_at: new Date() })
      .where('id', '=', tokenId)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new DomainError('NOT_FOUND', 'Not found.');
    await recordAudit(trx, { action: 'token.revoked', entityType: 'api_token', entityId: tokenId });
  });
}
