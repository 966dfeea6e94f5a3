import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

interface Match {
  personId: string;
  pseudonym: string;
  score: number;
}

/**
 * Issue 17 brief 2: each organisation's persons are indexed under its own key (issue 15, finding
 * 11), so a person another organisation shares with the caller's was no longer found. A search now
 * hashes the query under the key of each organisation sharing persons with the caller's, and
 * finds only the persons shared now; nothing is written under another organisation's key.
 */
describe(`similar-person search finds persons shared from another organisation (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let sender: Client;
  let receiver: Client;
  let receivingId: string;
  let sharedCase: string;
  let sharedPerson: string;
  let keptPerson: string;
  let consentId: string;

  const openCase = async (legalName: string, phone: string) => {
    const opened = await sender.post('/api/care-cases', {
      person: {
        sex: 'female',
        ageBand: '15-17',
        languages: [],
        identity: { legalName, phones: [phone] },
      },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json<{ id: string; person: { id: string } }>();
  };
  const search = async (client: Client, body: object) => {
    const found = await client.post('/api/persons/similar', body);
    expect(found.statusCode, found.body).toBe(200);
    return found.json<{ matches: Match[] }>().matches;
  };

  beforeAll(async () => {
    subject = await createTestApp();
    const sendingId = await anOrganisation(subject.deps, 'Test Sending Trust');
    receivingId = await anOrganisation(subject.deps, 'Test Receiving Home');
    sender = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId: sendingId }),
    );
    receiver = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId: receivingId }),
    );
    const shared = await openCase('Mitali Testdevi Fictionbibi', '+91 70000 12121');
    sharedCase = shared.id;
    sharedPerson = shared.person.id;
    keptPerson = (await openCase('Tanima Storyname Fictionkhatun', '+91 70000 34343')).person.id;
    const consent = await sender.post(`/api/care-cases/${sharedCase}/consents`, {
      purpose: `data_sharing:${receivingId}`,
      givenAt: '2025-03-05T10:00:00+05:30',
      givenBy: 'guardian',
      method: 'written',
      language: 'bn',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    consentId = consent.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  it('does not find another organisation’s person before it is shared', async () => {
    const matches = await search(receiver, { legalName: 'Mitali Testdevi Fictionbibi' });
    expect(matches.map((match) => match.personId)).not.toContain(sharedPerson);
  });

  it('finds a referred person by name and by phone, and never the sender’s unshared persons', async () => {
    const indexRows = async () =>
      subject.deps.db
        .selectFrom('identity_index')
        .select(['person_id', 'kind', 'token_hash'])
        .where('person_id', '=', sharedPerson)
        .orderBy('kind')
        .orderBy('token_hash')
        .execute();
    const before = await indexRows();
    const referred = await sender.post(`/api/care-cases/${sharedCase}/events`, {
      type: 'referral.made',
      occurredAt: new Date().toISOString(),
      data: { toOrganisationId: receivingId, reason: 'AdditionalServicesRequired' },
    });
    expect(referred.statusCode, referred.body).toBe(201);
    // Sharing writes nothing under the receiver's key: the stored values stay as they were.
    expect(await indexRows()).toEqual(before);

    const byName = await search(receiver, { legalName: 'Mitaly Testdebi' });
    expect(byName[0]?.personId).toBe(sharedPerson);
    expect(byName[0]?.score).toBeGreaterThan(0.5);
    const byPhone = await search(receiver, { phones: ['07000012121'] });
    expect(byPhone[0]?.personId).toBe(sharedPerson);
    const unshared = await search(receiver, {
      legalName: 'Tanima Storyname Fictionkhatun',
      phones: ['+91 70000 34343'],
    });
    expect(unshared.map((match) => match.personId)).not.toContain(keptPerson);
  });

  it('stops finding the person as soon as the consent to share is withdrawn', async () => {
    const withdrawn = await sender.post(
      `/api/care-cases/${sharedCase}/consents/${consentId}/withdraw`,
      {},
    );
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const matches = await search(receiver, { legalName: 'Mitali Testdevi Fictionbibi' });
    expect(matches.map((match) => match.personId)).not.toContain(sharedPerson);
  });
});
