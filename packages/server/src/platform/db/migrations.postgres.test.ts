import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/test-database.ts';
import { migrateToLatest, migrationState, openDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';

// PostgreSQL only: on PGlite a second process cannot open the database at all (see the lock tests).
describe('migrations on several nodes starting at once (postgres)', () => {
  it('apply each migration exactly once under the advisory lock', async () => {
    const database = await createTestDatabase({ migrate: false });
    const nodes = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: database.url ?? '', poolSize: 2 })),
    );
    try {
      const applied = await Promise.all(nodes.map((node) => migrateToLatest(node.db)));
      expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
      expect((await migrationState(database.db)).pending).toEqual([]);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
      await database.close();
    }
  });
});
