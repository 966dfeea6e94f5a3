import { sql, type Kysely } from 'kysely';

/**
 * Issue 19: the under-18 condition of stored obligation explanations carried the victim's birth
 * date, read from the vault ("V1, born 2009-04-02, is under 18 on 2025-03-14"). This rewrites
 * every stored explanation without it; the next sweep recomputes them in the engine's new words.
 * It is the only text outside the vault ever derived from a vault value: alerts and e-mails carry
 * titles, case codes and dates, not explanations.
 */
export const LEAKED_BIRTH_DATE =
  '([A-Za-z0-9._:-]+), born [0-9]{4}-[0-9]{2}-[0-9]{2}, is under 18 on ([0-9]{4}-[0-9]{2}-[0-9]{2})';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update obligation
    set explanation = jsonb_set(
      explanation,
      '{condition}',
      to_jsonb(regexp_replace(explanation->>'condition', ${LEAKED_BIRTH_DATE}, ${'\\1 was under 18 on \\2, by the recorded age'}, 'g'))
    )
    where explanation->>'condition' ~ ${LEAKED_BIRTH_DATE}
  `.execute(db);
}
