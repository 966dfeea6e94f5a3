import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the deadlines list: an organisation's deadlines still owed (open or overdue), in the
 * list's own order (due instant, rule, id). The list read `(organisation_id, due_at, rule)` in due
 * order and dropped the met deadlines as it went, then sorted each run of equal (due_at, rule) by
 * id; where most early deadlines are met (every programme with a history) it read many entries and
 * rows to find one page. This index holds only the deadlines still owed, so a page reads exactly
 * its rows, from the keyset cursor on, with no sort. A deadline leaves it when met.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index obligation_organisation_open_due_idx
    on obligation (organisation_id, due_at, rule, id)
    where status in ('open', 'overdue')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index obligation_organisation_open_due_idx`.execute(db);
}
