import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import {
  aCrowdHoldingTokensOf,
  similarityScoresOf,
} from '../../../test/similar-search-fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

interface Match {
  personId: string;
  score: number;
}

/**
 * Issue 11: a search finds and scores the holders of the full name's pair token (and of two or
 * more of its words, and of a phone) first, and answers from them alone only when it has proved
 * that nobody else it would have found can be answered (similar-candidates.ts, `certified`).
 * Each story holds the answer to what scoring every person gives. Invented people: no real
 * person has these details.
 */
describe(`similar-person search answers from the pair holders only when nobody else can be answered (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let manager: Client;
  const ids: string[] = [];
  let aliasHolder: string;
  let oneWordHolder: string;
  let exactHolder: string;
  let crowd: string[];

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Pair Holders Trust');
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    const record = async (legalName: string, aliases: string[] = []) => {
      const response = await manager.post('/api/persons', {
        sex: 'female',
        ageBand: '25-34',
        languages: [],
        identity: { legalName, aliases, phones: [] },
      });
      expect(response.statusCode, response.body).toBe(201);
      const id = response.json<{ id: string }>().id;
      ids.push(id);
      return id;
    };
    // Holders of the pair token of "Testpairvalo Testpairkumari" whose spellings are far off and
    // who hold other names besides: they score 0.507 and 0.396.
    await record('Tastpeirvelo Testpaerkumary Fictionalbegum', ['Storynamekhatun Inventedroy']);
    await record('Tistpoorbol Tostporkmr Fictionalbegum', ['Storynamekhatun Inventedroy']);
    // One word of the query and nothing else: 0.624, above both pair holders.
    oneWordHolder = await record('Testpairvalo');
    // The query's two words in two different names, "A X" and "B Y" asked "A Y": no pair token
    // of them (0.879), above the holder of the full name and one more word (0.868), whose score
    // is above what a holder of one word can reach.
    aliasHolder = await record('Testaliasmitra Bo', ['Ka Testaliasdas']);
    await record('Testaliasmitra Testaliasdas Fictionalbegumkhatun');
    // A name whose holders are more than the search scores.
    exactHolder = await record('Testcrowdpaira Testcrowdpairb');
    crowd = await aCrowdHoldingTokensOf(subject, {
      organisationId,
      from: exactHolder,
      count: 205,
      prefix: 'Testpaircrowd',
      block: '8100',
    });
    ids.push(...crowd);
  });
  afterAll(() => subject.close());

  const search = async (body: Record<string, unknown>) => {
    const response = await manager.post('/api/persons/similar', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ matches: Match[] }>().matches;
  };
  /** What scoring every person gives: the best `limit` scores, and each person's own score. */
  const expectScoringEveryone = async (body: { limit: number } & Record<string, unknown>) => {
    const matches = await search(body);
    const expected = (await similarityScoresOf(subject, organisationId, ids, body)).filter(
      (entry) => entry.score > 0,
    );
    expect(matches.map((match) => match.score)).toEqual(
      expected.slice(0, body.limit).map((entry) => entry.score),
    );
    for (const match of matches)
      expect(expected.find((entry) => entry.personId === match.personId)?.score).toBe(match.score);
    return matches;
  };

  it('returns a holder of one word when they score above the pair holders', async () => {
    const matches = await expectScoringEveryone({
      legalName: 'Testpairvalo Testpairkumari',
      limit: 2,
    });
    expect(matches[0]?.personId).toBe(oneWordHolder);
  });

  it('finds a person holding the two words asked in two different names', async () => {
    const matches = await expectScoringEveryone({
      legalName: 'Testaliasmitra Testaliasdas',
      limit: 1,
    });
    expect(matches[0]?.personId).toBe(aliasHolder);
  });

  it('reads a word shared by two names of the query once, and still answers as scoring everyone', async () => {
    await expectScoringEveryone({
      legalName: 'Testaliasmitra Testaliasdas',
      aliases: ['Testaliasmitra Oyjhuq'],
      limit: 2,
    });
  });

  it('answers a search of one word', async () => {
    const matches = await expectScoringEveryone({ legalName: 'Testpairvalo', limit: 3 });
    expect(matches[0]?.personId).toBe(oneWordHolder);
  });

  it('breaks ties at the last score returned by the lowest ids, among more than 200 holders of the name', async () => {
    const matches = await expectScoringEveryone({
      legalName: 'Testcrowdpaira Testcrowdpairb',
      limit: 5,
    });
    // 206 people score 1 alike; the answer is the same whichever way it is found: the lowest ids.
    expect(matches.map((match) => match.personId)).toEqual(crowd.slice(0, 5));
  });
});
