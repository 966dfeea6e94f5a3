import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/** The reason for a reveal stays in the append-only trail for ever: it must be words, not a name. */
describe(`the purpose and reason of a reveal (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let personId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Reason Trust');
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    const created = await manager.post('/api/persons', {
      sex: 'female',
      ageBand: '15-17',
      languages: ['bn'],
      identity: { legalName: 'Moyna Testkhatun', aliases: ['Moni'] },
    });
    expect(created.statusCode).toBe(201);
    personId = created.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  const reveal = (body: Record<string, unknown>) =>
    manager.post(`/api/persons/${personId}/identity/reveal`, body);
  const revealsRecorded = async () =>
    (
      await subject.database.db
        .selectFrom('audit_event')
        .select('details')
        .where('action', '=', 'identity.revealed')
        .execute()
    ).map((row) => row.details);

  it('refuses padding, zero-width spaces, a missing purpose and the person’s name, recording nothing', async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ purpose: 'court_proceedings', reason: 'aaaaaaaaaa' }, 'in words'],
      [{ purpose: 'court_proceedings', reason: '\u200b'.repeat(12) }, 'invisible'],
      [{ reason: 'Court summons for the deposition on Monday' }, 'purpose'],
      [{ purpose: 'not_a_purpose', reason: 'Court summons for the deposition' }, 'purpose'],
      [{ purpose: 'family_tracing', reason: 'Calling Moyna about her return home' }, 'name'],
      [{ purpose: 'family_tracing', reason: 'Ask the TESTKHATUN family about return' }, 'name'],
    ];
    for (const [body, why] of refusals) {
      const response = await reveal(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.body, JSON.stringify(body)).toContain(why);
      expect(response.body).not.toContain('"identity"');
    }
    expect(await revealsRecorded()).toEqual([]);
  });

  it('accepts a purpose from the list and a reason in words, and records both', async () => {
    const response = await reveal({
      purpose: 'family_tracing',
      reason: 'Family tracing call before the home visit',
    });
    expect(response.statusCode).toBe(200);
    expect(await revealsRecorded()).toEqual([
      { purpose: 'family_tracing', reason: 'Family tracing call before the home visit' },
    ]);
  });
});
