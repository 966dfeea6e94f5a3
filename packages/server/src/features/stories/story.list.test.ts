import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { aCaseWithIdentity, signedInAs, storyBody } from './story.test-support.ts';

interface Page {
  stories: { id: string }[];
  nextCursor: string | null;
}

/**
 * The stories list pages by (updated_at, id), newest first. Stories saved within one millisecond
 * (an import, a busy afternoon) must each be on exactly one page: the cursor keeps the stored
 * microseconds, not a JavaScript Date's milliseconds.
 */
describe(`the stories list, a page at a time (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let editor: Client;
  const ids: string[] = [];

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    editor = await signedInAs(subject, organisationId, ['program_manager']);
    const caseId = await aCaseWithIdentity(editor);
    for (const pseudonym of ['Parul', 'Keya', 'Tithi']) {
      const created = await editor.post(
        `/api/care-cases/${caseId}/stories`,
        storyBody({ pseudonym }),
      );
      expect(created.statusCode, created.body).toBe(201);
      ids.push(created.json<{ id: string }>().id);
    }
    // Saved 100 microseconds apart, all within the same millisecond, newest last.
    for (const [index, id] of ids.entries()) {
      await sql`update story set updated_at = ${`2025-06-01T10:00:00.1231${index}Z`}::timestamptz
        where id = ${id}`.execute(subject.deps.db);
    }
  });
  afterAll(() => subject.close());

  it('puts each story saved within one millisecond on exactly one page', async () => {
    const paged: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages += 1) {
      const response = await editor.get(`/api/stories?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<Page>();
      paged.push(...page.stories.map((story) => story.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(paged).toEqual([...ids].reverse());
  });

  it('refuses a cursor it did not give, saying which field', async () => {
    const forged = Buffer.from("2025-06-01'; drop table story; --|x").toString('base64url');
    const response = await editor.get(`/api/stories?cursor=${forged}`);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { issues: { path: string }[] } }>().error.issues).toEqual([
      expect.objectContaining({ path: 'query.cursor' }),
    ]);
  });
});
