import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { finishedImport } from './import.test-support.ts';

// Invented people: no real person has these details.
const FOUND_AGAIN = { legalName: 'Rupali Khatun Testbibi', phone: '+91 70000 55511' };
const SOMEONE_ELSE = 'Tolina Sorobi Testkuri';

/**
 * Issue 16 with issues 17 and 22: an imported care case behaves like one opened on the form. Its
 * timeline events reach the organisation's webhook endpoints (`care_case.event_recorded`, one
 * message per event, through the outbox), and a survivor who resembles the survivor of an earlier
 * case raises a re-trafficking alert, checked for the whole batch at once.
 */
describe(`imported care cases tell subscribers and raise re-trafficking alerts (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let worker: Client;
  let earlierCaseId: string;

  const waitFor = (jobId: string) => finishedImport(mira, jobId);
  const runImport = async (csv: string, kind: 'persons' | 'care_cases') => {
    const started = await mira.post('/api/imports', {
      kind,
      fileBase64: Buffer.from(csv).toString('base64'),
    });
    expect(started.statusCode, started.body).toBe(202);
    return waitFor(started.json<{ jobId: string }>().jobId);
  };

  beforeAll(async () => {
    subject = await createTestApp({ env: { DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' } });
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const admin = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['admin'], organisationId, twoFactor: true }),
    );
    mira = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    const endpoint = await admin.post('/api/webhooks/endpoints', {
      url: 'http://127.0.0.1:9/hooks/dawn',
      description: 'Donor reporting',
      eventTypes: ['care_case.event_recorded'],
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    // The register's survivors come in first; then a social worker records, on the form, a
    // survivor restored years ago who is (unknown to her) the register's P-001.
    const persons = await runImport(
      [
        'ID,Name,Sex,Phone',
        `P-001,${FOUND_AGAIN.legalName},female,${FOUND_AGAIN.phone}`,
        `P-002,${SOMEONE_ELSE},female,`,
      ].join('\n'),
      'persons',
    );
    expect(persons).toMatchObject({ status: 'finished', created: 2 });
    const opened = await worker.post('/api/care-cases', {
      person: {
        sex: 'female',
        ageBand: '18-24',
        languages: ['bn'],
        identity: { legalName: FOUND_AGAIN.legalName, phones: [FOUND_AGAIN.phone] },
      },
      openedAt: '2022-03-04T09:00:00+05:30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    earlierCaseId = opened.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await subject.close();
  });

  it('each imported event is queued for the subscribed endpoint, and the look-alike survivor is suggested once', async () => {
    const job = await runImport(
      [
        'Case ID,Survivor ID,Rescue date,Rescued by,Trafficking status,Status decided by,Type of exploitation,Produced before CWC',
        'C-001,P-001,01/03/2024,police,possible,Police,Sexual exploitation,02/03/2024',
        'C-002,P-002,05/03/2024,police,possible,Police,Sexual exploitation,',
      ].join('\n'),
      'care_cases',
    );
    expect(job).toMatchObject({
      status: 'finished',
      created: 2,
      notImported: 0,
      followUpFailed: [],
    });
    const imported = await subject.deps.db
      .selectFrom('import_record')
      .select(['external_id', 'entity_id'])
      .where('kind', '=', 'care_cases')
      .orderBy('external_id')
      .execute();
    const [first, second] = imported.map((record) => record.entity_id);
    if (!first || !second) throw new Error('the cases were not imported');

    // Three events on the two timelines: three messages, each naming its case and event.
    const deliveries = await subject.deps.db
      .selectFrom('webhook_delivery')
      .select(['event_type', 'payload'])
      .where('event_type', '=', 'care_case.event_recorded')
      .execute();
    const told = deliveries.map(
      (delivery) =>
        (delivery.payload as { data: { careCaseId: string; eventType: string; caseCode: string } })
          .data,
    );
    const ofImported = told.filter((data) => data.careCaseId !== earlierCaseId);
    expect(ofImported.map((data) => `${data.careCaseId}:${data.eventType}`).sort()).toEqual(
      [
        `${first}:rescue.identified`,
        `${first}:victim.produced_before_cwc`,
        `${second}:rescue.identified`,
      ].sort(),
    );
    expect(ofImported.every((data) => /^CC-2024-/.test(data.caseCode))).toBe(true);
    expect(JSON.stringify(deliveries)).not.toMatch(/Rupali|Tolina|55511/);

    // P-001's new case is suggested against the case opened on the form; P-002 resembles nobody.
    const matches = await mira.get('/api/retrafficking/matches');
    expect(matches.statusCode, matches.body).toBe(200);
    const listed = matches.json<{
      matches: { case: { id: string }; earlierCase: { id: string }; score: number }[];
    }>().matches;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ case: { id: first }, earlierCase: { id: earlierCaseId } });
    expect(listed[0]?.score).toBeGreaterThanOrEqual(0.8);
    expect(matches.body).not.toMatch(/Rupali|55511/);

    // Importing the register again opens nothing, tells nobody twice and suggests nothing new.
    const again = await runImport(
      [
        'Case ID,Survivor ID,Rescue date,Rescued by,Trafficking status,Status decided by,Type of exploitation,Produced before CWC',
        'C-001,P-001,01/03/2024,police,possible,Police,Sexual exploitation,02/03/2024',
        'C-002,P-002,05/03/2024,police,possible,Police,Sexual exploitation,',
      ].join('\n'),
      'care_cases',
    );
    expect(again).toMatchObject({ status: 'finished', created: 0, skipped: 2 });
    const afterAgain = await subject.deps.db
      .selectFrom('webhook_delivery')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('event_type', '=', 'care_case.event_recorded')
      .executeTakeFirstOrThrow();
    expect(Number(afterAgain.count)).toBe(deliveries.length);
    expect(
      (await mira.get('/api/retrafficking/matches')).json<{ matches: unknown[] }>().matches,
    ).toHaveLength(1);
  });

  it('a re-trafficking check that fails after its batch leaves the batch standing, and the failure audited without a value', async () => {
    // A second case for the register's P-001 (found again); the database refuses the suggestion
    // the check would write (a fault no request can cause, injected for the test).
    const { db } = subject.deps;
    await sql`create function refuse_test_match() returns trigger language plpgsql as $$
      begin raise exception 'refused for the test'; end $$`.execute(db);
    await sql`create trigger refuse_test_match before insert on retrafficking_match
      for each row execute function refuse_test_match()`.execute(db);
    let job: Awaited<ReturnType<typeof runImport>>;
    try {
      job = await runImport(
        [
          'Case ID,Survivor ID,Rescue date,Rescued by,Trafficking status,Status decided by,Type of exploitation,Produced before CWC',
          'C-003,P-001,07/03/2025,police,possible,Police,Sexual exploitation,',
        ].join('\n'),
        'care_cases',
      );
    } finally {
      await sql`drop trigger refuse_test_match on retrafficking_match`.execute(db);
      await sql`drop function refuse_test_match()`.execute(db);
    }
    // The summary names the rows left unchecked, for the programme manager to look at.
    expect(job).toMatchObject({
      status: 'finished',
      created: 1,
      notImported: 0,
      followUpFailed: [{ firstRow: 2, lastRow: 2 }],
    });
    const failures = await db
      .selectFrom('audit_event')
      .select(['outcome', 'entity_id', 'details'])
      .where('action', '=', 'import.follow_up_failed')
      .execute();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      outcome: 'failure',
      details: { kind: 'care_cases', firstRow: 2, error: 'P0001' },
    });
    expect(JSON.stringify(failures)).not.toMatch(/Rupali|55511|refused for the test/);
  });
});
