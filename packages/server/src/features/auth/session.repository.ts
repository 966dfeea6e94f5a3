import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSchema, SessionStage } from '../../platform/db/schema.ts';
import { randomToken, sha256 } from './credentials.ts';

/** Sessions are stored by the SHA-256 of their cookie value: a database reader cannot sign in. */
export interface StoredSession {
  idHash: string;
  userId: string;
  stage: SessionStage;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

export async function createSession(
  db: Executor,
  input: { userId: string; stage: SessionStage; expiresAt: Date },
): Promise<{ token: string; session: StoredSession }> {
  const token = randomToken();
  const row = await db
    .insertInto('session')
    .values({
      id_hash: sha256(token),
      user_id: input.userId,
      stage: input.stage,
      csrf_token: randomToken(24),
      expires_at: input.expiresAt,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, session: toSession(row) };
}

export async function findLiveSession(
  db: Executor,
  token: string,
  now: Date,
): Promise<StoredSession | undefined> {
  const row = await db
    .selectFrom('session')
    .selectAll()
    .where('id_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? toSession(row) : undefined;
}

export async function touchSession(db: Executor, idHash: string, now: Date): Promise<void> {
  await db
    .updateTable('session')
    .set({ last_seen_at: now })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function revokeSession(db: Executor, idHash: string, now: Date): Promise<void> {
  await db
    .updateTable('session')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeUserSessions(db: Executor, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('session')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Replaces a session with a new id (and CSRF token) at a new stage, keeping its absolute expiry:
 * a session id never outlives a change of privilege.
 */
export async function rotateSession(
  db: Executor,
  previous: StoredSession,
  stage: SessionStage,
  now: Date,
): Promise<{ token: string; session: StoredSession }> {
  await revokeSession(db, previous.idHash, now);
  return createSession(db, { userId: previous.userId, stage, expiresAt: previous.expiresAt });
}

function toSession(row: {
  id_hash: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}): StoredSession {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    stage: row.stage,
    csrfToken: row.csrf_token,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
}
