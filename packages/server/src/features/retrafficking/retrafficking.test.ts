import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

// Invented people: no real person has these details.
const RESTORED = { legalName: 'Rupali Khatun Testbibi', phones: ['+91 70000 55511'] };
const FOUND_AGAIN = { legalName: 'রুপালি খাতুন টেস্টবিবি', phones: ['070000-55511'] };

interface Match {
  id: string;
  score: number;
  status: string;
  person: { id: string; pseudonym: string };
  case: { type: string; id: string };
  earlierPerson: { id: string; pseudonym: string };
  earlierCase: { type: string; id: string; code: string | null };
}

async function matchesOf(client: Client): Promise<Match[]> {
  const response = await client.get('/api/retrafficking/matches');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ matches: Match[] }>().matches;
}

describe(`re-trafficking alerts (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let shelterWorker: Client;
  let rescueWorker: Client;
  let bystander: Client;
  let manager: Client;
  let outsider: Client;
  let earlierCaseId: string;
  let earlierPersonId: string;
  let rescueId: string;
  let newPersonId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const other = await anOrganisation(subject.deps, 'Test Other Trust');
    const worker = () => aUser(subject.deps, { roles: ['social_worker'], organisationId });
    shelterWorker = await signedIn(subject.app, await worker());
    rescueWorker = await signedIn(subject.app, await worker());
    bystander = await signedIn(subject.app, await worker());
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    outsider = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId: other,
        twoFactor: true,
      }),
    );
    const opened = await shelterWorker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: ['bn'], identity: RESTORED },
      openedAt: '2022-03-04T09:00:00+05:30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    earlierCaseId = opened.json<{ id: string }>().id;
    earlierPersonId = opened.json<{ person: { id: string } }>().person.id;
  });
  afterAll(() => subject.close());

  it('the programme manager sets the organisation’s threshold; a social worker may not', async () => {
    expect((await manager.get('/api/retrafficking/settings')).json()).toEqual({ threshold: 0.8 });
    const tooLow = await manager.request('PUT', '/api/retrafficking/settings', { threshold: 0.2 });
    expect(tooLow.statusCode).toBe(400);
    expect(
      (await shelterWorker.request('PUT', '/api/retrafficking/settings', { threshold: 0.7 }))
        .statusCode,
    ).toBe(404);
    const set = await manager.request('PUT', '/api/retrafficking/settings', { threshold: 0.7 });
    expect(set.json()).toEqual({ threshold: 0.7 });
  });

  it('a survivor found again in a new rescue alerts both teams with pseudonyms and the score only', async () => {
    const person = await rescueWorker.post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      languages: ['bn'],
      identity: FOUND_AGAIN,
    });
    newPersonId = person.json<{ id: string }>().id;
    const rescue = await rescueWorker.post('/api/rescue-operations', {
      occurredAt: '2025-02-14T01:30:00+05:30',
      district: 'Test District',
      legalBasis: 'ITPA:15',
      rescuedPersonIds: [newPersonId],
      arrestedPersonIds: [],
    });
    expect(rescue.statusCode, rescue.body).toBe(201);
    rescueId = rescue.json<{ id: string }>().id;

    for (const team of [shelterWorker, rescueWorker, manager]) {
      const matches = await matchesOf(team);
      expect(matches).toHaveLength(1);
      expect(matches[0]).toMatchObject({
        status: 'suggested',
        person: { id: newPersonId },
        case: { type: 'rescue_operation', id: rescueId },
        earlierPerson: { id: earlierPersonId },
        earlierCase: { type: 'care_case', id: earlierCaseId },
      });
      expect(matches[0]?.score).toBeGreaterThanOrEqual(0.7);
      expect(matches[0]?.earlierCase.code).toMatch(/^CC-2022-/);
    }
    // The suggestion is on the audit trail, naming the pair and its score, nothing of the identity.
    const [match] = await matchesOf(manager);
    const suggested = await subject.deps.db
      .selectFrom('audit_event')
      .select(['entity_id', 'details'])
      .where('action', '=', 'retrafficking.suggested')
      .execute();
    expect(suggested).toEqual([
      {
        entity_id: match?.id,
        details: { score: match?.score, caseType: 'rescue_operation' },
      },
    ]);
    const body = (await shelterWorker.get('/api/retrafficking/matches')).body;
    expect(body).not.toMatch(/Rupali|রুপালি|55511/);
    expect(await matchesOf(bystander)).toEqual([]);
    expect(await matchesOf(outsider)).toEqual([]);
  });

  it('comparing identities needs reveal permission and a reason, and is audited', async () => {
    const [match] = await matchesOf(manager);
    if (!match) throw new Error('no match');
    const denied = await shelterWorker.post(`/api/retrafficking/matches/${match.id}/compare`, {
      purpose: 'identity_verification',
      reason: 'Check whether she is the survivor restored in 2022',
    });
    expect(denied.statusCode).toBe(404);
    const named = await manager.post(`/api/retrafficking/matches/${match.id}/compare`, {
      purpose: 'identity_verification',
      reason: 'Is this Rupali from the earlier case?',
    });
    expect(named.statusCode).toBe(400);
    const reason = 'Check whether she is the survivor restored in 2022';
    const compared = await manager.post(`/api/retrafficking/matches/${match.id}/compare`, {
      purpose: 'identity_verification',
      reason,
    });
    expect(compared.statusCode, compared.body).toBe(200);
    expect(compared.json()).toMatchObject({
      person: { legalName: FOUND_AGAIN.legalName },
      earlierPerson: { legalName: RESTORED.legalName },
    });
    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'retrafficking.compared')
      .execute();
    expect(audit).toEqual([
      {
        details: {
          purpose: 'identity_verification',
          reason,
          personId: newPersonId,
          earlierPersonId,
        },
      },
    ]);
    const outsiderTry = await outsider.post(`/api/retrafficking/matches/${match.id}/compare`, {
      purpose: 'identity_verification',
      reason,
    });
    expect(outsiderTry.statusCode).toBe(404);
  });

  it('“different people” is remembered: the pair is never suggested again', async () => {
    const [match] = await matchesOf(rescueWorker);
    if (!match) throw new Error('no match');
    expect(
      (
        await bystander.post(`/api/retrafficking/matches/${match.id}/decision`, {
          decision: 'different_people',
        })
      ).statusCode,
    ).toBe(404);
    const decided = await rescueWorker.post(`/api/retrafficking/matches/${match.id}/decision`, {
      decision: 'different_people',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'different_people' });

    const again = await rescueWorker.post('/api/care-cases', { personId: newPersonId });
    expect(again.statusCode, again.body).toBe(201);
    const matches = await matchesOf(manager);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.status).toBe('different_people');
    const decisions = await subject.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'retrafficking.decided')
      .execute();
    expect(decisions).toEqual([
      { details: { decision: 'different_people', previous: 'suggested' } },
    ]);
  });

  it('a different person of the organisation raises no alert', async () => {
    const opened = await shelterWorker.post('/api/care-cases', {
      person: {
        sex: 'female',
        ageBand: '15-17',
        languages: ['hi'],
        identity: { legalName: 'Sunita Kumari Testdevi', phones: ['+91 70000 99991'] },
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(await matchesOf(manager)).toHaveLength(1);
  });
});
