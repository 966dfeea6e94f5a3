import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, signedInAs, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/**
 * A form saved twice at once (a double click, a request retried on a slow line): one account is
 * created; the other request is told, beside the e-mail field, that the address is taken, whether
 * the first had committed before it looked or both passed the check before either wrote (before,
 * two in three such clicks on PostgreSQL answered 500, and then the second ordering answered
 * "someone saved the same thing at the same moment" while the first answered "taken").
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
        // The same answer whether the other click had committed before this one looked, or both
        // looked first and the database refused the second write.
        expect(answer.statusCode, answer.body).toBe(409);
        const { error } = answer.json<{
          error: { message: string; issues: { path: string; message: string }[] };
        }>();
        expect(error.message, answer.body).toBe('A user with this e-mail address exists already.');
        expect(error.issues, answer.body).toEqual([{ path: 'email', message: 'is taken' }]);
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
