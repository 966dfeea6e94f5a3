import { sql, type Kysely } from 'kysely';

/**
 * An obligation's confidence is one of the rule packs' tags (T statutory text, S a reliable
 * secondary source, U unconfirmed), which the API answers and the deadlines page translates. The
 * demonstration's generated deadlines were written with the word "verified": every deadlines
 * request that reached one failed on the server. Those rows take their rule's own tag (the BNSS
 * chargesheet rule is S; any other unknown word is U, unconfirmed, the careful reading), and a
 * check keeps any other writer from storing a word the API cannot answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update obligation
    set confidence = case when rule = 'IN.BNSS.187.chargesheet' then 'S' else 'U' end
    where confidence not in ('T', 'S', 'U')`.execute(db);
  await sql`alter table obligation add constraint obligation_confidence_tag
    check (confidence in ('T', 'S', 'U'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table obligation drop constraint obligation_confidence_tag`.execute(db);
}
