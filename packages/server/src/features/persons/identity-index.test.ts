import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/fixtures.ts';
import { aUser, anOrganisation, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  CURRENT_IDENTITY_INDEX_SCHEME,
  ensureCurrentIdentityIndex,
  identityIndexScheme,
} from './identity-reindex.ts';

// Invented people: no real person has these details.
const SHARED_PHONE = '+91 70000 12121';

interface Match {
  personId: string;
  pseudonym: string;
  score: number;
}

async function record(client: Client, legalName: string, phones: string[] = []): Promise<string> {
  const response = await client.post('/api/persons', {
    sex: 'female',
    ageBand: '15-17',
    languages: ['bn'],
    identity: { legalName, phones },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

async function similar(client: Client, body: Record<string, unknown>): Promise<Match[]> {
  const response = await client.post('/api/persons/similar', body);
  expect(response.statusCode).toBe(200);
  return response.json<{ matches: Match[] }>().matches;
}

describe(`blind indexes across scripts and organisations (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let worker: Client;
  let otherWorker: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const otherOrganisationId = await anOrganisation(subject.deps, 'Test Other Shelter');
    worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    otherWorker = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['social_worker'],
        organisationId: otherOrganisationId,
      }),
    );
  });
  afterAll(() => subject.close());

  it('a survivor recorded in Bengali script is found by her Latin and Devanagari spellings (issue 17)', async () => {
    const bengali = await record(worker, 'রহিমা খাতুন টেস্টবিবি');
    await record(worker, 'Sunita Kumari Testdevi');
    const byLatin = await similar(worker, { legalName: 'Rahima Khatoon Testbibi' });
    expect(byLatin[0]?.personId).toBe(bengali);
    const byDevanagari = await similar(worker, { legalName: 'रहीमा ख़ातून टेस्टबीबी' });
    expect(byDevanagari[0]?.personId).toBe(bengali);
    const devanagari = await record(worker, 'सुनीता देवी टेस्टनाम');
    const byBengali = await similar(worker, { legalName: 'সুনীতা দেবী টেস্টনাম' });
    expect(byBengali[0]?.personId).toBe(devanagari);
  });

  it('two organisations holding one phone store different, short values; each finds only its own (issue 15 finding 11)', async () => {
    const ours = await record(worker, 'Parbati Testmondal', [SHARED_PHONE]);
    const theirs = await record(otherWorker, 'Parbati Testmondal', [SHARED_PHONE]);
    const rows = await subject.database.db
      .selectFrom('identity_index')
      .select(['person_id', 'token_hash'])
      .where('kind', '=', 'phone')
      .where('person_id', 'in', [ours, theirs])
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]?.token_hash).not.toBe(rows[1]?.token_hash);
    // At most 20 bits: four base-36 characters, where a whole HMAC took 43.
    for (const row of rows) expect(row.token_hash.length).toBeLessThanOrEqual(4);

    expect((await similar(worker, { phones: [SHARED_PHONE] }))[0]?.personId).toBe(ours);
    const found = await similar(otherWorker, { phones: [SHARED_PHONE] });
    expect(found.map((match) => match.personId)).toEqual([theirs]);
  });

  it('an installation indexed under the old scheme is re-indexed on start, and search finds again', async () => {
    const personId = await record(worker, 'Kalpana Testhalder', ['+91 70000 34343']);
    const db = subject.database.db;
    // What the first scheme left: whole hashes under one key, which the current search cannot match.
    await db
      .updateTable('identity_index')
      .set((eb) => ({ token_hash: eb.fn('md5', ['token_hash']) }))
      .execute();
    await db.updateTable('identity_index_scheme').set({ scheme: 1 }).execute();
    expect(await similar(worker, { legalName: 'Kalpana Testhalder' })).toEqual([]);

    const reindexed = await ensureCurrentIdentityIndex(db, subject.deps.vault);
    expect(reindexed).toBeGreaterThanOrEqual(6);
    expect(await identityIndexScheme(db)).toBe(CURRENT_IDENTITY_INDEX_SCHEME);
    expect((await similar(worker, { legalName: 'Kalpana Testhalder' }))[0]?.personId).toBe(
      personId,
    );
    expect(await ensureCurrentIdentityIndex(db, subject.deps.vault)).toBeUndefined();
    const audit = await db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'identities.reindexed')
      .execute();
    expect(audit).toEqual([
      { details: { persons: reindexed, scheme: CURRENT_IDENTITY_INDEX_SCHEME } },
    ]);
  });

  it('persons indexed before pair tokens are given them on start, and a full name finds them by its pair (issue 17)', async () => {
    const personId = await record(worker, 'Moushumi Testsarkar');
    const db = subject.database.db;
    const pairs = () =>
      db
        .selectFrom('identity_index')
        .select('token_hash')
        .where('person_id', '=', personId)
        .where('kind', '=', 'pair')
        .execute();
    // One pair for a name of two words, stored as short as its kind allows (16 bits).
    const stored = await pairs();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash.length).toBeLessThanOrEqual(4);
    // What scheme 3 left: the same rows without pairs.
    await db.deleteFrom('identity_index').where('kind', '=', 'pair').execute();
    await db.updateTable('identity_index_scheme').set({ scheme: 3 }).execute();

    expect(await ensureCurrentIdentityIndex(db, subject.deps.vault)).toBeGreaterThanOrEqual(1);
    expect(await pairs()).toEqual(stored);
    expect((await similar(worker, { legalName: 'Mousumi Testsarkar' }))[0]?.personId).toBe(
      personId,
    );
  });
});
