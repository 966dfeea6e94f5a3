import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { hashPassword } from '../auth/credentials.ts';
import { obligationSources } from '../obligations/obligation-sources.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';
import { demoEmail, seedDemo } from '../seed/demo-seed.ts';

const DAY_MS = 86_400_000;

interface Obligation {
  rule: string;
  subject: string | null;
  status: string;
  dueAt: string;
  unconfirmed: boolean;
  consequence: string;
  explanation: { counting: string };
}

/**
 * Issue 18, done when "an acquittal on a demo case shows the appeal clock on the case page and in
 * the alerts of the legal officer": the demo's acquitted case (FIR 131) carries the 90-day appeal
 * clock (Limitation Act Art. 114, five days of waiting for the certified copy excluded), and after
 * a sweep the demo legal officer has it among her alerts, due soon.
 */
describe(`the acquittal on a demo legal case (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: Client;
  let caseId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    expect((await seedDemo(subject.deps.db)).seeded).toBe(true);
    // The demo officer chose a password on first sign-in, as `npm start` asks her to.
    const email = demoEmail('legal_officer');
    const user = await subject.deps.db
      .updateTable('app_user')
      .set({ password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false })
      .where('email', '=', email)
      .returning(['id', 'organisation_id'])
      .executeTakeFirstOrThrow();
    officer = await signedIn(subject.app, {
      id: user.id,
      email,
      password: TEST_PASSWORD,
      organisationId: user.organisation_id,
      roles: ['legal_officer'],
    });
    const list = await officer.get('/api/legal-cases');
    expect(list.statusCode).toBe(200);
    const acquitted = list
      .json<{ legalCases: { id: string; title: string; stage: string }[] }>()
      .legalCases.find((legalCase) => legalCase.title.startsWith('FIR 131/'));
    expect(acquitted?.stage).toBe('judgment');
    caseId = acquitted?.id ?? '';
  });
  afterAll(() => subject.close());

  it('the case page lists the appeal clock for the acquitted accused, open, unconfirmed, about 25 days ahead', async () => {
    const response = await officer.get(`/api/legal-cases/${caseId}/obligations`);
    expect(response.statusCode).toBe(200);
    const { obligations } = response.json<{ obligations: Obligation[] }>();
    const appeal = obligations.find((obligation) => obligation.rule === 'IN.LIM.appeal-acquittal');
    expect(appeal).toMatchObject({
      subject: 'A1',
      status: 'open',
      unconfirmed: true,
      consequence: 'limitation-bar',
    });
    expect(appeal?.explanation.counting).toContain('5 days excluded');
    const daysLeft = (Date.parse(appeal?.dueAt ?? '') - Date.now()) / DAY_MS;
    expect(daysLeft).toBeGreaterThan(24);
    expect(daysLeft).toBeLessThan(27);
    // The custody of the rescued woman stayed within the ITPA s.17 caps.
    const custody = obligations
      .filter((obligation) => obligation.rule.startsWith('IN.ITPA.17.'))
      .map(({ rule, status }) => ({ rule, status }));
    expect(custody).toEqual([
      { rule: 'IN.ITPA.17.intermediate-custody', status: 'met' },
      { rule: 'IN.ITPA.17.interim-custody', status: 'met' },
    ]);
  });

  it('after a sweep, the legal officer is alerted that the appeal is due soon', async () => {
    await sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
    );
    const response = await officer.get('/api/alerts');
    expect(response.statusCode).toBe(200);
    const { alerts } = response.json<{
      alerts: { kind: string; rule: string; caseId: string }[];
    }>();
    expect(alerts).toContainEqual(
      expect.objectContaining({
        kind: 'deadline_due_soon',
        rule: 'IN.LIM.appeal-acquittal',
        caseId,
      }),
    );
  });
});
