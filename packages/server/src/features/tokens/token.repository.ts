import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { sha256 } from '../auth/credentials.ts';

export const TOKEN_PREFIX = 'dawn_pat_';

export interface TokenSummary {
  id: string;
  name: string;
  permissions: string[];
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** A live API token and its user, in one round trip. */
export async function findLiveTokenWithUser(db: Kysely<DatabaseSchema>, token: string, now: Date) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .selectAll('app_user')
    .select([
      'api_token.id as token_id',
      'api_token.permissions as token_permissions',
      'api_token.last_used_at as token_last_used_at',
      'api_token.expires_at as token_expires_at',
    ])
    .where('api_token.token_hash', '=', sha256(token))
    .where('api_token.revoked_at', 'is', null)
    .where('api_token.expires_at', '>', now)
    .executeTakeFirst();
}

export async function listTokens(
  db: Kysely<DatabaseSchema>,
  userId: string,
): Promise<TokenSummary[]> {
  const rows = await db
    .selectFrom('api_token')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    permissions: row.permissions,
    expiresAt: new Date(row.expires_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
