import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { allItems, RESCUE_DATA } from './care-case.test-support.ts';

/** Bad input gets a clear 4xx with a code and the field, and nothing is half-written. */
describe(`care cases refuse bad input and write nothing (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;
  let partner: Client;
  let caseId: string;
  let policeId: string;
  let shelterId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Validation Trust');
    policeId = await anOrganisation(subject.deps, 'Test Police Station', 'police_station');
    shelterId = await anOrganisation(subject.deps, 'Test Validation Shelter', 'shelter_home');
    worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    partner = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['partner_official'], organisationId: policeId }),
    );
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: [] },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    caseId = opened.json<{ id: string }>().id;
    const rescue = await worker.post(`/api/care-cases/${caseId}/events`, {
      type: 'rescue.identified',
      occurredAt: '2025-03-03T23:30:00+05:30',
      data: RESCUE_DATA,
    });
    expect(rescue.statusCode, rescue.body).toBe(201);
  });
  afterAll(() => subject.close());

  async function counts() {
    const count = async (table: 'care_case_event' | 'audit_event' | 'consent' | 'assessment') =>
      Number(
        (
          await subject.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      events: await count('care_case_event'),
      consents: await count('consent'),
      assessments: await count('assessment'),
    };
  }

  async function refused(
    url: string,
    body: unknown,
    status: number,
    code: string,
    path?: string,
  ): Promise<void> {
    const before = await counts();
    const response = await worker.post(url, body);
    expect(response.statusCode, response.body).toBe(status);
    const error = response.json<{ error: { code: string; issues?: { path: string }[] } }>().error;
    expect(error.code).toBe(code);
    if (path) expect(error.issues?.map((issue) => issue.path)).toContain(path);
    expect(await counts()).toEqual(before);
  }
  const events = () => `/api/care-cases/${caseId}/events`;

  it('a new person’s identity given with the case: sealed in the same step; a bad one names its field and writes nobody', async () => {
    const persons = async () =>
      Number(
        (
          await subject.database.db
            .selectFrom('person')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const identity = {
      legalName: 'Fictional Sabitri Testmondal',
      aliases: [],
      phones: [],
      addresses: [],
      identityDocuments: [],
      familyNames: [],
    };
    const before = await persons();
    const bad = await worker.post('/api/care-cases', {
      person: {
        sex: 'female',
        ageBand: '15-17',
        languages: [],
        identity: { ...identity, birthDate: '2011-02-30' },
      },
      openedAt: '2025-03-05T09:00:00+05:30',
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(
      bad.json<{ error: { issues: { path: string }[] } }>().error.issues.map((issue) => issue.path),
    ).toContain('body.person.identity.birthDate');
    expect(await persons()).toBe(before);

    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: [], identity },
      openedAt: '2025-03-05T09:00:00+05:30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const { person } = opened.json<{ person: { id: string } }>();
    const stored = await worker.get(`/api/persons/${person.id}`);
    expect(stored.json<{ hasIdentity: boolean }>().hasIdentity).toBe(true);
    // Her name is findable by the similar-person search (blind index), never stored in clear.
    const similar = await worker.post('/api/persons/similar', {
      legalName: identity.legalName,
      phones: [],
    });
    expect(similar.statusCode, similar.body).toBe(200);
    expect(
      similar.json<{ matches: { personId: string }[] }>().matches.map((match) => match.personId),
    ).toContain(person.id);
  });

  it('a case that cannot be opened leaves no new person or identity behind', async () => {
    const { db } = subject.database;
    const count = async (table: 'person' | 'person_identity') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = { persons: await count('person'), identities: await count('person_identity') };
    // The database refuses this one case (a fault no request can cause, injected for the test).
    await sql`
      create function refuse_test_case() returns trigger language plpgsql as $$
      begin
        if new.opened_at = '2025-03-06T09:00:00+05:30'::timestamptz then
          raise exception 'refused for the test';
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_test_case before insert on care_case
      for each row execute function refuse_test_case()`.execute(db);
    try {
      const failed = await worker.post('/api/care-cases', {
        person: {
          sex: 'female',
          ageBand: '15-17',
          languages: [],
          identity: {
            legalName: 'Fictional Jharna Testhalder',
            aliases: [],
            phones: [],
            addresses: [],
            identityDocuments: [],
            familyNames: [],
          },
        },
        openedAt: '2025-03-06T09:00:00+05:30',
      });
      expect(failed.statusCode).toBe(500);
    } finally {
      await sql`drop trigger refuse_test_case on care_case`.execute(db);
      await sql`drop function refuse_test_case()`.execute(db);
    }
    expect({ persons: await count('person'), identities: await count('person_identity') }).toEqual(
      before,
    );
  });

  it('an impossible date (30 February)', () =>
    refused(
      events(),
      { type: 'note.case', occurredAt: '2025-02-30T10:00:00+05:30', data: { text: 'x' } },
      400,
      'VALIDATION_FAILED',
      'body.occurredAt',
    ));

  it('an event dated before the rescue, or in the future', async () => {
    await refused(
      events(),
      { type: 'note.case', occurredAt: '2025-03-01T10:00:00+05:30', data: { text: 'x' } },
      400,
      'VALIDATION_FAILED',
      'body.occurredAt',
    );
    await refused(
      events(),
      { type: 'note.case', occurredAt: '2099-01-01T10:00:00+05:30', data: { text: 'x' } },
      400,
      'VALIDATION_FAILED',
      'body.occurredAt',
    );
  });

  it('bad event data names the field', () =>
    refused(
      events(),
      {
        type: 'placement.started',
        occurredAt: '2025-03-04T15:00:00+05:30',
        data: { organisationId: shelterId, placementKind: 'hotel' },
      },
      400,
      'VALIDATION_FAILED',
      'body.data.placementKind',
    ));

  it('an id in event data that names nothing: an unknown shelter, another case’s plan', async () => {
    await refused(
      events(),
      {
        type: 'placement.started',
        occurredAt: '2025-03-04T15:00:00+05:30',
        data: {
          organisationId: '00000000-0000-4000-8000-000000000000',
          placementKind: 'shelter_home',
        },
      },
      400,
      'VALIDATION_FAILED',
      'body.data.organisationId',
    );
    await refused(
      events(),
      {
        type: 'care_plan.reviewed',
        occurredAt: '2025-03-05T10:00:00+05:30',
        data: { carePlanId: '00000000-0000-4000-8000-000000000000' },
      },
      400,
      'VALIDATION_FAILED',
      'body.data.carePlanId',
    );
  });

  it('a placement end without a start', () =>
    refused(
      events(),
      {
        type: 'placement.ended',
        occurredAt: '2025-03-05T10:00:00+05:30',
        data: { reason: 'other' },
      },
      409,
      'CONFLICT',
    ));

  it('closing a case with an open placement, then closing a closed case', async () => {
    const placed = await worker.post(events(), {
      type: 'placement.started',
      occurredAt: '2025-03-04T15:00:00+05:30',
      data: { organisationId: shelterId, placementKind: 'shelter_home' },
    });
    expect(placed.statusCode).toBe(201);
    await refused(
      events(),
      {
        type: 'case.closed',
        occurredAt: '2025-04-01T10:00:00+05:30',
        data: { reason: 'restored' },
      },
      409,
      'CONFLICT',
    );
    await worker.post(events(), {
      type: 'placement.ended',
      occurredAt: '2025-04-01T10:00:00+05:30',
      data: { reason: 'transferred' },
    });
    const closed = await worker.post(events(), {
      type: 'case.closed',
      occurredAt: '2025-04-02T10:00:00+05:30',
      data: { reason: 'transferred' },
    });
    expect(closed.statusCode).toBe(201);
    await refused(
      events(),
      {
        type: 'case.closed',
        occurredAt: '2025-04-03T10:00:00+05:30',
        data: { reason: 'restored' },
      },
      409,
      'CONFLICT',
    );
  });

  it('an assessment missing an item or off the scale names the item', async () => {
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '18-24', languages: [] },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    const otherCase = opened.json<{ id: string }>().id;
    const items = allItems(3, { coping_skills_rating: 5 });
    await refused(
      `/api/care-cases/${otherCase}/assessments`,
      { assessedAt: '2025-03-10T10:00:00+05:30', items },
      400,
      'VALIDATION_FAILED',
      'body.items.coping_skills_rating',
    );
  });

  it('a referral needs consent to share; withdrawn consent → CONSENT_REQUIRED, and the partner loses sight at once', async () => {
    const opened = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: [] },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    const referredCase = opened.json<{ id: string }>().id;
    const referral = {
      type: 'referral.made',
      occurredAt: new Date().toISOString(),
      data: { toOrganisationId: policeId, reason: 'AdditionalServicesRequired' },
    };
    const url = `/api/care-cases/${referredCase}/events`;
    await refused(url, referral, 422, 'CONSENT_REQUIRED');

    const consent = await worker.post(`/api/care-cases/${referredCase}/consents`, {
      purpose: `data_sharing:${policeId}`,
      givenAt: '2025-03-05T10:00:00+05:30',
      givenBy: 'guardian',
      method: 'written',
      language: 'bn',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const made = await worker.post(url, referral);
    expect(made.statusCode, made.body).toBe(201);
    expect((await partner.get(`/api/care-cases/${referredCase}`)).statusCode).toBe(200);
    await worker.post(url, {
      type: 'note.case',
      occurredAt: new Date().toISOString(),
      data: { text: 'Internal note for the care team only.' },
    });
    const timeline = await partner.get(`/api/care-cases/${referredCase}/timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).toContain('referral.made');
    expect(timeline.body).not.toContain('note.case');

    const consentId = consent.json<{ id: string }>().id;
    const withdrawn = await worker.post(
      `/api/care-cases/${referredCase}/consents/${consentId}/withdraw`,
      {},
    );
    expect(withdrawn.json()).toMatchObject({ active: false });
    expect((await partner.get(`/api/care-cases/${referredCase}`)).statusCode).toBe(404);
    await refused(
      url,
      { ...referral, occurredAt: new Date().toISOString() },
      422,
      'CONSENT_REQUIRED',
    );
  });
});
