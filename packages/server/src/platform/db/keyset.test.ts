import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { ESTIMATE_REUSED_FOR_MS, estimateRows } from './keyset.ts';

// Issue 11: a list's estimate outside the count read model planned an EXPLAIN on every request;
// the same question is now answered again from memory for a short while, and only that question.
describe(`the planner's estimate of a list, reused for a short while (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  const organisations: Record<'north' | 'south', string> = { north: '', south: '' };

  async function addPersons(organisationId: string, count: number): Promise<void> {
    await sql`insert into person (pseudonym, organisation_id, sex, age_band)
        select 'Test-Estimate-' || gen_random_uuid(), ${organisationId}, 'female', '15-17'
        from generate_series(1, ${count}::int) as i`.execute(database.db);
    await sql`analyze person`.execute(database.db);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const [key, district] of [
      ['north', 'North'],
      ['south', 'South'],
    ] as const) {
      const row = await database.db
        .insertInto('organisation')
        .values({
          name: `Test ${district} Trust`,
          kind: 'ngo',
          district,
          state: 'West Bengal',
          country: 'IN',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      organisations[key] = row.id;
    }
    await addPersons(organisations.north, 50);
    await addPersons(organisations.south, 400);
  });
  afterAll(() => database.close());

  const personsOf = (organisationId: string) =>
    database.db
      .selectFrom('person')
      .where('person.organisation_id', '=', organisationId)
      .where('person.pseudonym', 'ilike', '%Estimate%')
      .select(sql`1`.as('one'));

  it('answers the same question with the same figure until it is 30 s old, then asks the planner again', async () => {
    const asked = Date.now();
    const first = await estimateRows(personsOf(organisations.north), asked);
    expect(first).toBeGreaterThan(10);
    expect(first).toBeLessThan(200);

    // The statistics now know ten times as many of the organisation's persons.
    await addPersons(organisations.north, 500);
    expect(await estimateRows(personsOf(organisations.north), asked + 1_000)).toBe(first);
    expect(
      await estimateRows(personsOf(organisations.north), asked + ESTIMATE_REUSED_FOR_MS + 1),
    ).toBeGreaterThan(first * 4);
  });

  it('never answers one scope with another’s estimate', async () => {
    const asked = Date.now();
    const north = await estimateRows(personsOf(organisations.north), asked);
    const south = await estimateRows(personsOf(organisations.south), asked);
    expect(south).not.toBe(north);
    expect(await estimateRows(personsOf(organisations.south), asked + 1)).toBe(south);
  });
});
