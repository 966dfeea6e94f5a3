import { grantsOf } from '@dawn/core';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { listVisibleCareCases } from './care-case.list.ts';

/**
 * Issue 11: the care-case list filtered to cases without an overdue task (`overdue=false`), on a
 * programme of a few thousand cases and no overdue task. Written as `(count of overdue tasks) = 0`
 * the planner kept one case in 200, so it read, joined and sorted every case of the organisation
 * for one page (4 ms of database CPU a request in the bench); as `not exists` it pages from the
 * organisation's index, newest first, and stops at the page. Both plans PostgreSQL may run the
 * named statement on (custom, then generic) are asserted.
 */
describe('the care-case list without overdue tasks pages from its index (postgres)', () => {
  let database: TestDatabase;
  let actor: Actor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const organisation = await db
      .insertInto('organisation')
      .values({
        name: 'Test Overdue Trust',
        kind: 'ngo',
        district: 'North',
        state: 'West Bengal',
        country: 'IN',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into person (pseudonym, organisation_id, sex, age_band)
        select 'Test-Overdue-' || i, ${organisation.id}, 'female', '15-17'
        from generate_series(1, 2000) as i`.execute(db);
    await sql`insert into care_case (code, organisation_id, person_id, opened_at, phase)
        select 'Test-OD-' || row_number() over (), ${organisation.id}, person.id,
          now() - make_interval(mins => (row_number() over ())::int), 'intake'
        from person where person.organisation_id = ${organisation.id}`.execute(db);
    await sql`analyze person, care_case, task`.execute(db);
    actor = {
      userId: '00000000-0000-4000-8000-000000000001',
      organisationId: organisation.id,
      roles: ['program_manager'],
      grants: grantsOf(['program_manager']),
      via: 'session',
    };
  });
  afterAll(() => database.close());

  it('reads a page without overdue tasks newest first from the organisation’s index, unsorted', async () => {
    const captured: CompiledQuery[] = [];
    const db = new Kysely<DatabaseSchema>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: database.url, max: 1 }),
      }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    const page = await listVisibleCareCases(db, actor, 'organisation', {
      limit: 25,
      offset: 0,
      count: 'none',
      overdue: false,
    }).finally(() => db.destroy());
    expect(page.cases).toHaveLength(25);
    expect(page.cases[0]?.code).toBe('Test-OD-1');
    const [query] = captured;
    expect(query).toBeDefined();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await client.query(`set plan_cache_mode = ${mode}`);
        await client.query(`prepare page_${mode} as ${query?.sql ?? ''}`);
        const literals = (query?.parameters ?? []).map((value) =>
          value === null ? 'null' : client.escapeLiteral(String(value as string | number)),
        );
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `explain execute page_${mode}(${literals.join(', ')})`,
        );
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan, mode).toContain('care_case_organisation_opened_idx');
        expect(plan, mode).not.toMatch(/\bSort\b/);
        expect(plan, mode).not.toMatch(/Seq Scan on care_case/);
      }
    } finally {
      await client.end();
    }
  });
});
