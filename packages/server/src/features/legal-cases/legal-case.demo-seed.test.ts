import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { obligationSources } from '../obligations/obligation-sources.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';
import { demoEmail, seedDemo } from '../seed/demo-seed.ts';

/**
 * Issue 6, done when "a missed chargesheet clock on a demo case … reaches the team's inbox": a
 * fresh installation is seeded as `npm start` does, the sweep runs, and the demo legal officer
 * has the overdue chargesheet clock of the demo ITPA s.3 case in her alerts and e-mail outbox.
 */
describe(`the demo legal cases (${testDatabaseKind()})`, () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await createTestApp();
    expect((await seedDemo(subject.deps.db)).seeded).toBe(true);
  });
  afterAll(() => subject.close());

  /** The four hand-written demo cases; the dashboard's generated history (FIRs G…) is beside them. */
  const handWritten = async () =>
    (
      await subject.deps.db
        .selectFrom('legal_case')
        .select('id')
        .where('fir_number', 'not like', 'G%')
        .execute()
    ).map((legalCase) => legalCase.id);

  it('are four fictional cases with pseudonymous parties, hearings and a compensation claim', async () => {
    const db = subject.deps.db;
    const cases = await db
      .selectFrom('legal_case')
      .select(['id', 'stage', 'next_hearing_at', 'offences'])
      // The dashboard's two years of generated history (FIRs numbered G…) are counted elsewhere.
      .where('fir_number', 'not like', 'G%')
      .execute();
    expect(cases).toHaveLength(4);
    expect(cases.map((legalCase) => legalCase.stage).sort()).toEqual(
      ['investigation', 'investigation', 'judgment', 'trial'].sort(),
    );
    expect(cases.filter((legalCase) => legalCase.next_hearing_at !== null)).toHaveLength(2);
    const claims = await db
      .selectFrom('compensation_claim')
      .select(['scheme', 'status'])
      .where('legal_case_id', 'in', await handWritten())
      .orderBy('scheme')
      .execute();
    expect(claims.map((claim) => claim.scheme)).toEqual(['POCSO-R9', 'WB-VCS-2017']);
    // Pseudonyms only: nothing of anyone went to the vault.
    expect(await db.selectFrom('person_identity').selectAll().execute()).toEqual([]);
    const legalOfficer = await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', demoEmail('legal_officer'))
      .executeTakeFirstOrThrow();
    const teams = await db
      .selectFrom('team_membership')
      .select('entity_id')
      .where('entity_type', '=', 'legal_case')
      .where('user_id', '=', legalOfficer.id)
      .execute();
    expect(teams).toHaveLength(4);
  });

  it('after a sweep, the missed chargesheet clock is overdue and alerted to the demo legal officer', async () => {
    const db = subject.deps.db;
    const result = await sweepObligations(
      db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
    );
    const demoCases = await handWritten();
    expect(demoCases).toHaveLength(4);
    expect(result.cases).toBeGreaterThanOrEqual(4);
    const overdue = await db
      .selectFrom('obligation')
      .select(['id', 'case_code', 'subject'])
      .where('rule', '=', 'IN.BNSS.187.chargesheet')
      .where('status', '=', 'overdue')
      .where('case_id', 'in', demoCases)
      .execute();
    expect(overdue).toEqual([
      expect.objectContaining({
        case_code: expect.stringMatching(
          /^FIR 214\/\d{4}, Demo Shyampur Police Station$/,
        ) as unknown,
        subject: 'A1',
      }),
    ]);
    const legalOfficer = await db
      .selectFrom('app_user')
      .select(['id', 'email'])
      .where('email', '=', demoEmail('legal_officer'))
      .executeTakeFirstOrThrow();
    const alerts = await db
      .selectFrom('alert')
      .select(['kind', 'obligation_id'])
      .where('user_id', '=', legalOfficer.id)
      .where('rule', '=', 'IN.BNSS.187.chargesheet')
      .execute();
    expect(alerts).toContainEqual({ kind: 'deadline_overdue', obligation_id: overdue[0]?.id });
    const mail = await db
      .selectFrom('outbox_email')
      .select('subject')
      .where('to_address', '=', legalOfficer.email)
      .execute();
    expect(mail.map((email) => email.subject).join('\n')).toMatch(/Overdue/);
    // The other cases' chargesheet clocks are met (in time) and running.
    const others = await db
      .selectFrom('obligation')
      .select('status')
      .where('rule', '=', 'IN.BNSS.187.chargesheet')
      .where('status', '!=', 'overdue')
      .where('case_id', 'in', demoCases)
      .execute();
    expect(others.map((other) => other.status).sort()).toEqual(['met', 'met', 'open']);
  });
});

/**
 * The deadlines page of a fresh demo, before any sweep: the dashboard's generated history of
 * deadlines (cases GEN-…) was written by hand, not by the engine, and answering its rows failed on
 * the server (a confidence word no API answer allows, an empty explanation).
 */
describe(`the demo's deadlines before a sweep (${testDatabaseKind()})`, () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await createTestApp();
    expect((await seedDemo(subject.deps.db)).seeded).toBe(true);
  });
  afterAll(() => subject.close());

  it('every deadline of the demo lists and opens, the generated history’s saying no explanation was recorded', async () => {
    const organisation = await subject.deps.db
      .selectFrom('app_user')
      .select('organisation_id')
      .where('email', '=', demoEmail('program_manager'))
      .executeTakeFirstOrThrow();
    const manager = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId: organisation.organisation_id,
        twoFactor: true,
      }),
    );
    interface Row {
      id: string;
      caseCode: string;
      confidence: string;
      explanation?: unknown;
    }
    const rows: Row[] = [];
    for (let after: string | null = ''; after !== null;) {
      const page = await manager.get(
        `/api/obligations?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
      const body = page.json<{ obligations: Row[]; nextCursor: string | null }>();
      rows.push(...body.obligations);
      after = body.nextCursor;
    }
    const generated = rows.filter((row) => row.caseCode.startsWith('GEN-'));
    expect(generated.length).toBeGreaterThan(10);
    // The BNSS chargesheet rule's own tag: a reliable secondary source.
    expect(new Set(generated.map((row) => row.confidence))).toEqual(new Set(['S']));
    expect(new Set(generated.map((row) => row.explanation))).toEqual(new Set([null]));
    const opened = await manager.get(`/api/obligations/${generated[0]?.id}`);
    expect(opened.statusCode, opened.body.slice(0, 300)).toBe(200);
    expect(opened.json()).toMatchObject({ confidence: 'S', explanation: null });
  });

  it('no writer may store a confidence the API cannot answer', async () => {
    const [row] = await subject.deps.db.selectFrom('obligation').select('id').limit(1).execute();
    await expect(
      subject.deps.db
        .updateTable('obligation')
        .set({ confidence: sql<'T'>`'verified'` })
        .where('id', '=', row?.id ?? '')
        .execute(),
    ).rejects.toThrow(/obligation_confidence_tag/);
  });
});
