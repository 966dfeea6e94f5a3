import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { DryRunReport } from './import.service.ts';
import { fictionalName, fictionalPhone, finishedImport } from './import.test-support.ts';

/**
 * A register that holds each survivor beside her case (issue 16): Mira's NGO kept one sheet, case
 * id, survivor id, name, sex, birth date and phone, then the rescue. She imported one survivor
 * (P-001) before; the others are new to Dawn. A row that names someone new records her with the
 * case, sealed as the form seals her; her other cases find her by her id; someone who may already
 * be in Dawn, or named twice under two ids, waits for review; a re-run records nobody twice.
 */
describe(`a care-case register that names its survivors (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let organisationId: string;
  const stored = fictionalName(7100);
  const newcomer = fictionalName(7200);
  const twin = fictionalName(7300);

  const header =
    'Case ID,Survivor ID,Name,Sex,DOB,Phone,Rescue date,Rescued by,Type of exploitation,Trafficking status,Status decided by';
  const rescue = '02/03/2021,police,Sexual exploitation,possible,NGO';
  const register = [
    header,
    // row 2: her id is in Dawn; the name written beside it is not read.
    `C-1,P-001,${fictionalName(7101)},female,,,${rescue}`,
    // rows 3 and 4: someone new, then her second case by id alone.
    `C-2,P-100,${newcomer},female,05/06/2007,${fictionalPhone(7200)},${rescue}`,
    `C-3,P-100,,,,,${rescue}`,
    // row 5: a new id for someone who is already in Dawn.
    `C-4,P-101,${stored},female,,,${rescue}`,
    // rows 6 and 7: one person written under two ids.
    `C-5,P-102,${twin},female,,,${rescue}`,
    `C-6,P-103,${twin},female,,,${rescue}`,
    // row 8: a name without a sex; row 9: neither in Dawn nor named.
    `C-7,P-104,${fictionalName(7400)},,,,${rescue}`,
    `C-8,P-999,,,,,${rescue}`,
  ].join('\n');
  const fileBase64 = Buffer.from(register).toString('base64');

  const personsOfOrganisation = async () =>
    subject.deps.db
      .selectFrom('person')
      .select(['id', 'pseudonym'])
      .where('organisation_id', '=', organisationId)
      .execute();

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Ekushe Trust');
    mira = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    const persons = await mira.post('/api/imports', {
      fileBase64: Buffer.from(`ID,Name,Sex\nP-001,${stored},female`).toString('base64'),
    });
    expect(persons.statusCode, persons.body).toBe(202);
    expect(await finishedImport(mira, persons.json<{ jobId: string }>().jobId)).toMatchObject({
      created: 1,
    });
  }, 120_000);
  afterAll(() => subject.close());

  it('the dry run says who would be recorded with her case, and why the others wait', async () => {
    const response = await mira.post('/api/imports/dry-run', { kind: 'care_cases', fileBase64 });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<DryRunReport>();
    expect(report.mapping).toMatchObject({ legalName: 'Name', sex: 'Sex', birthDate: 'DOB' });
    const byRow = new Map(report.rows.map((row) => [row.row, row]));
    expect([2, 3, 4, 6].map((row) => byRow.get(row)?.action)).toEqual(Array(4).fill('create'));
    expect(byRow.get(2)?.newPerson).toBeUndefined();
    expect(byRow.get(3)?.newPerson).toBe('P-100');
    expect(byRow.get(4)?.newPerson).toBe('P-100');
    expect(report.newPersons).toBe(2);
    expect(report).toMatchObject({ toCreate: 4, notImported: 4 });
    expect(byRow.get(5)?.issues.map((issue) => issue.code)).toEqual(['likely_duplicate']);
    expect(byRow.get(5)?.issues[0]?.score).toBeGreaterThanOrEqual(0.75);
    expect(byRow.get(7)?.issues).toEqual([
      expect.objectContaining({ code: 'duplicate_in_file', otherRow: 6 }),
    ]);
    expect(byRow.get(8)?.issues).toEqual([
      expect.objectContaining({ code: 'empty', column: 'Sex' }),
    ]);
    expect(byRow.get(9)?.issues).toEqual([
      expect.objectContaining({ code: 'unknown_person', column: 'Survivor ID', value: 'P-999' }),
    ]);
    expect(await personsOfOrganisation()).toHaveLength(1);
  });

  it('the run records each new survivor once, sealed, with every case that names her', async () => {
    const started = await mira.post('/api/imports', { kind: 'care_cases', fileBase64 });
    expect(started.statusCode, started.body).toBe(202);
    const jobId = started.json<{ jobId: string }>().jobId;
    const job = await finishedImport(mira, jobId);
    expect(job).toMatchObject({
      status: 'finished',
      created: 4,
      notImported: 4,
      personsCreated: 2,
    });
    expect(job.problems.map((problem) => problem.row)).toEqual([5, 7, 8, 9]);

    const persons = await personsOfOrganisation();
    expect(persons).toHaveLength(3);
    const personOfCase = async (externalId: string) =>
      (
        await subject.deps.db
          .selectFrom('import_record')
          .innerJoin('care_case', 'care_case.id', 'import_record.entity_id')
          .select('care_case.person_id')
          .where('import_record.organisation_id', '=', organisationId)
          .where('import_record.kind', '=', 'care_cases')
          .where('import_record.external_id', '=', externalId)
          .executeTakeFirstOrThrow()
      ).person_id;
    const recorded = await subject.deps.db
      .selectFrom('import_record')
      .select(['external_id', 'entity_id'])
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', 'persons')
      .orderBy('external_id')
      .execute();
    expect(recorded.map((record) => record.external_id)).toEqual(['P-001', 'P-100', 'P-102']);
    const idOf = new Map(recorded.map((record) => [record.external_id, record.entity_id]));
    expect(await personOfCase('C-1')).toBe(idOf.get('P-001'));
    expect(await personOfCase('C-2')).toBe(idOf.get('P-100'));
    expect(await personOfCase('C-3')).toBe(idOf.get('P-100'));
    expect(await personOfCase('C-5')).toBe(idOf.get('P-102'));

    // Her identity is sealed as the form seals it: revealed with a reason, and found by the
    // similar-person search; the stored survivor's name was not changed by row 2's.
    const reveal = await mira.post(`/api/persons/${idOf.get('P-100') ?? ''}/identity/reveal`, {
      purpose: 'identity_verification',
      reason: 'Checking the imported register against the paper file',
    });
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(reveal.json()).toMatchObject({
      identity: { legalName: newcomer, birthDate: '2007-06-05', phones: [fictionalPhone(7200)] },
    });
    const storedReveal = await mira.post(
      `/api/persons/${idOf.get('P-001') ?? ''}/identity/reveal`,
      {
        purpose: 'identity_verification',
        reason: 'Checking the imported register against the paper file',
      },
    );
    expect(storedReveal.json()).toMatchObject({ identity: { legalName: stored } });
    const similar = await mira.post('/api/persons/similar', { legalName: newcomer });
    expect(similar.json<{ matches: { personId: string }[] }>().matches[0]?.personId).toBe(
      idOf.get('P-100'),
    );

    // What the trail keeps says how many were recorded, never who.
    const audit = await subject.deps.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'import.batch_committed')
      .where('entity_id', '=', jobId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ kind: 'care_cases', created: 4, personsCreated: 2 });
    const trail = JSON.stringify(
      await subject.deps.db.selectFrom('audit_event').select('details').execute(),
    );
    expect(trail).not.toContain(newcomer);
    expect(trail).not.toContain(twin);
  });

  it('a re-run records nobody twice, and her persons row is the persons import’s own', async () => {
    const again = await mira.post('/api/imports', { kind: 'care_cases', fileBase64 });
    const job = await finishedImport(mira, again.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ status: 'finished', created: 0, skipped: 4, personsCreated: 0 });
    expect(await personsOfOrganisation()).toHaveLength(3);

    // The persons register with her same row finds her unchanged.
    const persons = await mira.post('/api/imports', {
      fileBase64: Buffer.from(
        `ID,Name,Sex,DOB,Phone\nP-100,${newcomer},female,05/06/2007,${fictionalPhone(7200)}`,
      ).toString('base64'),
    });
    const personsJob = await finishedImport(mira, persons.json<{ jobId: string }>().jobId);
    expect(personsJob).toMatchObject({ status: 'finished', created: 0, updated: 0, skipped: 1 });
  });
});
