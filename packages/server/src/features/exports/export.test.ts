import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CTDC_COLUMNS,
  HTCDS_EXPORT_COLUMNS,
  ctdcRowQuasiIdentifiers,
  keyOf,
  smallestClass,
} from '@dawn/core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { exportRequestSchema, verifyFile, writeExportFile } from './export.service.ts';
import { seedCasePersons } from './export.test-support.ts';

const SEXUAL = {
  rescuedBy: 'ahtu',
  traffickingStatus: 'ActualVictimOfTrafficking',
  traffickingStatusDecidedBy: 'Police',
  methodsOfControl: ['DebtBondage', 'FalsePromises'],
  typeOfExploitation: ['SexualExploitation'],
  locationOfExploitation: { district: 'Kolkata', state: 'West Bengal', country: 'IN' },
};
const LABOUR = {
  rescuedBy: 'police',
  traffickingStatus: 'PossibleVictimOfTrafficking',
  traffickingStatusDecidedBy: 'NGO',
  methodsOfControl: ['WithholdsDocuments'],
  typeOfExploitation: ['ForcedLabour'],
  forcedLabourIndustry: 'C_Manufacturing',
  locationOfExploitation: { district: 'Howrah', state: 'West Bengal', country: 'IN' },
};

const csvRows = (text: string) => parse<Record<string, string>>(text, { columns: true });

const combinationsOf = (rows: Record<string, string>[]) => {
  const histogram = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(ctdcRowQuasiIdentifiers(row));
    histogram.set(key, (histogram.get(key) ?? 0) + 1);
  }
  return histogram;
};

// Issue 16: a programme manager of an anti-trafficking NGO sends the donor the HTCDS file and
// publishes a CTDC-style dataset. Every person here is invented.
describe(`exports: HTCDS 2.0 and the CTDC-style dataset (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let analyst: Client;
  let worker: Client;
  let admin: Client;
  let organisationId: string;
  let pseudonyms: string[];
  let otherCaseIds: string[];
  let directory: string;

  beforeAll(async () => {
    subject = await createTestApp();
    directory = await mkdtemp(join(tmpdir(), 'dawn-export-test-'));
    organisationId = await anOrganisation(subject.deps, 'Test Export Trust');
    const otherOrganisation = await anOrganisation(subject.deps, 'Test Other Export Trust');
    const user = async (roles: Parameters<typeof aUser>[1]['roles']) =>
      signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles,
          organisationId,
          twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
        }),
      );
    manager = await user(['program_manager']);
    analyst = await user(['analyst']);
    worker = await user(['social_worker']);
    admin = await user(['admin']);
    const seeded = await seedCasePersons(subject.deps.db, organisationId, [
      // 24 girls from Bangladesh exploited in India in 2025: a class of 24
      {
        count: 24,
        sex: 'female',
        ageBand: '15-17',
        originCountry: 'BD',
        openedAt: '2025-03-04T09:00:00+05:30',
        identified: SEXUAL,
      },
      // 12 men in forced labour, 2024
      {
        count: 12,
        sex: 'male',
        ageBand: '18-24',
        originCountry: 'IN',
        openedAt: '2024-06-10T09:00:00+05:30',
        identified: LABOUR,
      },
      // three rare profiles, each alone: they must not be published as they are
      {
        count: 1,
        sex: 'female',
        ageBand: '35+',
        originCountry: 'NP',
        openedAt: '2025-01-02T09:00:00+05:30',
        identified: LABOUR,
      },
      {
        count: 1,
        sex: 'transgender',
        ageBand: '25-34',
        originCountry: 'MM',
        openedAt: '2023-05-02T09:00:00+05:30',
        identified: SEXUAL,
      },
      {
        count: 1,
        sex: 'female',
        ageBand: '0-11',
        originCountry: 'BD',
        openedAt: '2025-02-02T09:00:00+05:30',
        identified: null,
      },
    ]);
    pseudonyms = seeded.pseudonyms;
    // One of the girls is also a victim on a legal case: a second case-person row for her.
    const legalCase = await subject.deps.db
      .insertInto('legal_case')
      .values({ organisation_id: organisationId, offences: ['ITPA s.5'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    await subject.deps.db
      .insertInto('legal_case_party')
      .values({
        legal_case_id: legalCase.id,
        ref: 'V1',
        role: 'victim',
        person_id: seeded.personIds[0] ?? '',
      })
      .execute();
    const other = await seedCasePersons(subject.deps.db, otherOrganisation, [
      {
        count: 3,
        sex: 'female',
        ageBand: '15-17',
        originCountry: 'BD',
        openedAt: '2025-03-04T09:00:00+05:30',
        identified: SEXUAL,
      },
    ]);
    otherCaseIds = other.caseIds;
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await subject.close();
  });

  it('the programme manager downloads the HTCDS file: one row per case-person, HTCDS names, no identity', async () => {
    const response = await manager.post('/api/exports', { dataset: 'htcds', format: 'csv' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="dawn-htcds-/);
    const rows = csvRows(response.body);
    expect(rows).toHaveLength(40);
    expect(Object.keys(rows[0] ?? {})).toEqual([...HTCDS_EXPORT_COLUMNS]);
    expect(rows.filter((row) => row.dawn_CaseKind === 'legal')).toMatchObject([
      {
        prs_Gender: 'Feminine',
        prs_Citizenship: 'BD',
        vic_TypeOfExploitation: 'SexualExploitation',
      },
    ]);
    const labour = rows.find(
      (row) => row.vic_TypeOfExploitation === 'ForcedLabour' && row.prs_Citizenship === 'IN',
    );
    expect(labour).toMatchObject({
      vic_TraffickingStatus: 'PossibleVictimOfTrafficking',
      vic_ForcedLabourIndustry: 'C_Manufacturing',
      vic_LocationOfExploitation: 'West Bengal, IN',
      dawn_RegistrationMonth: '2024-06',
    });
    // No pseudonym, no district, and nothing of the other organisation.
    for (const pseudonym of pseudonyms) expect(response.body).not.toContain(pseudonym);
    expect(response.body).not.toMatch(/Kolkata|Howrah/);
    for (const id of otherCaseIds) expect(response.body).not.toContain(id);
    const audit = await subject.deps.db
      .selectFrom('audit_event')
      .select(['details', 'actor_user_id'])
      .where('action', '=', 'data.exported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).not.toBeNull();
    expect(audit[0]?.details).toMatchObject({ dataset: 'htcds', format: 'csv', rows: 40 });
  });

  it('gives JSON Lines too, and a period narrows it to cases registered in it', async () => {
    // Straight through inject: the test client would try to read JSON Lines as one JSON body.
    const response = await subject.app.inject({
      method: 'POST',
      url: '/api/exports',
      headers: { cookie: analyst.cookie ?? '', 'x-csrf-token': analyst.csrfToken ?? '' },
      payload: { dataset: 'htcds', format: 'jsonl', from: '2025-01-01', to: '2025-12-31' },
    });
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // 24 girls, the two 2025 rare ones; the legal case was registered today, outside 2025 or not
    const care = rows.filter((row) => row.dawn_CaseKind === 'care');
    expect(care).toHaveLength(26);
    expect(care.every((row) => String(row.dawn_RegistrationMonth).startsWith('2025-'))).toBe(true);
  });

  it('publishes the CTDC-style dataset only with every combination at least 11 times, and says what it suppressed', async () => {
    const response = await manager.post('/api/exports', { dataset: 'ctdc', format: 'csv', k: 11 });
    expect(response.statusCode, response.body).toBe(200);
    const rows = csvRows(response.body);
    expect(Object.keys(rows[0] ?? {})).toEqual([...CTDC_COLUMNS]);
    expect(smallestClass(combinationsOf(rows))).toBeGreaterThanOrEqual(11);
    // The three lonely profiles, and the girl's legal-case row (registered in another year),
    // cannot join a class of 11: they are left out, and counted.
    expect(rows).toHaveLength(36);
    expect(response.headers['x-dawn-export-records-suppressed']).toBe('4');
    expect(response.headers['x-dawn-export-class-sizes']).toBe('12x1,24x1');
    expect(rows.some((row) => row.citizenship === 'NP' || row.citizenship === 'MM')).toBe(false);
  });

  it('refuses k below 11 in a sentence about k, and writes nothing', async () => {
    const response = await manager.post('/api/exports', { dataset: 'ctdc', k: 5 });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('at least 11');
  });

  it('a social worker and an installation admin get 404: exports are for managers and analysts', async () => {
    expect((await worker.post('/api/exports', { dataset: 'htcds' })).statusCode).toBe(404);
    expect((await admin.post('/api/exports', { dataset: 'htcds' })).statusCode).toBe(404);
  });

  it('writes a file that a re-read proves k-anonymous (as `dawn export ctdc --out` does)', async () => {
    const path = join(directory, 'ctdc.csv');
    const summary = await writeExportFile(
      subject.deps.db,
      exportRequestSchema.parse({ dataset: 'ctdc', k: 11 }),
      organisationId,
      path,
    );
    const rows = csvRows(await readFile(path, 'utf8'));
    expect(rows).toHaveLength(summary.rows);
    const histogram = combinationsOf(rows);
    expect(smallestClass(histogram)).toBeGreaterThanOrEqual(11);
    expect(summary.classSizes).toEqual([
      [12, 1],
      [24, 1],
    ]);
    await expect(access(`${path}.partial`)).rejects.toThrow();
  });

  it('refuses a file that fails its own check', async () => {
    const path = join(directory, 'tampered.csv');
    const header = CTDC_COLUMNS.join(',');
    const row = CTDC_COLUMNS.map((column) => (column === 'citizenship' ? 'NP' : '')).join(',');
    await writeFile(path, `${header}\n${Array.from({ length: 3 }, () => row).join('\n')}\n`);
    await expect(
      verifyFile(path, {
        dataset: 'ctdc',
        format: 'csv',
        recordsIn: 3,
        rows: 3,
        k: 11,
        recordsSuppressed: 0,
        cellsSuppressed: 0,
        classSizes: [],
      }),
    ).rejects.toThrow(/occurs 3 times, fewer than k = 11/);
  });

  it('refuses an HTCDS file that lost a row or whose row has a cell too many', async () => {
    const summary = {
      dataset: 'htcds' as const,
      format: 'csv' as const,
      recordsIn: 3,
      rows: 3,
      k: null,
      recordsSuppressed: 0,
      cellsSuppressed: 0,
      classSizes: [],
    };
    const path = join(directory, 'short.csv');
    await writeFile(path, 'dawn_CaseKind,dawn_CaseId\r\ncare,a\r\nlegal,b\r\n');
    await expect(verifyFile(path, summary)).rejects.toThrow(/holds 2 rows where 3 were expected/);
    await writeFile(path, 'dawn_CaseKind,dawn_CaseId\r\ncare,a\r\nlegal,b,c\r\ncare,d\r\n');
    await expect(verifyFile(path, summary)).rejects.toThrow();
    await writeFile(path, 'dawn_CaseKind,dawn_CaseId\r\ncare,a\r\nlegal,"b, c"\r\ncare,d\r\n');
    await expect(verifyFile(path, summary)).resolves.toBeUndefined();
  });
});
