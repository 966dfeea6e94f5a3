import { sql, type Kysely } from 'kysely';

/**
 * Every server process caches who a session or API token belongs to (features/auth/auth-cache.ts)
 * and forgets it all when told that a session, a token or a user changed. These triggers tell:
 * a notification on `dawn_auth_changed`, delivered when the changing transaction commits. Touching
 * `last_seen_at` / `last_used_at` (once a minute per session or token) tells nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function dawn_auth_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('dawn_auth_changed', tg_table_name);
      return null;
    end $$`.execute(db);
  await sql`create trigger session_auth_changed
    after update of revoked_at, stage, expires_at, user_id, id_hash or delete on session
    for each statement execute function dawn_auth_changed()`.execute(db);
  await sql`create trigger api_token_auth_changed
    after update of revoked_at, expires_at, permissions, user_id, token_hash or delete on api_token
    for each statement execute function dawn_auth_changed()`.execute(db);
  await sql`create trigger app_user_auth_changed
    after update or delete on app_user
    for each statement execute function dawn_auth_changed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger app_user_auth_changed on app_user`.execute(db);
  await sql`drop trigger api_token_auth_changed on api_token`.execute(db);
  await sql`drop trigger session_auth_changed on session`.execute(db);
  await sql`drop function dawn_auth_changed()`.execute(db);
}
