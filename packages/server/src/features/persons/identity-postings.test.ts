import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/fixtures.ts';
import { aUser, anOrganisation, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { ensureCurrentIdentityIndex } from './identity-reindex.ts';

// Invented people: no real person has these details.
const NAMES = ['Testa Kumari Roy', 'Testa Khatun', 'Rupa Testroy', 'Testa Roy'];

async function record(client: Client, legalName: string): Promise<string> {
  const response = await client.post('/api/persons', {
    sex: 'female',
    ageBand: '15-17',
    languages: ['bn'],
    identity: { legalName, phones: [] },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

/**
 * The search plans from how many people hold each word and phonetic key (migration
 * 0037c): the stored count plus the signs of the writes not yet folded. Core's plan decides from
 * them which tokens find candidates, so they must be the postings exactly, or a search would find
 * other people than it did by counting.
 */
describe(`the stored postings a search plans with (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Postings Trust');
    worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
  });
  afterAll(() => subject.close());

  const stored = async () =>
    (
      await sql<{ kind: string; token_hash: string; postings: number }>`
        select kind, token_hash, sum(postings)::int as postings
        from (select kind, token_hash, postings from identity_postings
          union all
          select noted.kind, noted.token_hash, pending.sign
          from identity_postings_pending as pending
          cross join lateral unnest(pending.kinds, pending.hashes) as noted(kind, token_hash)) as counts
        group by kind, token_hash
        having sum(postings) <> 0
        order by kind, token_hash`.execute(subject.database.db)
    ).rows;
  const counted = async () =>
    (
      await sql<{ kind: string; token_hash: string; postings: number }>`
        select kind, token_hash, count(*)::int as postings
        from identity_index
        where kind in ('name', 'phonetic')
        group by kind, token_hash
        order by kind, token_hash`.execute(subject.database.db)
    ).rows;

  it('equal the people holding each token after creations, an identity replaced, rows removed and a reindex (issue 11)', async () => {
    // More creations than a fold's period (one writing statement in 16), so some are folded
    // and some still pending.
    const personIds: string[] = [];
    for (let index = 0; index < 22; index += 1)
      personIds.push(await record(worker, NAMES[index % NAMES.length] ?? ''));
    const afterCreations = await counted();
    expect(afterCreations.find((row) => row.kind === 'name')?.postings).toBeGreaterThan(1);
    expect(await stored()).toEqual(afterCreations);

    const replaced = await worker.request('PUT', `/api/persons/${personIds[0] ?? ''}/identity`, {
      legalName: 'Mina Testhalder',
      aliases: [],
      phones: [],
    });
    expect(replaced.statusCode).toBe(200);
    expect(await stored()).toEqual(await counted());

    const db = subject.database.db;
    await db
      .deleteFrom('identity_index')
      .where('person_id', '=', personIds[1] ?? '')
      .execute();
    expect(await stored()).toEqual(await counted());

    // Every row rewritten (as an old scheme's whole hashes), then reindexed on start.
    await db
      .updateTable('identity_index')
      .set((eb) => ({ token_hash: eb.fn('md5', ['token_hash']) }))
      .execute();
    expect(await stored()).toEqual(await counted());
    await db.updateTable('identity_index_scheme').set({ scheme: 1 }).execute();
    expect(await ensureCurrentIdentityIndex(db, subject.deps.vault)).toBeGreaterThanOrEqual(21);
    expect(await stored()).toEqual(await counted());

    await sql`select identity_postings_fold()`.execute(db);
    const pending = await sql<{ rows: number }>`
      select count(*)::int as rows from identity_postings_pending`.execute(db);
    expect(pending.rows[0]?.rows).toBe(0);
    expect(await stored()).toEqual(await counted());
  });
});
