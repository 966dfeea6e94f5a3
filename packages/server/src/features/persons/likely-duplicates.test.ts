import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { likelyDuplicates } from './person-matching.ts';

/**
 * Issue 17 brief 3: the import's duplicate check (`likelyDuplicates`, called by the import for
 * each batch) missed a row whose name was written only in Bengali or Devanagari when the person
 * was recorded in Latin letters, though similar-person search found them first: Bengali kept the
 * unspoken medial vowels (সরকার → sarakar) and a transliteration scores lower than a spelling
 * variant. Names are fictional.
 */
describe(`the import's duplicate check across scripts (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  const recorded = new Map<string, string>();

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Script Trust');
    const worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    for (const legalName of ['Rina Dutta', 'Sultana Halder', 'Tahmina Sarkar']) {
      const created = await worker.post('/api/persons', {
        sex: 'female',
        ageBand: '18-24',
        languages: [],
        identity: { legalName },
      });
      expect(created.statusCode, created.body).toBe(201);
      recorded.set(legalName, created.json<{ id: string }>().id);
    }
  });
  afterAll(() => subject.close());

  it('finds the Latin record of a name written in Bengali or Devanagari, and no one for another name', async () => {
    const rows = ['রিনা দত্ত', 'সুলতানা হালদার', 'तहमीना सरकार', 'সাবিনা ঘোষ'].map((legalName) => ({
      legalName,
      aliases: [],
      phones: [],
    }));
    const found = await likelyDuplicates(subject.deps.db, subject.deps.vault, organisationId, rows);
    expect(found.map((match) => match?.personId)).toEqual([
      recorded.get('Rina Dutta'),
      recorded.get('Sultana Halder'),
      recorded.get('Tahmina Sarkar'),
      undefined,
    ]);
  });

  it('still asks more of two Latin spellings than of two scripts', async () => {
    // "Rina Datta" scores as "রিনা দত্ত" does, but both are in Latin letters: not a duplicate.
    const [found] = await likelyDuplicates(subject.deps.db, subject.deps.vault, organisationId, [
      { legalName: 'Rina Datta', aliases: [], phones: [] },
    ]);
    expect(found).toBeUndefined();
  });
});
