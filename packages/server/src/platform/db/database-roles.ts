import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/**
 * Two roles on PostgreSQL: the owner runs migrations and owns every table (it could switch the
 * audit trail's append-only trigger off), the app role the server connects as may read and write
 * case data but only insert into and read `audit_event`, and only read the migration ledger.
 * Run after every migration, so new tables are granted too.
 */
export async function grantAppRole(db: Kysely<DatabaseSchema>, role: string): Promise<void> {
  const name = sql.id(role);
  await db.transaction().execute(async (trx) => {
    await sql`grant usage on schema public to ${name}`.execute(trx);
    await sql`grant select, insert, update, delete on all tables in schema public to ${name}`.execute(
      trx,
    );
    await sql`grant usage, select on all sequences in schema public to ${name}`.execute(trx);
    await sql`revoke update, delete, truncate, trigger, references on audit_event from ${name}`.execute(
      trx,
    );
    // The chainer writes each entry's link once (the guard trigger refuses anything else).
    await sql`grant update (prev_hash, hash, chain_seq) on audit_event to ${name}`.execute(trx);
    await sql`revoke insert, update, delete, truncate on kysely_migration, kysely_migration_lock from ${name}`.execute(
      trx,
    );
  });
}

/** True when the connected role could rewrite the audit trail (it owns it, or is a superuser). */
export async function canAlterAuditTrail(db: Kysely<DatabaseSchema>): Promise<boolean> {
  const result = await sql<{ owner: boolean; superuser: boolean }>`
    select pg_has_role(current_user, c.relowner, 'USAGE') as owner,
           coalesce((select rolsuper from pg_roles where rolname = current_user), false) as superuser
    from pg_class c where c.oid = 'audit_event'::regclass`.execute(db);
  const row = result.rows[0];
  return row ? row.owner || row.superuser : true;
}
