import { identityMatchTokens, type MatchToken } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { othersBoundTable } from './planned-candidates.ts';
import { askedArrays, askedColumns, askedRow, scoreBound } from './similarity-sql.ts';

/**
 * Issue 11: the pair holders' shortcut is certified against `others`' bound, which the planned
 * statement reads from a table built in TypeScript from core's `similarityScoreBound`. It must be
 * the SQL bound (`scoreBound`, which the rest of the search still uses) at every count a hit can
 * have, to the thousandth, or a certified answer could differ from the plan's. Invented names.
 */
const QUERIES: { names: string[]; phones: string[]; birthYear?: number }[] = [
  { names: ['Parul Testmondal'], phones: [] },
  { names: ['Keya Devi Testbibi'], phones: ['+91 70000 12345'], birthYear: 1999 },
  { names: ['Tithi Testkhatun', 'Shirin Testdas'], phones: [] },
  { names: ['Jharna'], phones: ['+91 70000 55555', '+91 70000 66666'], birthYear: 2001 },
  { names: ['Minoti Afsana Bina Testfarida'], phones: [] },
];

describe(`the shortcut's bound of the others is the SQL's bound (${testDatabaseKind()})`, () => {
  let subject: TestApp;

  beforeAll(async () => {
    subject = await createTestApp();
  });

  afterAll(async () => {
    await subject.close();
  });

  it('agrees with scoreBound at every count of words, keys and phones a hit can hold', async () => {
    for (const identity of QUERIES) {
      const query: MatchToken[] = identityMatchTokens(identity);
      const { othersBounds, othersStride } = othersBoundTable(query);
      const names = query.filter((token) => token.kind === 'name').length;
      const keys = query.filter((token) => token.kind === 'phonetic').length;
      const trigrams = new Set(
        query.filter((token) => token.kind === 'trigram').map((token) => token.value),
      ).size;
      expect(othersStride).toBe(keys + 1);
      expect(othersBounds).toHaveLength((names + 1) * (keys + 1) * 2);
      const { rows } = await sql<{ name: number; phonetic: number; phone: number; score: number }>`
        select hit.most_name as name, hit.most_phonetic as phonetic, hit.most_phone as phone,
          bound.score
        from (values ${askedRow(0, askedArrays(query))}) as asked(${askedColumns})
        cross join generate_series(0, ${names}::int) as most_name
        cross join generate_series(0, ${keys}::int) as most_phonetic
        cross join generate_series(0, 1) as most_phone
        cross join lateral (select most_name as most_name, most_phonetic as most_phonetic,
          ${trigrams}::int as most_trigram, most_phone as most_phone) as hit
        ${scoreBound}
        order by 1, 2, 3`.execute(subject.deps.db);
      expect(rows).toHaveLength(othersBounds.length);
      for (const row of rows) {
        const at = row.phone + 2 * (row.phonetic + othersStride * row.name);
        expect(othersBounds[at], JSON.stringify(row)).toBe(row.score);
      }
    }
  });
});
