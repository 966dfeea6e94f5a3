import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../../test/test-database.ts';
import { migrateToLatest, migrationState } from './database.ts';
import { migrations } from './migrations/index.ts';

describe(`migrations (${testDatabaseKind()})`, () => {
  it('apply every migration once; running them again changes nothing', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(database.db)).toEqual([]);
      expect(await migrationState(database.db)).toEqual({
        applied: Object.keys(migrations),
        pending: [],
      });
    } finally {
      await database.close();
    }
  });

  it('a database that lacks one migration is not taken for up to date by the quick check at start', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      await migrateToLatest(database.db);
      const last = Object.keys(migrations).at(-1) ?? '';
      await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
      expect(await migrationState(database.db)).toMatchObject({ pending: [last] });
      // The migrator runs it again: applied anew, or refused because its change is already there.
      const again = await migrateToLatest(database.db).catch((error: unknown) =>
        error instanceof Error ? error.message : 'failed',
      );
      expect(again).not.toEqual([]);
    } finally {
      await database.close();
    }
  });
});
