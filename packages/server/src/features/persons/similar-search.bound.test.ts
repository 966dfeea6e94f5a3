import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import {
  aCrowdHoldingTokensOf,
  similarityScoresOf,
} from '../../../test/similar-search-fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * Issue 11: of a search's 200 hits the 40 with the best bound are scored first, and the rest only
 * when their bound can reach the scores already found. Sixty people who share only the family
 * name with the query are hits that need not be scored; the answer must be the one scoring every
 * hit gives. Invented people: no real person has these details.
 */
const DECOYS = 60;

describe(`similar-person search scores only the hits that can be returned (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let manager: Client;
  const ids: string[] = [];

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Bound Trust');
    const managerUser = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: true,
    });
    manager = await signedIn(subject.app, managerUser);
    const record = async (legalName: string, phones: string[] = []) => {
      const response = await manager.post('/api/persons', {
        sex: 'female',
        ageBand: '25-34',
        languages: [],
        identity: { legalName, aliases: [], phones },
      });
      expect(response.statusCode).toBe(201);
      const id = response.json<{ id: string }>().id;
      ids.push(id);
      return id;
    };
    for (const name of [
      'Nayantara Testboundroy',
      'Nayantaara Testboundroy',
      'Noyontara Testboundroi',
      'Nayan Testboundroy',
    ])
      await record(name);
    const familyOnly = await record('Mitali Testboundroy', ['+91 70000 24680']);
    // The decoys hold the family name's tokens (and the phone) of `familyOnly` and nothing else.
    ids.push(
      ...(await aCrowdHoldingTokensOf(subject, {
        organisationId,
        from: familyOnly,
        count: DECOYS,
        prefix: 'Testdecoy',
        block: '9000',
        kinds: ['name', 'phonetic', 'phone'],
      })),
    );
  });
  afterAll(() => subject.close());

  /** similarityScore of every recorded person and decoy that scores at all, best first. */
  async function expectedScores(body: Record<string, unknown>) {
    const scores = await similarityScoresOf(subject, organisationId, ids, body);
    return scores.filter((entry) => entry.score > 0);
  }

  it('returns what scoring every hit returns, with and without a phone that the decoys share', async () => {
    for (const body of [
      { legalName: 'Nayantara Testboundroy', limit: 3 },
      { legalName: 'Nayontara Testboundroy', limit: 5 },
      { legalName: 'Nayantara Testboundroy', phones: ['+91 70000 24680'], limit: 4 },
      { legalName: 'Nayantara Testboundroy', limit: 50 },
    ]) {
      const response = await manager.post('/api/persons/similar', body);
      expect(response.statusCode).toBe(200);
      const matches = response.json<{ matches: { personId: string; score: number }[] }>().matches;
      const expected = await expectedScores(body);
      expect(matches.map((match) => match.score)).toEqual(
        expected.slice(0, body.limit).map((entry) => entry.score),
      );
      for (const match of matches)
        expect(expected.find((entry) => entry.personId === match.personId)?.score).toBe(
          match.score,
        );
    }
  });
});
