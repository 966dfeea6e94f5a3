import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

interface SavedMapping {
  kind: string;
  mapping: Record<string, string>;
  fields: { field: string; required: boolean }[];
}

/**
 * Issue 16: Mira sees the column mapping her organisation saved for care cases and corrects it
 * (the register names its survivors "Girl ref"); a mapping without a required field, or with a
 * field care cases do not have, is refused with the field named; a social worker gets 404.
 */
describe(`the saved column mapping per kind (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let socialWorker: Client;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    mira = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['program_manager'], organisationId, twoFactor: true }),
    );
    socialWorker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
  }, 120_000);
  afterAll(() => subject.close());

  it('shows the kind’s fields, saves an edited mapping, and the next dry run guesses from it', async () => {
    const empty = await mira.get('/api/imports/mappings/care_cases');
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json<SavedMapping>().mapping).toEqual({});
    expect(empty.json<SavedMapping>().fields).toContainEqual({
      field: 'personExternalId',
      required: true,
    });

    const saved = await mira.request('PUT', '/api/imports/mappings/care_cases', {
      mapping: { externalId: 'Case ID', personExternalId: 'Girl ref' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const again = await mira.get('/api/imports/mappings/care_cases');
    expect(again.json<SavedMapping>().mapping).toEqual({
      externalId: 'Case ID',
      personExternalId: 'Girl ref',
    });
    // Persons keep their own mapping.
    expect((await mira.get('/api/imports/mappings/persons')).json<SavedMapping>().mapping).toEqual(
      {},
    );

    const csv = 'Case ID,Girl ref,Rescue date\nC-1,P-1,01/03/2021\n';
    const dryRun = await mira.post('/api/imports/dry-run', {
      kind: 'care_cases',
      fileBase64: Buffer.from(csv).toString('base64'),
    });
    expect(dryRun.statusCode, dryRun.body).toBe(200);
    expect(dryRun.json<{ mapping: Record<string, string> }>().mapping).toMatchObject({
      personExternalId: 'Girl ref',
    });
  });

  it('refuses a mapping without a required field or with a field the kind does not have', async () => {
    const missing = await mira.request('PUT', '/api/imports/mappings/care_cases', {
      mapping: { externalId: 'Case ID' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('mapping.personExternalId');
    const foreign = await mira.request('PUT', '/api/imports/mappings/care_cases', {
      mapping: { externalId: 'Case ID', personExternalId: 'Girl ref', accused: 'Name' },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('mapping.accused');
  });

  it('a social worker may neither see nor change it: 404', async () => {
    expect((await socialWorker.get('/api/imports/mappings/care_cases')).statusCode).toBe(404);
    const refused = await socialWorker.request('PUT', '/api/imports/mappings/care_cases', {
      mapping: { externalId: 'Case ID', personExternalId: 'Girl ref' },
    });
    expect(refused.statusCode).toBe(404);
    const still = await mira.get('/api/imports/mappings/care_cases');
    expect(still.json<SavedMapping>().mapping.personExternalId).toBe('Girl ref');
  });
});
