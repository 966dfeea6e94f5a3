import { sql, type Kysely } from 'kysely';

/**
 * A hash of what each stored obligation says (issue 11, the sweep): the sweep reads a batch's
 * hashes and sends only the obligations whose content changed, so a quiet programme's sweep
 * rewrites nothing and sends almost nothing. Null for rows stored before: rewritten once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table obligation add column content_hash text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table obligation drop column content_hash`.execute(db);
}
