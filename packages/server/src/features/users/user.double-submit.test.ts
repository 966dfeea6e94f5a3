import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, signedInAs, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { CONCURRENT_CHANGE_MESSAGE } from '../../platform/http-errors.ts';

/**
 * A form saved twice at once (a double click, a request retried on a slow line): one account is
 * created; the other request is told the e-mail is taken, or, when both passed the check before
 * either wrote, that the same thing was saved at that moment. Never a server error (before, two
 * in three such clicks on PostgreSQL answered 500).
 */
describe(`an account saved twice at the same moment (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let admin: Client;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    admin = await signedInAs(subject, organisationId, ['admin']);
  });
  afterAll(() => subject.close());

  it('creates one account and answers the other click in words', async () => {
    for (let round = 0; round < 6; round += 1) {
      const email = `test.hasina.${round}@test.dawn.example`;
      const body = { email, displayName: 'Test Hasina', organisationId, roles: ['social_worker'] };
      const answers = await Promise.all([1, 2, 3].map(() => admin.post('/api/users', body)));
      const statuses = answers.map((answer) => answer.statusCode).sort();
      expect(
        statuses.filter((status) => status === 201),
        statuses.join(),
      ).toHaveLength(1);
      for (const answer of answers) {
        if (answer.statusCode === 201) continue;
        expect([400, 409], answer.body).toContain(answer.statusCode);
        const { error } = answer.json<{ error: { message: string } }>();
        expect(error.message, answer.body).toMatch(
          answer.statusCode === 400 ? /email: is taken/ : CONCURRENT_CHANGE_MESSAGE,
        );
      }
      const accounts = await subject.deps.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', email)
        .execute();
      expect(accounts).toHaveLength(1);
    }
  });
});
