import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSchema, SessionStage } from '../../platform/db/schema.ts';
import type { UserRow } from '../users/user.repository.ts';
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

/**
 * The live session of a cookie and its user, in one round trip (the primary key of each): what
 * every authenticated request needs. A revoked session or a disabled user is seen at once, as
 * nothing is cached.
 */
export async function findLiveSessionWithUser(
  db: Executor,
  token: string,
  now: Date,
): Promise<{ session: StoredSession; user: UserRow } | undefined> {
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select([
      'session.id_hash as session_id_hash',
      'session.stage as session_stage',
      'session.csrf_token as session_csrf_token',
      'session.created_at as session_created_at',
      'session.last_seen_at as session_last_seen_at',
      'session.expires_at as session_expires_at',
    ])
    .where('session.id_hash', '=', sha256(token))
    .where('session.revoked_at', 'is', null)
    .where('session.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    session_id_hash,
    session_stage,
    session_csrf_token,
    session_created_at,
    session_last_seen_at,
    session_expires_at,
    ...user
  } = row;
  return {
    user,
    session: toSession({
      id_hash: session_id_hash,
      user_id: user.id,
      stage: session_stage,
      csrf_token: session_csrf_token,
      created_at: session_created_at,
      last_seen_at: session_last_seen_at,
      expires_at: session_expires_at,
    }),
  };
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
