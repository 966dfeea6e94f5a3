import { afterAll, beforeAll, describe, it } from 'vitest';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { sql } from 'kysely';
import { aReadModelWorld, type ReadModelWorld } from './dashboard.read-model.test-support.ts';

/**
 * Issue 14, the read model (migrations 0024, 0029c): what is rewritten after the events are
 * recorded, a case moved to another place, deadlines recomputed, swept overdue or deleted, moves
 * the counts with it: the dashboard's legal figures still equal those computed plainly.
 */
describe(`the dashboard's read model of rewritten cases and deadlines (${testDatabaseKind()})`, () => {
  let world: ReadModelWorld;
  beforeAll(async () => {
    world = await aReadModelWorld();
    await world.recordProgramme();
  });
  afterAll(() => world.subject.close());

  it('a case moved to another organisation, police station and court takes its counts and claims along', async () => {
    const { db, cases, pick, organisations, stations, courts, expectReadModelEqualsPlain } = world;
    for (const legalCase of cases.slice(10, 20)) {
      await db()
        .updateTable('legal_case')
        .set({
          organisation_id: pick(organisations),
          fir_police_station_id: pick([...stations, null]),
          court_id: pick([...courts, null]),
        })
        .where('id', '=', legalCase.id)
        .execute();
    }
    await expectReadModelEqualsPlain();
  });

  it('deadlines recomputed, swept overdue or deleted read the same', async () => {
    const { db, cases, expectReadModelEqualsPlain } = world;
    await sql`update obligation set status = 'overdue' where status = 'open'
      and case_id in (${sql.join(cases.slice(0, 20).map((legalCase) => legalCase.id))})`.execute(
      db(),
    );
    await sql`update obligation set status = 'met', due_at = due_at + interval '200 days'
      where rule = 'IN.BNSS.58.production'`.execute(db());
    await db()
      .deleteFrom('obligation')
      .where(
        'case_id',
        'in',
        cases.slice(20, 30).map((legalCase) => legalCase.id),
      )
      .execute();
    await expectReadModelEqualsPlain();
  });
});
