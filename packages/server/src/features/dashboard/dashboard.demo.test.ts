import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { seedDemo } from '../seed/demo-seed.ts';
import type { Dashboard } from './dashboard.schemas.ts';

const DAY = 86_400_000;

/**
 * Issue 14: "demo data includes two trainings and two years of fictional cases so the dashboard is
 * not empty on first start". A fresh installation is seeded as `npm start` seeds it, and the demo
 * organisation's programme manager opens the dashboard on its default period (from 1 January two
 * years back to today, as the page opens it).
 */
describe(`the dashboard on the demo data (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    expect((await seedDemo(subject.deps.db)).seeded).toBe(true);
    organisationId = (
      await subject.deps.db
        .selectFrom('organisation')
        .select('id')
        .where('kind', '=', 'ngo')
        .where('name', 'like', 'Demo %')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => subject.close());

  it('has two trainings with participants and their scores', async () => {
    const sessions = await subject.deps.db
      .selectFrom('training_session')
      .innerJoin('training_participant', 'training_participant.session_id', 'training_session.id')
      .select((eb) => [
        'training_session.id',
        eb.fn.countAll<string>().as('participants'),
        eb.fn.count<string>('training_participant.pre_score').as('pre_scores'),
        eb.fn.count<string>('training_participant.post_score').as('post_scores'),
      ])
      .where('training_session.organisation_id', '=', organisationId)
      .groupBy('training_session.id')
      .execute();
    expect(sessions).toHaveLength(2);
    for (const session of sessions) {
      expect(Number(session.participants)).toBeGreaterThanOrEqual(10);
      expect(Number(session.pre_scores)).toBe(Number(session.participants));
      expect(Number(session.post_scores)).toBe(Number(session.participants));
    }
  });

  it('has FIRs registered in each of the last two years', async () => {
    const now = Date.now();
    const firs = await subject.deps.db
      .selectFrom('legal_case_event')
      .innerJoin('legal_case', 'legal_case.id', 'legal_case_event.legal_case_id')
      .select('legal_case_event.occurred_at')
      .where('legal_case.organisation_id', '=', organisationId)
      .where('legal_case_event.type', '=', 'fir.registered')
      .execute();
    const inYear = (yearsBack: number) =>
      firs.filter((fir) => {
        const age = now - new Date(fir.occurred_at).getTime();
        return age >= (yearsBack - 1) * 365 * DAY && age < yearsBack * 365 * DAY;
      }).length;
    expect(inYear(1)).toBeGreaterThan(20);
    expect(inYear(2)).toBeGreaterThan(20);
  });

  it('the programme manager’s dashboard for the default period has rescues, chargesheets and trainings', async () => {
    const manager = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes('program_manager'),
      }),
    );
    // The page's default period: 1 January two years back to today (in India).
    const today = new Date(Date.now() + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const from = `${Number(today.slice(0, 4)) - 2}-01-01`;
    const response = await manager.get(`/api/dashboard?from=${from}&to=${today}`);
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json<Dashboard>();
    expect(dashboard.exact).toBe(true);

    expect(dashboard.rescues.total).toBeGreaterThan(0);
    expect(dashboard.legal.firToChargesheet.cases).toBeGreaterThan(10);
    expect(dashboard.legal.firToChargesheet.medianDays).toBeGreaterThan(0);
    expect(dashboard.legal.firToChargesheet.within90Share).not.toBeNull();
    expect(dashboard.legal.firToVerdict.cases).toBeGreaterThan(0);
    expect(dashboard.trainings.byCadreAndDistrict.total).toBeGreaterThanOrEqual(20);
    expect(dashboard.trainings.tested).toBeGreaterThanOrEqual(20);
    expect(dashboard.trainings.meanKnowledgeGain).toBeGreaterThan(0);
  });
});
