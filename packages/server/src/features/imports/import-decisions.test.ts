import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { actorOf } from '../auth/auth.service.ts';
import { findUserByEmail } from '../users/user.repository.ts';
import { runWithContext } from '../../platform/request-context.ts';
import type { DryRunReport, ImportDecision } from './import.service.ts';
import { startImport } from './import.service.ts';
import { fictionalName, fictionalPhone, finishedImport } from './import.test-support.ts';

/**
 * A row listed for review as likely someone already in Dawn used to wait for ever: the register
 * could not say "she is Asha-7K2Q", and a survivor recorded on the form has no id a register can
 * name. Mira answers each row: the same person (the row's id is linked to her, nothing of hers
 * changes), someone else (recorded), or no answer (the row waits). An answer naming a person of
 * another organisation links nothing. A resumed job works by the answers it started with.
 */
describe(`answering the rows an import lists for review (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let miraEmail: string;
  let organisationId: string;
  let formPersonId: string;
  let strangerId: string;
  const onForm = fictionalName(8100);
  const imported = fictionalName(8200);
  const cousin = fictionalName(8300);

  const persons = [
    'ID,Name,Sex,Phone',
    // row 2: the survivor recorded on the form, with a phone the form did not have.
    `Q-1,${onForm},female,${fictionalPhone(8100)}`,
    // row 3: written like the imported survivor, but someone else.
    `Q-2,${imported},female,`,
    // row 4: like the cousin recorded on the form; the answer names another organisation's person.
    `Q-3,${cousin},female,`,
  ].join('\n');
  const personsFile = Buffer.from(persons).toString('base64');

  const recordedPersonOf = async (kind: string, externalId: string) =>
    (
      await subject.deps.db
        .selectFrom('import_record')
        .select('entity_id')
        .where('organisation_id', '=', organisationId)
        .where('kind', '=', kind)
        .where('external_id', '=', externalId)
        .executeTakeFirst()
    )?.entity_id;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Uttoron Trust');
    const user = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: true,
    });
    miraEmail = user.email;
    mira = await signedIn(subject.app, user);
    const onTheForm = async (client: Client, legalName: string) => {
      const created = await client.post('/api/persons', {
        sex: 'female',
        ageBand: '18-24',
        languages: [],
        identity: { legalName, phones: [] },
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string }>().id;
    };
    formPersonId = await onTheForm(mira, onForm);
    await onTheForm(mira, cousin);
    const elsewhere = await anOrganisation(subject.deps, 'Test Elsewhere Trust');
    strangerId = await onTheForm(
      await signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles: ['program_manager'],
          organisationId: elsewhere,
          twoFactor: true,
        }),
      ),
      cousin,
    );
    const first = await mira.post('/api/imports', {
      fileBase64: Buffer.from(`ID,Name,Sex\nP-001,${imported},female`).toString('base64'),
    });
    expect(await finishedImport(mira, first.json<{ jobId: string }>().jobId)).toMatchObject({
      created: 1,
    });
  }, 120_000);
  afterAll(() => subject.close());

  const answers: ImportDecision[] = [
    { row: 2, decision: 'same_person', personId: '' },
    { row: 3, decision: 'new_person' },
    { row: 4, decision: 'same_person', personId: '' },
  ];
  const answered = (): ImportDecision[] =>
    answers.map((answer) =>
      answer.decision === 'new_person'
        ? answer
        : { ...answer, personId: answer.row === 2 ? formPersonId : strangerId },
    );

  it('the dry run lists the three rows for review, then reads the answers', async () => {
    const plain = await mira.post('/api/imports/dry-run', { fileBase64: personsFile });
    const report = plain.json<DryRunReport>();
    expect(report.rows.map((row) => [row.row, row.action, row.issues[0]?.code])).toEqual([
      [2, 'not_imported', 'likely_duplicate'],
      [3, 'not_imported', 'likely_duplicate'],
      [4, 'not_imported', 'likely_duplicate'],
    ]);
    expect(report.rows[0]?.duplicateOf?.personId).toBe(formPersonId);
    expect(report.rows.map((row) => row.answerable)).toEqual([true, true, true]);

    const withAnswers = await mira.post('/api/imports/dry-run', {
      fileBase64: personsFile,
      decisions: answered(),
    });
    expect(withAnswers.statusCode, withAnswers.body).toBe(200);
    const next = withAnswers.json<DryRunReport>();
    expect(next).toMatchObject({ toCreate: 1, toLink: 1, notImported: 1 });
    expect(next.rows.map((row) => [row.row, row.action])).toEqual([
      [2, 'link'],
      [3, 'create'],
      [4, 'not_imported'],
    ]);
    expect(next.rows[0]?.linkTo).toBe(formPersonId);

    const refused = await mira.post('/api/imports/dry-run', {
      fileBase64: personsFile,
      decisions: [{ row: 2, decision: 'same_person', personId: 'Asha-7K2Q' }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('decisions.0.personId');
  });

  it('a resumed job links, records and leaves waiting by the answers it started with', async () => {
    const user = await findUserByEmail(subject.deps.db, miraEmail);
    if (!user) throw new Error('no such user');
    const actor = actorOf(user, undefined);
    // Stopped before its first batch, as a crash would leave it.
    const jobId = await runWithContext({ requestId: randomUUID(), actor }, async () => {
      const started = await startImport(subject.deps, Buffer.from(persons), {
        decisions: answered(),
        stopAfterBatches: 0,
      });
      await started.finished;
      return started.jobId;
    });
    const resumed = await mira.post('/api/imports', {
      fileBase64: personsFile,
      resumeJobId: jobId,
    });
    expect(resumed.statusCode, resumed.body).toBe(202);
    const job = await finishedImport(mira, jobId);
    expect(job).toMatchObject({ status: 'finished', created: 1, linked: 1, notImported: 1 });
    expect(job.problems.map((problem) => [problem.row, problem.code])).toEqual([
      [4, 'likely_duplicate'],
    ]);

    // Row 2 is her: linked, and nothing of hers changed (the register's phone is not taken).
    expect(await recordedPersonOf('persons', 'Q-1')).toBe(formPersonId);
    const reveal = await mira.post(`/api/persons/${formPersonId}/identity/reveal`, {
      purpose: 'identity_verification',
      reason: 'Checking the register row linked to her record',
    });
    expect(reveal.json()).toMatchObject({ identity: { legalName: onForm, phones: [] } });
    // Row 3 is someone else: recorded as a new person.
    const other = await recordedPersonOf('persons', 'Q-2');
    expect(other).toBeDefined();
    expect(other).not.toBe(await recordedPersonOf('persons', 'P-001'));
    // Row 4's answer named another organisation's person: nothing linked to her.
    expect(await recordedPersonOf('persons', 'Q-3')).toBeUndefined();

    const audit = await subject.deps.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'import.batch_committed')
      .where('entity_id', '=', jobId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ created: 1, linked: 1 });
    expect(JSON.stringify(audit.details)).not.toContain(onForm);
  });

  it('a care case whose new survivor is answered as a person on the form opens on her', async () => {
    const register = Buffer.from(
      [
        'Case ID,Survivor ID,Name,Sex,CWC date',
        `C-1,P-300,${onForm},female,05/01/2024`,
        'C-2,P-300,,,06/02/2024',
      ].join('\n'),
    ).toString('base64');
    const dry = await mira.post('/api/imports/dry-run', {
      kind: 'care_cases',
      fileBase64: register,
    });
    expect(
      dry.json<DryRunReport>().rows.map((row) => [row.issues[0]?.code, row.answerable]),
    ).toEqual([
      ['likely_duplicate', true],
      ['likely_duplicate', true],
    ]);
    const started = await mira.post('/api/imports', {
      kind: 'care_cases',
      fileBase64: register,
      decisions: [{ row: 3, decision: 'same_person', personId: formPersonId }],
    });
    const job = await finishedImport(mira, started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ created: 2, personsCreated: 0, linked: 1, notImported: 0 });
    expect(await recordedPersonOf('persons', 'P-300')).toBe(formPersonId);
    const cases = await subject.deps.db
      .selectFrom('care_case')
      .select('person_id')
      .where('organisation_id', '=', organisationId)
      .execute();
    expect(cases.map((row) => row.person_id)).toEqual([formPersonId, formPersonId]);
  });
});
