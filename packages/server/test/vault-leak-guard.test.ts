import type { Role } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obligationSources } from '../src/features/obligations/obligation-sources.ts';
import { sweepObligations } from '../src/features/obligations/obligation.sweep.ts';
import { aUser, anOrganisation, signedIn, type Client } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { testDatabaseKind } from './test-database.ts';

/**
 * Issue 19, the guard: no value that lives in the vault leaves it except through a reveal. Persons
 * get every identity field, filled with invented values no other record contains; then every
 * journey that reads the vault runs (legal cases and their obligations, the sweep, alerts and
 * their e-mails, the calendar feed, the report, rescue operations and their care cases,
 * documents, the similar-person search, a reveal). Afterwards every table (but the vault's own
 * ciphertext and blind-index hashes), every answer given to a user without `identity:reveal`, the
 * server log and the e-mail outbox are searched for each value in every common form.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** An instant `days` before now (events of the story happen in the last few weeks). */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

// Invented for this test: no real person has these details, and no other fixture uses them.
const CHILD = {
  photoReference: 'photo-Quintarelle-01',
  legalName: 'Zorbanita Quillfeather',
  aliases: ['Kwyllora Snapdrake'],
  birthDate: '2013-04-02',
  phones: ['+91 98301 47265'],
  addresses: [
    {
      line: '14 Quokkaberry Lane, Vendrastow',
      district: 'Zelmorica',
      state: 'Xanthoriel',
      country: 'Freedonivia',
      postalCode: 'ZQ-4471',
    },
  ],
  identityDocuments: [{ type: 'aadhaar', number: '8641 2975 3308' }],
  familyNames: [{ relation: 'mother', name: 'Bellatrine Quillfeather' }],
};
const ADULT = {
  photoReference: 'photo-Brannowick-02',
  legalName: 'Marvolene Tibbertwist',
  aliases: ['Oprisca Vantwhistle'],
  birthDate: '2001-09-21',
  phones: ['+91 97482 60319'],
  addresses: [
    {
      line: '9 Glimmerhatch Row',
      district: 'Pondrovale',
      state: 'Umbervashti',
      country: 'Kelvandoria',
      postalCode: 'GH-5520',
    },
  ],
  identityDocuments: [{ type: 'voter_id', number: 'WQX7730415' }],
  familyNames: [{ relation: 'brother', name: 'Corvantius Tibbertwist' }],
};
const ACCUSED = {
  photoReference: 'photo-Stellimere-03',
  legalName: 'Drummelfox Harrowgate',
  aliases: ['Scrimshander Pell'],
  birthDate: '1983-11-17',
  phones: ['+91 90077 31842'],
  addresses: [
    {
      line: '3 Brackenquill Mews',
      district: 'Thornwithy',
      state: 'Sarnevaldia',
      country: 'Ostravinde',
      postalCode: 'BQ-6093',
    },
  ],
  identityDocuments: [{ type: 'passport', number: 'Z8841932' }],
  familyNames: [{ relation: 'father', name: 'Ozymandrel Harrowgate' }],
};
const RESCUED_CHILD = {
  photoReference: 'photo-Ashgravine-04',
  legalName: 'Feyrinth Calloway-Dusk',
  aliases: ['Little Mirrowen'],
  birthDate: '2012-06-19',
  phones: ['+91 99033 58714'],
  addresses: [
    {
      line: '27 Wistermoor Close',
      district: 'Quellbright',
      state: 'Pellinorath',
      country: 'Drusvenmark',
      postalCode: 'WM-2281',
    },
  ],
  identityDocuments: [{ type: 'birth_certificate', number: 'BC-557-30928' }],
  familyNames: [{ relation: 'aunt', name: 'Hestiveer Calloway' }],
};

type Identity = typeof CHILD;

/** Every vault value of an identity, as stored (the document type and relation are categories). */
function vaultValues(identity: Identity): string[] {
  return [
    identity.legalName,
    ...identity.aliases,
    identity.photoReference,
    identity.birthDate,
    ...identity.phones,
    ...identity.addresses.flatMap((address) =>
      Object.values(address).filter((value): value is string => typeof value === 'string'),
    ),
    ...identity.identityDocuments.map((document) => document.number),
    ...identity.familyNames.map((family) => family.name),
  ];
}

/** A value in the forms a leak could take: as written, lower case, digits only, dates and words. */
function formsOf(value: string): string[] {
  const forms = new Set([value.toLowerCase()]);
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 6) forms.add(digits);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) {
    const [, year, month, day] = iso;
    forms.add(`${day}/${month}/${year}`);
    forms.add(`${day}-${month}-${year}`);
    forms.add(`${day}${month}${year}`);
    forms.add(`${day}.${month}.${year}`);
  }
  // A name or an address leaks just as well in part: each distinctive word on its own.
  for (const word of value.split(/[^\p{L}]+/u)) if (word.length >= 7) forms.add(word.toLowerCase());
  return [...forms];
}

/** Where `haystack` holds a vault value: "<value> as <form>" for each one found. */
function leaksIn(haystack: string, values: readonly string[]): string[] {
  const text = haystack.toLowerCase();
  const found: string[] = [];
  for (const value of values) {
    for (const form of formsOf(value)) if (text.includes(form)) found.push(`${value} as ${form}`);
  }
  return found;
}

/** Records every answer a client receives (status, headers and body). */
function recording(client: Client, answers: string[]): Client {
  const request = client.request.bind(client);
  client.request = async (method, url, body) => {
    const response = await request(method, url, body);
    answers.push(
      `${method} ${url} → ${response.statusCode}\n${JSON.stringify(response.headers)}\n${response.body}`,
    );
    return response;
  };
  return client;
}

describe(`no vault value leaves the vault except through a reveal (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  /** Every answer given to users without identity:reveal. */
  const answers: string[] = [];
  let legalOfficer: Client;
  let socialWorker: Client;
  let police: Client;
  let analyst: Client;
  let manager: Client;
  let caseId: string;
  let stationId: string;
  const personIds: Record<string, string> = {};
  const values = [CHILD, ADULT, ACCUSED, RESCUED_CHILD].flatMap(vaultValues);

  const expectStatus = (response: { statusCode: number; body: string }, status: number) =>
    expect(response.statusCode, response.body).toBe(status);

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    stationId = await anOrganisation(subject.deps, 'Test Fictionganj PS', 'police_station');
    const user = async (roles: Role[], organisation = organisationId) =>
      signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles,
          organisationId: organisation,
          twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
        }),
      );
    legalOfficer = recording(await user(['legal_officer']), answers);
    socialWorker = recording(await user(['social_worker']), answers);
    police = recording(await user(['partner_official'], stationId), answers);
    analyst = recording(await user(['analyst']), answers);
    // The manager may reveal: her answers are the one place the values may appear.
    manager = await user(['program_manager']);

    const aPerson = async (
      client: Client,
      key: string,
      person: { sex: string; ageBand: string },
      identity?: Identity,
    ) => {
      const response = await client.post('/api/persons', {
        ...person,
        languages: ['bn'],
        ...(identity ? { identity } : {}),
      });
      expectStatus(response, 201);
      personIds[key] = response.json<{ id: string }>().id;
    };
    await aPerson(legalOfficer, 'child', { sex: 'female', ageBand: '12-14' }, CHILD);
    await aPerson(legalOfficer, 'adult', { sex: 'female', ageBand: '18-24' }, ADULT);
    // Issue 12 point 10: an adult by her age band, with no birth date anywhere.
    await aPerson(legalOfficer, 'bandOnly', { sex: 'female', ageBand: '18-24' });
    await aPerson(legalOfficer, 'accused', { sex: 'male', ageBand: '35+' }, ACCUSED);
    await aPerson(socialWorker, 'rescuedChild', { sex: 'female', ageBand: '12-14' }, RESCUED_CHILD);
  });
  afterAll(() => subject.close());

  it('runs every journey that reads the vault', async () => {
    // A legal case whose child victim's clocks depend on her birth date in the vault.
    const created = await legalOfficer.post('/api/legal-cases', {
      fir: { policeStationId: stationId, number: '41', year: 2026, registeredAt: daysAgo(12) },
      forum: 'special-pocso',
      offences: ['BNS:143(4)', 'POCSO:6'],
      victims: [personIds.child, personIds.adult, personIds.bandOnly],
      accused: [personIds.accused],
    });
    expectStatus(created, 201);
    caseId = created.json<{ id: string }>().id;
    const events = [
      { type: 'victim.rescued', occurredAt: daysAgo(11), data: { victim: 'V1' } },
      { type: 'victim.rescued', occurredAt: daysAgo(11), data: { victim: 'V2' } },
      { type: 'victim.rescued', occurredAt: daysAgo(11), data: { victim: 'V3' } },
      { type: 'accused.arrested', occurredAt: daysAgo(11), data: { accused: 'A1' } },
      {
        type: 'accused.produced_before_magistrate',
        occurredAt: daysAgo(10.9),
        data: { accused: 'A1' },
      },
      {
        type: 'accused.remanded',
        occurredAt: daysAgo(10.8),
        data: { accused: 'A1', custody: 'judicial' },
      },
      { type: 'chargesheet.filed', occurredAt: daysAgo(3) },
      {
        type: 'court.cognizance',
        occurredAt: daysAgo(2),
        data: { nextDate: new Date(Date.now() + 10 * DAY_MS).toISOString() },
      },
      {
        type: 'compensation.applied',
        occurredAt: daysAgo(1),
        data: { victim: 'V1', scheme: 'NALSA-2018' },
      },
    ];
    for (const event of events) {
      expectStatus(await legalOfficer.post(`/api/legal-cases/${caseId}/events`, event), 201);
    }
    expectStatus(
      await legalOfficer.post(`/api/legal-cases/${caseId}/shares`, { organisationId: stationId }),
      200,
    );

    // The sweep materialises the obligations and raises alerts and e-mails.
    await sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
    );

    for (const client of [legalOfficer, police]) {
      expectStatus(await client.get('/api/legal-cases'), 200);
      expectStatus(await client.get(`/api/legal-cases/${caseId}`), 200);
      expectStatus(await client.get(`/api/legal-cases/${caseId}/events`), 200);
      expectStatus(await client.get(`/api/legal-cases/${caseId}/obligations`), 200);
      expectStatus(await client.get('/api/obligations'), 200);
      expectStatus(await client.get(`/api/obligations?caseId=${caseId}`), 200);
      expectStatus(await client.get('/api/alerts'), 200);
      expectStatus(await client.get('/api/compensation/claims'), 200);
      expectStatus(await client.get('/api/hearings'), 200);
    }
    for (const key of ['child', 'adult', 'bandOnly', 'accused']) {
      expectStatus(await legalOfficer.get(`/api/persons/${key ? personIds[key] : ''}`), 200);
      // Without identity:reveal, a reveal is refused like a missing record.
      expectStatus(
        await legalOfficer.post(`/api/persons/${personIds[key]}/identity/reveal`, {
          purpose: 'court_proceedings',
          reason: 'Preparing the victim for her deposition',
        }),
        404,
      );
    }
    expectStatus(
      await legalOfficer.post('/api/persons/similar', { legalName: CHILD.legalName }),
      200,
    );

    // The calendar feed, as a calendar app fetches it.
    const feed = await legalOfficer.post('/api/hearings/feed');
    expectStatus(feed, 200);
    const calendar = await subject.app.inject({
      method: 'GET',
      url: feed.json<{ path: string }>().path,
    });
    expectStatus(calendar, 200);
    answers.push(calendar.body);

    // A rescue operation, its care cases, and a document about the rescued child.
    const operation = await socialWorker.post('/api/rescue-operations', {
      occurredAt: daysAgo(5),
      district: 'Test District',
      location: 'A fictional godown by the test river',
      legalBasis: 'ITPA:15',
      rescuedPersonIds: [personIds.rescuedChild],
    });
    expectStatus(operation, 201);
    const operationId = operation.json<{ id: string }>().id;
    expectStatus(await socialWorker.post(`/api/rescue-operations/${operationId}/care-cases`), 200);
    expectStatus(await socialWorker.get('/api/rescue-operations'), 200);
    expectStatus(await socialWorker.get(`/api/rescue-operations/${operationId}`), 200);
    const careCases = await socialWorker.get('/api/care-cases');
    expectStatus(careCases, 200);
    expect(careCases.json<{ total: number }>().total).toBe(1);
    for (const careCase of careCases.json<{ cases: { id: string }[] }>().cases) {
      expectStatus(await socialWorker.get(`/api/care-cases/${careCase.id}`), 200);
      expectStatus(await socialWorker.get(`/api/care-cases/${careCase.id}/timeline`), 200);
    }
    expectStatus(await socialWorker.get(`/api/persons/${personIds.rescuedChild}`), 200);
    expectStatus(await socialWorker.get('/api/my-work'), 200);
    const boundary = 'dawn-guard-boundary';
    const field = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const upload = await subject.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: socialWorker.cookie ?? '',
        'x-csrf-token': socialWorker.csrfToken ?? '',
      },
      payload: Buffer.from(
        field('entityType', 'person') +
          field('entityId', personIds.rescuedChild ?? '') +
          field('type', 'medical_report') +
          field('title', 'Medical examination report') +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n% a fictional report\n%%EOF\n\r\n--${boundary}--\r\n`,
      ),
    });
    answers.push(upload.body);
    expectStatus(upload, 201);
    const documents = await socialWorker.get(
      `/api/documents?entityType=person&entityId=${personIds.rescuedChild}`,
    );
    expectStatus(documents, 200);
    const [document] = documents.json<{ documents: { id: string }[] }>().documents;
    expectStatus(await socialWorker.get(`/api/documents/${document?.id}`), 200);
    expectStatus(await socialWorker.get(`/api/documents/${document?.id}/content`), 200);

    // The report, read by an analyst.
    expectStatus(await analyst.get('/api/reports/chosen-few?from=2020-01-01&to=2030-12-31'), 200);
    expectStatus(
      await analyst.get('/api/reports/chosen-few.html?from=2020-01-01&to=2030-12-31'),
      200,
    );

    // One reveal, with a reason, by the manager: it reaches her, and only her.
    const revealed = await manager.post(`/api/persons/${personIds.child}/identity/reveal`, {
      purpose: 'court_proceedings',
      reason: 'Court summons: the prosecutor needs the legal name',
    });
    expectStatus(revealed, 200);
    expect(revealed.body).toContain(CHILD.legalName);
  });

  it('the child victim’s clocks follow her vault birth date, explained without it', async () => {
    const obligations = (await legalOfficer.get(`/api/legal-cases/${caseId}/obligations`)).json<{
      obligations: { rule: string; subject: string | null; explanation: { condition: string } }[];
    }>().obligations;
    const production = obligations.filter((entry) => entry.rule === 'IN.JJ.31.cwc-production');
    // V1 (12–14, born 2013 by the vault) is a child; V2 (born 2001) and V3 (18–24 when recorded,
    // no birth date) are adults, so the JJ Act clocks are V1's alone.
    expect(production.map((entry) => entry.subject)).toEqual(['V1']);
    expect(production[0]?.explanation.condition).toMatch(
      /V1 was under 18 on \d{4}-\d{2}-\d{2}, by the recorded date of birth$/,
    );
  });

  it('no table, answer, log line or e-mail holds a vault value', async () => {
    const db = subject.deps.db;
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'
      order by table_name
    `.execute(db);
    // The vault itself: ciphertext and keyed hashes, which hold no value in the clear.
    const vault = new Set(['person_identity', 'identity_index']);
    const dumped = tables.rows.map((row) => row.table_name).filter((name) => !vault.has(name));
    expect(dumped).toEqual(expect.arrayContaining(['obligation', 'alert', 'outbox_email']));
    const leaks: string[] = [];
    for (const table of dumped) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
        db,
      );
      for (const leak of leaksIn(JSON.stringify(rows.rows), values)) {
        leaks.push(`table ${table}: ${leak}`);
      }
    }
    for (const answer of answers) {
      for (const leak of leaksIn(answer, values)) leaks.push(`${answer.split('\n')[0]}: ${leak}`);
    }
    for (const leak of leaksIn(subject.logs(), values)) leaks.push(`server log: ${leak}`);
    const outbox = await db.selectFrom('outbox_email').select(['subject', 'body_text']).execute();
    expect(outbox.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
