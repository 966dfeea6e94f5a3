import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

// Invented people and places: no real person or premises is described.
const PHONE = '+91 70000 80808';
const ACCUSED = ['Raju Sheikh Testmia', 'Raju Sk Testmiya', 'রাজু শেখ টেস্টমিয়া'];
const PLACE = ['14, Test Lane, Fictionpur', 'Fictionpur Test Lane 14'];

interface Network {
  nodes: { id: string; kind: string; label: string }[];
  edges: { id: string; kind: string; source: string; target: string; status?: string }[];
}

describe(`the network of the accused across cases (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: Client;
  let otherOfficer: Client;
  let manager: Client;
  let partner: Client;
  let partnerOrganisationId: string;
  const accusedIds: string[] = [];
  const caseIds: string[] = [];

  async function person(client: Client, legalName: string, phones: string[] = []) {
    const response = await client.post('/api/persons', {
      sex: 'male',
      ageBand: '25-34',
      languages: [],
      identity: { legalName, phones },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  }

  async function network(client: Client, query = ''): Promise<Network> {
    const response = await client.get(`/api/networks${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Network>();
  }

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    officer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    otherOfficer = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['legal_officer'], organisationId }),
    );
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    partnerOrganisationId = await anOrganisation(subject.deps, 'Test Partner Legal Aid');
    partner = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['partner_official'],
        organisationId: partnerOrganisationId,
      }),
    );
    for (const [index, name] of ACCUSED.entries()) {
      const accused = await person(officer, name, [PHONE]);
      accusedIds.push(accused);
      const victim = await person(officer, `Testvictim Number${'x'.repeat(index + 1)}`);
      const legalCase = await officer.post('/api/legal-cases', {
        victims: [victim],
        accused: [accused],
      });
      expect(legalCase.statusCode, legalCase.body).toBe(201);
      caseIds.push(legalCase.json<{ id: string }>().id);
      const place = PLACE[index];
      if (place) {
        const rescue = await officer.post('/api/rescue-operations', {
          occurredAt: `2025-0${index + 1}-14T01:30:00+05:30`,
          district: 'Test District',
          location: place,
          legalBasis: 'ITPA:15',
          rescuedPersonIds: [victim],
          arrestedPersonIds: [accused],
          legalCaseId: legalCase.json<{ id: string }>().id,
        });
        expect(rescue.statusCode, rescue.body).toBe(201);
      }
    }
  });
  afterAll(() => subject.close());

  it('draws accused — case — place — victim, with suggested same-person links and pseudonyms only', async () => {
    const drawn = await network(officer);
    const count = (kind: string) => drawn.nodes.filter((node) => node.kind === kind).length;
    expect([count('case'), count('accused'), count('victim'), count('place')]).toEqual([
      3, 3, 3, 1,
    ]);
    const same = drawn.edges.filter((edge) => edge.kind === 'same_person');
    expect(same).toHaveLength(3);
    expect(same.every((edge) => edge.status === 'suggested')).toBe(true);
    expect(drawn.edges.filter((edge) => edge.kind === 'rescue_at')).toHaveLength(2);
    const body = JSON.stringify(drawn);
    // 'Raju' alone is also one of Dawn's pseudonym names ("Raju-K7QX"), which the network shows.
    expect(body).not.toMatch(/Raju Sheikh|Raju Sk|রাজু|Testmi|Testvictim|Fictionpur|80808/);
  });

  it('a legal officer not on the cases’ teams sees nothing; the programme manager sees them all', async () => {
    expect((await network(otherOfficer)).nodes).toEqual([]);
    expect((await network(manager)).nodes.filter((node) => node.kind === 'case')).toHaveLength(3);
    expect((await network(officer, '?district=Elsewhere')).nodes).toEqual([]);
    expect((await network(officer, '?from=2999-01-01')).nodes).toEqual([]);
    const bad = await officer.get('/api/networks?from=yesterday');
    expect(bad.statusCode).toBe(400);
  });

  it('confirming a suggested link is audited and marks it confirmed', async () => {
    const [first, second] = accusedIds as [string, string];
    expect(
      (
        await otherOfficer.post('/api/networks/links', {
          personId: first,
          otherPersonId: second,
        })
      ).statusCode,
    ).toBe(404);
    const confirmed = await officer.post('/api/networks/links', {
      personId: first,
      otherPersonId: second,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const edges = (await network(officer)).edges.filter((edge) => edge.kind === 'same_person');
    expect(edges.filter((edge) => edge.status === 'confirmed')).toHaveLength(1);
    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select(['entity_id', 'details'])
      .where('action', '=', 'network.link_confirmed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ otherPersonId: [first, second].sort()[1] });
  });

  it('a partner sees only the cases shared with it', async () => {
    expect((await network(partner)).nodes).toEqual([]);
    const shared = await officer.post(`/api/legal-cases/${caseIds[0] ?? ''}/shares`, {
      organisationId: partnerOrganisationId,
    });
    expect(shared.statusCode, shared.body).toBe(200);
    const drawn = await network(partner);
    expect(drawn.nodes.filter((node) => node.kind === 'case')).toHaveLength(1);
    expect(drawn.nodes.filter((node) => node.kind === 'accused')).toHaveLength(1);
  });

  it('the network of one accused holds the cases they are party to', async () => {
    const [first] = accusedIds as [string];
    const drawn = await network(officer, `?personId=${first}`);
    expect(drawn.nodes.filter((node) => node.kind === 'case')).toHaveLength(1);
  });
});
