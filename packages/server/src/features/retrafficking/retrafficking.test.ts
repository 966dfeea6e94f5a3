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

/**
 * The screen opens a care case with non-identifying facts only; the survivor's identity is recorded
 * on her page afterwards. Recording it checks her as opening the case with it would have.
 */
describe(`re-trafficking alerts when the identity follows the case (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;
  let manager: Client;

  // Invented people: no real person has these details.
  const EARLIER = { legalName: 'Shirin Parvin Testbibi', phones: ['+91 70000 66621'] };
  const LATER = { legalName: 'শিরিন পারভিন টেস্টবিবি', phones: ['070000-66621'] };

  const openWithIdentity = async (openedAt: string, identity: object) => {
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '18-24', languages: ['bn'], identity },
      openedAt,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json<{ id: string; person: { id: string } }>();
  };
  const openWithoutIdentity = async (openedAt: string) => {
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17' },
      openedAt,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json<{ id: string; person: { id: string } }>();
  };
  const recordIdentity = async (personId: string, identity: object) => {
    const recorded = await worker.request('PUT', `/api/persons/${personId}/identity`, identity);
    expect(recorded.statusCode, recorded.body).toBe(200);
  };

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
  });
  afterAll(() => subject.close());

  it('a survivor whose identity is recorded after her case opened is found again', async () => {
    const earlier = await openWithIdentity('2022-03-04T09:00:00+05:30', EARLIER);
    const later = await openWithoutIdentity('2025-02-14T10:00:00+05:30');
    expect(await matchesOf(manager)).toEqual([]);

    await recordIdentity(later.person.id, LATER);
    const matches = await matchesOf(manager);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      status: 'suggested',
      person: { id: later.person.id },
      case: { type: 'care_case', id: later.id },
      earlierPerson: { id: earlier.person.id },
      earlierCase: { type: 'care_case', id: earlier.id },
    });
    expect(matches[0]?.score).toBeGreaterThanOrEqual(0.8);
    expect(await matchesOf(worker)).toHaveLength(1);

    // Correcting the identity again suggests nothing twice.
    await recordIdentity(later.person.id, { ...LATER, aliases: ['Shirin T'] });
    expect(await matchesOf(manager)).toHaveLength(1);
  });

  it('an identity recorded on an older case names the other survivor’s case as the new one', async () => {
    const older = await openWithoutIdentity('2020-06-01T10:00:00+05:30');
    const newer = await openWithIdentity('2024-01-09T10:00:00+05:30', {
      legalName: 'Jharna Minoti Testkhatun',
      phones: ['+91 70000 77731'],
    });
    await recordIdentity(older.person.id, {
      legalName: 'Jharna Minoti Testkhatun',
      phones: ['+91 70000 77731'],
    });
    const match = (await matchesOf(manager)).find(
      (candidate) => candidate.person.id === newer.person.id,
    );
    expect(match).toMatchObject({
      person: { id: newer.person.id },
      case: { type: 'care_case', id: newer.id },
      earlierPerson: { id: older.person.id },
      earlierCase: { type: 'care_case', id: older.id },
    });
    const suggested = await subject.deps.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'retrafficking.suggested')
      .where('entity_id', '=', match?.id ?? '')
      .execute();
    expect(suggested).toEqual([{ details: { score: match?.score, caseType: 'care_case' } }]);
  });

  it('a person in no case is not checked until her case is opened', async () => {
    const person = await worker.post('/api/persons', { sex: 'female', ageBand: '18-24' });
    expect(person.statusCode, person.body).toBe(201);
    const personId = person.json<{ id: string }>().id;
    const before = (await matchesOf(manager)).length;
    await recordIdentity(personId, { legalName: 'Shirin Parvin Testbibi', phones: [] });
    expect(await matchesOf(manager)).toHaveLength(before);
    const opened = await worker.post('/api/care-cases', { personId });
    expect(opened.statusCode, opened.body).toBe(201);
    expect((await matchesOf(manager)).length).toBeGreaterThan(before);
  });
});
