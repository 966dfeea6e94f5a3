import { randomUUID } from 'node:crypto';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../../test/test-database.ts';
import { migrateToLatest } from './database.ts';
import { migrations } from './migrations/index.ts';

/**
 * Issue 19: explanations stored before the fix carried the victim's birth date from the vault.
 * An installation that upgrades keeps none of them: migration 0007 rewrites them in place.
 */
describe(`migration 0007 purges birth dates from stored explanations (${testDatabaseKind()})`, () => {
  it('rewrites a leaked under-18 condition and leaves other explanations as they were', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: () => Promise.resolve(migrations) },
      });
      expect((await migrator.migrateTo('0006-notifications')).error).toBeUndefined();
      const organisation = await database.db
        .insertInto('organisation')
        .values({
          name: 'Test Dawnlight Trust',
          kind: 'ngo',
          district: 'Test',
          state: 'WB',
          country: 'IN',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const explanation = (condition: string) => ({
        startEvent: { type: 'victim.rescued', at: '2024-11-03T10:00:00+05:30', index: 0 },
        condition,
        counting: '24 hours',
        citation: 'JJ Act s.31(1)',
        confidence: 'T' as const,
        unconfirmed: false,
        satisfiedBy: 'victim.produced_before_cwc of that victim',
        satisfyingEvent: null,
        notes: [],
      });
      const row = (key: string, condition: string) => ({
        case_type: 'legal_case',
        case_id: randomUUID(),
        organisation_id: organisation.id,
        case_code: 'FIR 1/2024, Test PS',
        obligation_key: key,
        rule: 'IN.JJ.31.cwc-production',
        title: 'Produce the child before the CWC',
        citation: 'JJ Act s.31(1)',
        subject: 'V1',
        starts_at: new Date('2024-11-03T04:30:00Z'),
        due_at: new Date('2024-11-04T04:30:00Z'),
        status: 'overdue' as const,
        met_at: null,
        consequence: 'unlawful-detention',
        confidence: 'T' as const,
        unconfirmed: false,
        responsible_role: 'legal_officer',
        alerts_at: [],
        explanation: JSON.stringify(explanation(condition)),
        computed_at: new Date(),
      });
      // Written the way the engine wrote it before the fix.
      const leaked =
        'applies to every case; the victim is under 18 at the start: V2, born 2009-04-02, is under 18 on 2024-11-03';
      const other = 'any POCSO offence: POCSO:6';
      await database.db
        .insertInto('obligation')
        .values([row('leaked', leaked), row('other', other)])
        .execute();

      expect(await migrateToLatest(database.db)).toContain('0007-purge-vault-values');

      const stored = await database.db
        .selectFrom('obligation')
        .select(['obligation_key', 'explanation'])
        .orderBy('obligation_key')
        .execute();
      expect(stored.map((entry) => [entry.obligation_key, entry.explanation.condition])).toEqual([
        [
          'leaked',
          'applies to every case; the victim is under 18 at the start: V2 was under 18 on 2024-11-03, by the recorded age',
        ],
        ['other', other],
      ]);
      expect(JSON.stringify(stored)).not.toContain('2009');
      // The rest of the explanation is untouched.
      expect(stored[0]?.explanation.citation).toBe('JJ Act s.31(1)');
    } finally {
      await database.close();
    }
  });
});
