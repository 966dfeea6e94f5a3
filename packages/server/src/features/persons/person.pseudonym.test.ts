import { FEMALE_PSEUDONYM_NAMES, MALE_PSEUDONYM_NAMES, NEUTRAL_PSEUDONYM_NAMES } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * Issue 12 §9: a social worker records women rescued and the men arrested with them. Each gets a
 * pseudonym whose name fits the sex recorded, so a case conference never speaks of an accused
 * man as "Sita"; someone recorded as transgender gets a name given to anyone.
 */
describe(`pseudonyms fit the recorded sex (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
  });
  afterAll(() => subject.close());

  const namesOf = async (sex: string, count: number) => {
    const names: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const response = await worker.post('/api/persons', { sex, ageBand: '25-34', languages: [] });
      expect(response.statusCode, response.body).toBe(201);
      names.push(response.json<{ pseudonym: string }>().pseudonym.split('-')[0] ?? '');
    }
    return names;
  };

  it('women get women’s names, men men’s names, a transgender person a neutral name', async () => {
    const women = await namesOf('female', 15);
    const men = await namesOf('male', 15);
    const others = await namesOf('transgender', 5);
    expect(
      women.filter((name) => !(FEMALE_PSEUDONYM_NAMES as readonly string[]).includes(name)),
    ).toEqual([]);
    expect(
      men.filter((name) => !(MALE_PSEUDONYM_NAMES as readonly string[]).includes(name)),
    ).toEqual([]);
    expect(
      others.filter((name) => !(NEUTRAL_PSEUDONYM_NAMES as readonly string[]).includes(name)),
    ).toEqual([]);
  });
});
