import { similarityScore, type MatchToken } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { queryIndexHashes } from './person-matching.ts';
import { similarQuerySchema } from './person.schemas.ts';

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
    const decoys = Array.from(
      { length: DECOYS },
      (_, index) => `00000000-0000-4000-9000-${index.toString(16).padStart(12, '0')}`,
    );
    ids.push(...decoys);
    await subject.database.db
      .insertInto('person')
      .values(
        decoys.map((id, index) => ({
          id,
          pseudonym: `Testdecoy-${index}`,
          organisation_id: organisationId,
          sex: 'female' as const,
          age_band: '25-34',
          languages: [],
        })),
      )
      .execute();
    await sql`insert into identity_index (person_id, kind, token_hash)
      select decoy.id, held.kind, held.token_hash
      from unnest(${decoys}::uuid[]) as decoy(id)
      cross join identity_index as held
      where held.person_id = ${familyOnly} and held.kind in ('name', 'phonetic', 'phone')`.execute(
      subject.database.db,
    );
  });
  afterAll(() => subject.close());

  /** similarityScore of every recorded person and decoy, best first. */
  async function expectedScores(body: Record<string, unknown>) {
    const query = queryIndexHashes(
      subject.deps.vault,
      organisationId,
      similarQuerySchema.parse(body),
    );
    const rows = await subject.database.db
      .selectFrom('identity_index')
      .select(['person_id', 'kind', 'token_hash'])
      .where('person_id', 'in', ids)
      .execute();
    return ids
      .map((personId) => {
        const tokens: MatchToken[] = rows
          .filter((row) => row.person_id === personId)
          .map((row) => ({ kind: row.kind as MatchToken['kind'], value: row.token_hash }));
        return { personId, score: Math.round(similarityScore(query, tokens) * 1000) / 1000 };
      })
      .filter((entry) => entry.score > 0)
      .sort((left, right) => right.score - left.score);
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
