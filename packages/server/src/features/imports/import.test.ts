import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { DryRunReport } from './import.service.ts';
import {
  fictionalName,
  fictionalPhone,
  finishedImport,
  personsWorkbook,
  type GeneratedWorkbook,
} from './import.test-support.ts';

/**
 * Issue 16, import: Mira, a programme manager, brings the shelter's survivor register — 10,000
 * rows kept in Excel for years — into Dawn. The dry run reports every planted error on its row in
 * plain words and lists a likely duplicate of someone already recorded; the run imports the rest
 * in batches; running the same file again creates nothing twice. A social worker may not import.
 */
describe(`importing a 10,000-row survivor register (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let socialWorker: Client;
  let organisationId: string;
  let workbook: GeneratedWorkbook;
  let fileBase64: string;
  const duplicateIndex = 77;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    mira = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    socialWorker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    workbook = await personsWorkbook(10_000);
    fileBase64 = workbook.content.toString('base64');
    // Someone already in Dawn, recorded by hand: the register's row for them must not make a twin.
    const existing = await mira.post('/api/persons', {
      sex: 'female',
      ageBand: 'unknown',
      identity: {
        legalName: fictionalName(duplicateIndex),
        phones: [fictionalPhone(duplicateIndex)],
      },
    });
    expect(existing.statusCode, existing.body).toBe(201);
  }, 120_000);
  afterAll(() => subject.close());

  const waitFor = (jobId: string) => finishedImport(mira, jobId);
  it('a social worker may not import: 404, and nothing is read', async () => {
    const refused = await socialWorker.post('/api/imports/dry-run', { fileBase64 });
    expect(refused.statusCode).toBe(404);
  });

  it(
    'the dry run reports every planted error on its row, and counts the rest',
    { timeout: 120_000 },
    async () => {
      const response = await mira.post('/api/imports/dry-run', { fileBase64 });
      expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
      const report = response.json<DryRunReport>();
      expect(report.headerRow).toBe(2);
      expect(report.mapping).toMatchObject({
        externalId: 'Sl. No.',
        legalName: 'Name',
        sex: 'Gender',
        birthDate: 'DOB',
        phone: 'Mobile',
      });
      expect(report.totalRows).toBe(10_000);
      const byRow = new Map(report.rows.map((row) => [row.row, row]));
      for (const planted of workbook.planted) {
        const row = byRow.get(planted.row);
        expect(row?.action, `row ${planted.row}`).toBe('not_imported');
        expect(row?.problems.join(' | ')).toContain(`row ${planted.row}${planted.message}`);
      }
      const duplicate = byRow.get(duplicateIndex + 2);
      expect(duplicate?.action).toBe('not_imported');
      expect(duplicate?.problems[0]).toMatch(/may be the same person as .+ \(similarity/);
      expect(report.notImported).toBe(workbook.planted.length + 1);
      expect(report.toCreate).toBe(workbook.good - 1);
      expect(byRow.get(workbook.bengaliRow)?.action).toBe('create');
      expect(byRow.get(workbook.serialDateRow)?.action).toBe('create');
      const persons = await subject.deps.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('organisation_id', '=', organisationId)
        .executeTakeFirstOrThrow();
      expect(Number(persons.count)).toBe(1);
    },
  );

  // PGlite writes 10,000 identities with their blind indexes in about half a minute on a shared
  // machine; PostgreSQL in a third of that.
  it(
    'the run imports everything else in batches; a re-run creates nothing twice',
    { timeout: 240_000 },
    async () => {
      const started = await mira.post('/api/imports', { fileBase64 });
      expect(started.statusCode, started.body).toBe(202);
      const job = await waitFor(started.json<{ jobId: string }>().jobId);
      expect(job).toMatchObject({
        status: 'finished',
        totalRows: 10_000,
        doneRows: 10_000,
        created: workbook.good - 1,
        updated: 0,
        notImported: workbook.planted.length + 1,
      });
      // The summary keeps where and why, never what the cell said.
      expect(job.problems.map((problem) => problem.row)).toEqual(
        [...workbook.planted.map((planted) => planted.row), duplicateIndex + 2].sort(
          (a, b) => a - b,
        ),
      );
      expect(JSON.stringify(job.problems)).not.toContain('31/02/2011');
      const persons = await subject.deps.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('organisation_id', '=', organisationId)
        .executeTakeFirstOrThrow();
      expect(Number(persons.count)).toBe(workbook.good);

      // The identities are in the vault, the Bengali name as written; the Excel serial as a date.
      const sealedOf = async (externalId: string) => {
        const record = await subject.deps.db
          .selectFrom('import_record')
          .innerJoin('person_identity', 'person_identity.person_id', 'import_record.entity_id')
          .select([
            'import_record.entity_id',
            'person_identity.key_id',
            'person_identity.wrapped_data_key',
            'person_identity.ciphertext',
          ])
          .where('import_record.external_id', '=', externalId)
          .where('import_record.organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow();
        return subject.deps.vault.decryptIdentity(record.entity_id, {
          keyId: record.key_id,
          wrappedDataKey: record.wrapped_data_key,
          ciphertext: record.ciphertext,
        }) as { legalName: string; birthDate?: string };
      };
      const externalIdOf = (row: number) => `DAWN-${String(row - 2).padStart(5, '0')}`;
      expect((await sealedOf(externalIdOf(workbook.bengaliRow))).legalName).toBe('রহিমা বাকাদাগা');
      expect((await sealedOf(externalIdOf(workbook.serialDateRow))).birthDate).toBe('2011-03-01');
      const similar = await mira.post('/api/persons/similar', {
        legalName: fictionalName(1234),
        phones: [fictionalPhone(1234)],
      });
      expect(similar.statusCode, similar.body).toBe(200);
      expect(similar.json<{ matches: unknown[] }>().matches.length).toBeGreaterThan(0);

      const again = await mira.post('/api/imports', { fileBase64 });
      const second = await waitFor(again.json<{ jobId: string }>().jobId);
      expect(second).toMatchObject({ status: 'finished', created: 0, updated: 0 });
      expect(second.skipped).toBe(workbook.good - 1);
      const after = await subject.deps.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('organisation_id', '=', organisationId)
        .executeTakeFirstOrThrow();
      expect(Number(after.count)).toBe(workbook.good);

      const audit = await subject.deps.db
        .selectFrom('audit_event')
        .select(['action', 'details'])
        .where('action', 'like', 'import.%')
        .execute();
      expect(audit.filter((entry) => entry.action === 'import.batch_committed')).toHaveLength(40);
      // The phone as written ("+91 70000 01234"): a bare "70000" may occur inside a uuid.
      expect(JSON.stringify(audit)).not.toMatch(/Baka|রহিমা|70000 \d/);
    },
  );
});
