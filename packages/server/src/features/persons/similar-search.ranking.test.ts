import { ROLE_GRANTS } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { similarityScoresOf } from '../../../test/similar-search-fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { queryIndexHashes, rankSimilar } from './person-matching.ts';
import { similarQuerySchema } from './person.schemas.ts';

/**
 * Issue 17: a search ranks its candidates on their index rows in SQL (similarity-sql.ts) and reads
 * person rows only for the best few. The figures a user sees must be those of `similarityScore`
 * over every candidate: the best are returned, in that order, whatever the order of the index.
 * Invented people: no real person has these details.
 */
interface Match {
  personId: string;
  pseudonym: string;
  score: number;
}

// Spellings, aliases, phones and birth dates that give the candidates different scores.
const RECORDED: { legalName: string; aliases?: string[]; phones?: string[]; birthDate?: string }[] =
  [
    { legalName: 'Parul Testmondal' },
    { legalName: 'Parul Testmandal', birthDate: '1999-03-01' },
    { legalName: 'Parul Testmondal', birthDate: '2001-03-01' },
    { legalName: 'Paarul Testmondol', phones: ['+91 70000 12345'] },
    { legalName: 'Parul Testmondal', aliases: ['Keya Testbibi'] },
    { legalName: 'Parool Testmundal' },
    { legalName: 'Parul Devi Testmondal', birthDate: '1999-07-01' },
    { legalName: 'Parul Testmondal', phones: ['+91 70000 99999'], birthDate: '1999-01-01' },
    { legalName: 'Porul Testmondal', aliases: ['Tithi Testmondal', 'Parul Testkhatun'] },
    { legalName: 'Parul Testmondall' },
    { legalName: 'Parul Kumari Testmondal', phones: ['+91 70000 12345'] },
    { legalName: 'Parulla Testmondal', birthDate: '1998-01-01' },
    { legalName: 'Parul Testmondal', aliases: ['Shirin Testmondal'], birthDate: '1999-09-09' },
    { legalName: 'Paroul Testmandol' },
    { legalName: 'Parul Testmandal', aliases: ['Jharna Testdas'] },
    { legalName: 'Parul Testmondal Bibi' },
    { legalName: 'Parul Testmondal', phones: ['+91 70000 55555'] },
    { legalName: 'Parula Testmondala', birthDate: '1999-12-12' },
  ];

describe(`similar-person search ranks every candidate before it reads person rows (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let manager: Client;
  let worker: Client;
  let managerActor: Parameters<typeof rankSimilar>[1];
  let workerActor: Parameters<typeof rankSimilar>[1];
  const ids: string[] = [];

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Ranking Trust');
    const managerUser = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: true,
    });
    manager = await signedIn(subject.app, managerUser);
    const workerUser = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    worker = await signedIn(subject.app, workerUser);
    workerActor = {
      userId: workerUser.id,
      organisationId,
      roles: ['social_worker'],
      grants: ROLE_GRANTS.social_worker,
      via: 'session',
    };
    for (const identity of RECORDED) {
      const response = await manager.post('/api/persons', {
        sex: 'female',
        ageBand: '18-24',
        languages: [],
        identity: { aliases: [], phones: [], ...identity },
      });
      expect(response.statusCode).toBe(201);
      ids.push(response.json<{ id: string }>().id);
    }
    managerActor = {
      userId: managerUser.id,
      organisationId,
      roles: ['program_manager'],
      grants: ROLE_GRANTS.program_manager,
      via: 'session',
    };
  });
  afterAll(() => subject.close());

  /** What similarityScore says of every recorded person, best first (ties by id). */
  const expectedRanking = (body: Record<string, unknown>) =>
    similarityScoresOf(subject, organisationId, ids, body);

  it('returns the best-scoring persons of all the name’s holders, with the scores of the whole ranking', async () => {
    for (const body of [
      { legalName: 'Parul Testmondal', phones: ['+91 70000 12345'], birthYear: 1999, limit: 3 },
      { legalName: 'Paarul Testmandal', limit: 4 },
      { legalName: 'Parul Testmondal', aliases: ['Shirin Testmondal'], limit: 2 },
      { legalName: 'Parul Testmondal', birthYear: 2001, limit: 5 },
    ]) {
      const response = await manager.post('/api/persons/similar', body);
      expect(response.statusCode).toBe(200);
      const matches = response.json<{ matches: Match[] }>().matches;
      const expected = await expectedRanking(body);
      expect(matches.map((match) => match.score)).toEqual(
        expected.slice(0, body.limit).map((entry) => entry.score),
      );
      // Each returned person has the score the whole ranking gives them.
      for (const match of matches)
        expect(expected.find((entry) => entry.personId === match.personId)?.score).toBe(
          match.score,
        );
    }
  });

  it('under a team’s scope returns only the persons the caller may see, however well others score', async () => {
    // The worker records one more Parul, a poor spelling; the manager's eighteen are not hers.
    const response = await worker.post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      languages: [],
      identity: { legalName: 'Paaroool Testmondal', aliases: [], phones: [] },
    });
    expect(response.statusCode).toBe(201);
    const hers = response.json<{ id: string }>().id;
    const query = queryIndexHashes(
      subject.deps.vault,
      organisationId,
      similarQuerySchema.parse({ legalName: 'Parul Testmondal' }),
    );
    const inTeam = await rankSimilar(subject.database.db, workerActor, 'team', query, 5);
    expect(inTeam.map((match) => match.personId)).toEqual([hers]);
    const organisationWide = await rankSimilar(
      subject.database.db,
      managerActor,
      'organisation',
      query,
      50,
    );
    expect(organisationWide.map((match) => match.personId)).toContain(hers);
    expect(organisationWide).toHaveLength(ids.length + 1);
  });
});
