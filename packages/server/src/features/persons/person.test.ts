import { ROLES, type Role } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { verifyAuditChain } from '../../platform/audit/audit.ts';

// Invented people: no real person has these details.
const RUPALI = {
  legalName: 'Rupali Khatun Testbibi',
  aliases: ['Rupa Testbibi'],
  birthDate: '2009-04-02',
  phones: ['+91 98300 12345'],
  addresses: [{ line: '14 Imaginary Lane, Fictionpur', district: 'Nowhere', state: 'West Bengal' }],
  identityDocuments: [{ type: 'aadhaar' as const, number: '0000 1111 2222' }],
  familyNames: [{ relation: 'mother', name: 'Jahanara Testbibi' }],
};
const PLAINTEXTS = [
  'Rupali',
  'Testbibi',
  'Jahanara',
  '98300',
  'Imaginary Lane',
  'Fictionpur',
  '0000 1111 2222',
  '2009-04-02',
];

async function everyRowAsText(subject: TestApp): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public'`.execute(
    subject.database.db,
  );
  const parts: string[] = [];
  for (const { table_name: table } of tables.rows) {
    const rows = await sql`select * from ${sql.table(table)}`.execute(subject.database.db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n');
}

describe(`persons and the identity vault (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let worker: TestUser;
  let manager: TestUser;
  let workerClient: Client;
  let managerClient: Client;
  let personId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    worker = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    manager = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: true,
    });
    workerClient = await signedIn(subject.app, worker);
    managerClient = await signedIn(subject.app, manager);
  });
  afterAll(() => subject.close());

  it('a social worker records a survivor: she gets a pseudonym, and her identity goes to the vault', async () => {
    const response = await workerClient.post('/api/persons', {
      sex: 'female',
      ageBand: '15-17',
      originState: 'West Bengal',
      originCountry: 'IN',
      languages: ['bn'],
      identity: RUPALI,
    });
    expect(response.statusCode).toBe(201);
    const person = response.json<{ id: string; pseudonym: string; hasIdentity: boolean }>();
    expect(person.pseudonym).toMatch(/^[A-Z][a-z]+-[A-Z0-9]{4}$/);
    expect(person.hasIdentity).toBe(true);
    expect(response.body).not.toContain('Rupali');
    personId = person.id;
  });

  it('her record and its audit entry are written together: the entry names who and which request, is keyed, and the chainer links it', async () => {
    const entry = await subject.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'outcome', 'request_id', 'details', 'mac_key_id', 'entry_mac'])
      .where('action', '=', 'person.created')
      .where('entity_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_user_id: worker.id,
      outcome: 'success',
      details: { withIdentity: true },
    });
    expect(entry.request_id).toEqual(expect.any(String));
    expect(entry.mac_key_id).toEqual(expect.any(String));
    await expect
      .poll(
        async () =>
          (
            await subject.database.db
              .selectFrom('audit_event')
              .select('hash')
              .where('action', '=', 'person.created')
              .where('entity_id', '=', personId)
              .executeTakeFirstOrThrow()
          ).hash,
        { timeout: 10_000 },
      )
      .toEqual(expect.any(String));
    expect(await verifyAuditChain(subject.database.db)).toMatchObject({ ok: true });
  });

  it('no table holds a name, phone, address or document number in plaintext', async () => {
    const dump = await everyRowAsText(subject);
    for (const plaintext of PLAINTEXTS) expect(dump).not.toContain(plaintext);
    expect(dump.toLowerCase()).not.toContain('rupali');
  });

  it('revealing without the permission is a 404; with it, the identity, and an audit entry with the reason', async () => {
    const denied = await workerClient.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'family_tracing',
      reason: 'Need to call her family',
    });
    expect(denied.statusCode).toBe(404);

    const tooShort = await managerClient.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'court_proceedings',
      reason: 'because',
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json()).toMatchObject({ error: { issues: [{ path: 'body.reason' }] } });

    const reason = 'Court summons: confirm the identity for the POCSO deposition';
    const revealed = await managerClient.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'court_proceedings',
      reason,
    });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.headers['cache-control']).toBe('no-store');
    expect(revealed.json()).toMatchObject({
      identity: { legalName: RUPALI.legalName, phones: RUPALI.phones },
    });

    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'details', 'outcome'])
      .where('action', '=', 'identity.revealed')
      .where('entity_id', '=', personId)
      .execute();
    expect(audit).toEqual([
      {
        actor_user_id: manager.id,
        details: { purpose: 'court_proceedings', reason },
        outcome: 'success',
      },
    ]);
  });

  it('finds her again from a misspelt name or her phone, answering pseudonyms and scores only', async () => {
    const other = await workerClient.post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      languages: [],
      identity: { legalName: 'Sunita Kumari Testdevi', phones: ['+91 70000 99999'] },
    });
    expect(other.statusCode).toBe(201);

    const byName = await workerClient.post('/api/persons/similar', {
      legalName: 'Rupaly Khatoon Testbibi',
    });
    expect(byName.statusCode).toBe(200);
    const matches = byName.json<{
      matches: { personId: string; pseudonym: string; score: number }[];
    }>().matches;
    expect(matches[0]?.personId).toBe(personId);
    expect(byName.body).not.toContain('Rupali');

    const byPhone = await workerClient.post('/api/persons/similar', { phones: ['098300-12345'] });
    expect(byPhone.json<{ matches: { personId: string }[] }>().matches[0]?.personId).toBe(personId);
  });

  it('a colleague not on her team does not see her; the manager of the organisation does', async () => {
    const colleague = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    expect((await colleague.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    const list = await colleague.get('/api/persons');
    expect(list.json()).toMatchObject({ persons: [], total: 0 });
    expect((await managerClient.get(`/api/persons/${personId}`)).statusCode).toBe(200);
    expect((await workerClient.get('/api/persons')).json()).toMatchObject({ total: 2 });
  });

  it('pages her persons by cursor, each once, without a total unless asked', async () => {
    const all = (await workerClient.get('/api/persons')).json<{ persons: { id: string }[] }>();
    const first = (await workerClient.get('/api/persons?limit=1&count=none')).json<{
      persons: { id: string }[];
      total?: number;
      nextCursor: string | null;
    }>();
    expect(first.total).toBeUndefined();
    const second = (
      await workerClient.get(`/api/persons?limit=1&count=none&after=${first.nextCursor ?? ''}`)
    ).json<{ persons: { id: string }[]; nextCursor: string | null }>();
    expect([...first.persons, ...second.persons].map((person) => person.id)).toEqual(
      all.persons.map((person) => person.id),
    );
    expect(all.persons).toHaveLength(2);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await subject.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await workerClient.post('/api/persons', {
      sex: 'female',
      ageBand: '15-17',
      identity: { legalName: 'Test Person', birthDate: '2010-02-30' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'body.identity.birthDate', message: 'is not a real date' }],
      },
    });
    const after = await subject.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('every write of person data is in the audit trail', async () => {
    const update = await workerClient.request('PUT', `/api/persons/${personId}/identity`, {
      ...RUPALI,
      phones: ['+91 90000 00001'],
    });
    expect(update.statusCode).toBe(200);
    const actions = (
      await subject.database.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity_id', '=', personId)
        .execute()
    ).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['person.created', 'identity.revealed', 'identity.updated']),
    );
  });
});

/** Role × person action → allowed or 404 (written out by hand). */
const REVEAL: Role[] = ['program_manager'];
const READ_ANY_IN_ORGANISATION: Role[] = ['program_manager'];
const CREATE: Role[] = ['social_worker', 'legal_officer', 'program_manager'];
const SEARCH_SIMILAR: Role[] = ['social_worker', 'legal_officer', 'program_manager'];

describe(`access matrix: persons (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const clients = new Map<Role, Client>();
  let personId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Persons Trust');
    for (const role of ROLES) {
      const user = await aUser(subject.deps, {
        roles: [role],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
      });
      clients.set(role, await signedIn(subject.app, user));
    }
    // Recorded by someone else, so nobody in the matrix is on her team.
    const author = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    const created = await author.post('/api/persons', {
      sex: 'female',
      ageBand: '12-14',
      languages: [],
      identity: { legalName: 'Matrix Testperson' },
    });
    personId = created.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  async function outcome(
    role: Role,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<'ok' | number> {
    const client = clients.get(role);
    if (!client) throw new Error(role);
    const response = await client.request(method, url, body);
    return response.statusCode === 200 || response.statusCode === 201 ? 'ok' : response.statusCode;
  }
  const expectation = (allowed: Role[]) =>
    Object.fromEntries(ROLES.map((role) => [role, allowed.includes(role) ? 'ok' : 404]));

  it(`create a person: ${CREATE.join(', ')}`, async () => {
    const actual: Record<string, 'ok' | number> = {};
    for (const role of ROLES) {
      actual[role] = await outcome(role, 'POST', '/api/persons', {
        sex: 'male',
        ageBand: 'unknown',
        languages: [],
      });
    }
    expect(actual).toEqual(expectation(CREATE));
  });

  it(`read someone else's person: ${READ_ANY_IN_ORGANISATION.join(', ')}`, async () => {
    const actual: Record<string, 'ok' | number> = {};
    for (const role of ROLES) actual[role] = await outcome(role, 'GET', `/api/persons/${personId}`);
    expect(actual).toEqual(expectation(READ_ANY_IN_ORGANISATION));
  });

  it(`reveal an identity: ${REVEAL.join(', ')}`, async () => {
    const actual: Record<string, 'ok' | number> = {};
    for (const role of ROLES) {
      actual[role] = await outcome(role, 'POST', `/api/persons/${personId}/identity/reveal`, {
        purpose: 'other',
        reason: 'checking who may reveal identities',
      });
    }
    expect(actual).toEqual(expectation(REVEAL));
  });

  it(`search similar persons: ${SEARCH_SIMILAR.join(', ')}`, async () => {
    const actual: Record<string, 'ok' | number> = {};
    for (const role of ROLES)
      actual[role] = await outcome(role, 'POST', '/api/persons/similar', {
        legalName: 'Matrix Testperson',
      });
    expect(actual).toEqual(expectation(SEARCH_SIMILAR));
  });

  it('signed out: 401 everywhere', async () => {
    const anonymous = new Client(subject.app);
    expect((await anonymous.get('/api/persons')).statusCode).toBe(401);
    expect(
      (
        await anonymous.post(`/api/persons/${personId}/identity/reveal`, {
          purpose: 'other',
          reason: 'no session at all here',
        })
      ).statusCode,
    ).toBe(401);
  });
});
