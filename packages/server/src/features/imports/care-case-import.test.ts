import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { actorOf } from '../auth/auth.service.ts';
import { findUserByEmail } from '../users/user.repository.ts';
import { runWithContext } from '../../platform/request-context.ts';
import type { DryRunReport, ImportJobView } from './import.service.ts';
import { startImport } from './import.service.ts';
import { fictionalName, finishedImport } from './import.test-support.ts';
import {
  caseExternalId,
  careCaseWorkbook,
  type CareCaseWorkbook,
} from './care-case-import.test-support.ts';

/**
 * Issue 16, care cases: Mira has imported the shelter's survivors (P-001 … P-030); now she brings
 * the case register, 620 cases with their rescue, production before the CWC, admission to the
 * shelter and, for some, closure. Every planted error is reported on its row; every other case is
 * opened with its events on its timeline; a re-run opens nothing twice; an import interrupted
 * after its first batch, run again, finishes the rest and opens nothing twice.
 */
describe(`importing a care-case register (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let miraEmail: string;
  let organisationId: string;
  let workbook: CareCaseWorkbook;
  let fileBase64: string;
  const shelterName = 'Test Sunrise Shelter Home';
  let shelterId: string;

  const waitFor = (jobId: string) => finishedImport(mira, jobId);
  const casesOfOrganisation = async () =>
    Number(
      (
        await subject.deps.db
          .selectFrom('care_case')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow()
      ).count,
    );

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    shelterId = await anOrganisation(subject.deps, shelterName, 'shelter_home');
    const user = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: true,
    });
    miraEmail = user.email;
    mira = await signedIn(subject.app, user);
    const persons = [
      'ID,Name,Sex',
      ...Array.from({ length: 30 }, (_, index) => {
        const id = `P-${String(index + 1).padStart(3, '0')}`;
        return `${id},${fictionalName(5000 + index * 37)},female`;
      }),
    ].join('\n');
    const started = await mira.post('/api/imports', {
      fileBase64: Buffer.from(persons).toString('base64'),
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitFor(started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ status: 'finished', created: 30 });
    workbook = await careCaseWorkbook(620, shelterName);
    fileBase64 = workbook.content.toString('base64');
  }, 180_000);
  afterAll(() => subject.close());

  it('the dry run reports every planted error on its row, and counts the rest', async () => {
    const response = await mira.post('/api/imports/dry-run', { kind: 'care_cases', fileBase64 });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const report = response.json<DryRunReport>();
    expect(report.mapping).toMatchObject({
      externalId: 'Case ID',
      personExternalId: 'Survivor ID',
      rescueDate: 'Rescue date',
      shelter: 'Shelter',
      shelterAdmissionDate: 'Admission date',
    });
    const byRow = new Map(report.rows.map((row) => [row.row, row]));
    for (const planted of workbook.planted) {
      const row = byRow.get(planted.row);
      expect(row?.action, `row ${planted.row}`).toBe('not_imported');
      expect(row?.problems.join(' | ')).toContain(`row ${planted.row}${planted.message}`);
    }
    expect(report.notImported).toBe(workbook.planted.length);
    expect(report.toCreate).toBe(workbook.good);
    expect(byRow.get(workbook.serialDateRow)?.action).toBe('create');
    expect(byRow.get(workbook.bengaliRow)?.action).toBe('create');
    expect(await casesOfOrganisation()).toBe(0);
  });

  it('a mapping naming a field care cases do not have is refused, the field named', async () => {
    const refused = await mira.post('/api/imports/dry-run', {
      kind: 'care_cases',
      fileBase64,
      mapping: { externalId: 'Case ID', personExternalId: 'Survivor ID', firNumber: 'Shelter' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('mapping.firNumber');
  });

  it(
    'an import interrupted after its first batch, run again, finishes the rest and opens nothing twice',
    { timeout: 240_000 },
    async () => {
      const user = await findUserByEmail(subject.deps.db, miraEmail);
      if (!user) throw new Error('no such user');
      const actor = actorOf(user, undefined);
      const interrupted = await runWithContext({ requestId: randomUUID(), actor }, async () => {
        const started = await startImport(subject.deps, workbook.content, {
          kind: 'care_cases',
          stopAfterBatches: 1,
        });
        await started.finished;
        return started.jobId;
      });
      const halfway = await mira.get(`/api/imports/${interrupted}`);
      expect(halfway.json<ImportJobView>()).toMatchObject({ status: 'running', doneRows: 500 });
      const firstBatchCases = await casesOfOrganisation();
      expect(firstBatchCases).toBeGreaterThan(450);
      expect(firstBatchCases).toBeLessThan(workbook.good);

      // Run again with the same file: resumed from its cursor, the rest goes in.
      const resumed = await mira.post('/api/imports', {
        kind: 'care_cases',
        fileBase64,
        resumeJobId: interrupted,
      });
      expect(resumed.statusCode, resumed.body).toBe(202);
      const job = await waitFor(interrupted);
      expect(job).toMatchObject({ status: 'finished', doneRows: 620, created: workbook.good });
      expect(job.problems.map((problem) => problem.row)).toEqual(
        workbook.planted.map((planted) => planted.row).sort((a, b) => a - b),
      );
      expect(JSON.stringify(job.problems)).not.toContain('31/02/2021');
      expect(await casesOfOrganisation()).toBe(workbook.good);

      // The whole file again: every case is already there, unchanged.
      const again = await mira.post('/api/imports', { kind: 'care_cases', fileBase64 });
      const second = await waitFor(again.json<{ jobId: string }>().jobId);
      expect(second).toMatchObject({ status: 'finished', created: 0, skipped: workbook.good });
      expect(await casesOfOrganisation()).toBe(workbook.good);
    },
  );

  it('each case is opened with its events, as its timeline would have them', async () => {
    const caseOf = async (row: number) => {
      const record = await subject.deps.db
        .selectFrom('import_record')
        .select('entity_id')
        .where('organisation_id', '=', organisationId)
        .where('kind', '=', 'care_cases')
        .where('external_id', '=', caseExternalId(row - 2))
        .executeTakeFirstOrThrow();
      const response = await mira.get(`/api/care-cases/${record.entity_id}`);
      expect(response.statusCode, response.body).toBe(200);
      const events = await subject.deps.db
        .selectFrom('care_case_event')
        .select(['type', 'occurred_at', 'data'])
        .where('case_id', '=', record.entity_id)
        .orderBy('occurred_at')
        .execute();
      return {
        view: response.json<{
          phase: string;
          code: string;
          placement: { organisationId: string } | null;
          nextTasks: { kind: string; dueAt: string; assigneeId: string | null; overdue: boolean }[];
        }>(),
        events,
      };
    };
    const sheltered = await caseOf(3);
    expect(sheltered.view.phase).toBe('shelter_care');
    expect(sheltered.view.code).toMatch(/^CC-2021-\d{4}$/);
    expect(sheltered.view.placement?.organisationId).toBe(shelterId);
    expect(sheltered.events.map((event) => event.type)).toEqual([
      'rescue.identified',
      'victim.produced_before_cwc',
      'placement.started',
    ]);
    const serial = await caseOf(workbook.serialDateRow);
    expect(new Date(serial.events[0]?.occurred_at ?? 0).toISOString()).toBe(
      '2019-12-31T18:30:00.000Z',
    );
    expect(serial.view.code).toMatch(/^CC-2020-/);
    const bengali = await caseOf(workbook.bengaliRow);
    expect(bengali.events[0]?.data).toMatchObject({
      rescuedBy: 'police',
      typeOfExploitation: ['SexualExploitation'],
    });
    const closed = await caseOf(workbook.closedRow);
    expect(closed.view.phase).toBe('closed');

    // Each case still open asks for its first outcome assessment, due within the intake window
    // (30 days by default) of its arrival in Dawn, not of its opening in 2021: the importer's work
    // until a social worker joins the team. A closed case asks for none.
    const importer = await findUserByEmail(subject.deps.db, miraEmail);
    expect(sheltered.view.nextTasks).toHaveLength(1);
    const [intake] = sheltered.view.nextTasks;
    expect(intake).toMatchObject({
      kind: 'assessment_due',
      assigneeId: importer?.id,
      overdue: false,
    });
    const daysAway = (Date.parse(intake?.dueAt ?? '') - Date.now()) / 86_400_000;
    expect(daysAway).toBeGreaterThan(29);
    expect(daysAway).toBeLessThanOrEqual(30);
    expect(closed.view.nextTasks).toEqual([]);
    const tasks = await subject.deps.db
      .selectFrom('task')
      .innerJoin('care_case', 'care_case.id', 'task.case_id')
      .select(['task.id', 'care_case.phase', 'task.source_key'])
      .where('care_case.organisation_id', '=', organisationId)
      .execute();
    expect(tasks.filter((task) => task.phase === 'closed')).toEqual([]);
    expect(tasks).toHaveLength(workbook.good - 1);
    expect(new Set(tasks.map((task) => task.source_key))).toEqual(new Set(['assessment:1']));
    const taskAudit = await subject.deps.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('action', '=', 'task.created')
      .where('actor_user_id', '=', importer?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(Number(taskAudit.count)).toBe(workbook.good - 1);
    const codes = await subject.deps.db
      .selectFrom('care_case')
      .select('code')
      .where('organisation_id', '=', organisationId)
      .execute();
    expect(new Set(codes.map((row) => row.code)).size).toBe(codes.length);

    const audit = await subject.deps.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('action', '=', 'import.batch_committed')
      .execute();
    expect(
      audit.filter((entry) => (entry.details as { kind?: string }).kind === 'care_cases'),
    ).toHaveLength(4);
  });
});
