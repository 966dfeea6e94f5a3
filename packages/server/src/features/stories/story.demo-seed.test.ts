import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../seed/demo-seed.ts';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';

describe(`demo stories (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    // A shared machine under load can take longer than the default minute to set up.
  }, 300_000);
  afterAll(() => database.close());

  it('has three fictional approved stories, consented to print, on a draft 2027 edition', async () => {
    await seedDemo(database.db);
    const stories = await database.db
      .selectFrom('story')
      .select(['id', 'public_pseudonym', 'status'])
      .orderBy('public_pseudonym')
      .execute();
    expect(stories.map((story) => [story.public_pseudonym, story.status])).toEqual([
      ['Jharna', 'approved'],
      ['Saumya', 'approved'],
      ['Shirin', 'approved'],
    ]);
    const consents = await database.db
      .selectFrom('consent')
      .select(['story_id', 'channel'])
      .where('purpose', '=', 'story_publication')
      .execute();
    expect(consents).toHaveLength(6);
    const edition = await database.db
      .selectFrom('calendar_edition')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(edition).toMatchObject({ year: 2027, status: 'draft' });
    const months = await database.db
      .selectFrom('calendar_edition_month')
      .select('month')
      .where('edition_id', '=', edition.id)
      .orderBy('month')
      .execute();
    expect(months.map((row) => row.month)).toEqual([1, 2, 3]);
  });
});
