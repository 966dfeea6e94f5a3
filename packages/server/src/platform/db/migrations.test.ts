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
});
