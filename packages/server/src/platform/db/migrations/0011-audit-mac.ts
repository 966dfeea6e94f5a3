import type { Kysely } from 'kysely';

/**
 * The audit trail becomes a keyed chain: entries written from now on carry the id of the master
 * key their MAC was derived from; older entries (no key id) stay verified by their plain SHA-256
 * link, and the first keyed entry links to the last of them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('mac_key_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').dropColumn('mac_key_id').execute();
}
