import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';

/**
 * Issue 11, a programme's first sweep: each batch inserts the obligations of 500 cases, none
 * stored before. The satisfied-deadline read model's insert trigger (migration 0036w) then writes
 * the rows of the (case, satisfying event) pairs from the inserted rows alone: it reads no
 * obligation back (0034t read every inserted case's obligations again, case by case), and the
 * read model says what the obligations say. Counted with PostgreSQL's own per-transaction
 * statistics of the statement that inserts them.
 */
const CASES = 500;

describe('a first sweep’s obligations kept in the satisfied-deadline read model (postgres)', () => {
  let database: TestDatabase;
  let db: Kysely<DatabaseSchema>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Kysely<DatabaseSchema>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: database.url, max: 1 }),
      }),
    });
    await sql`insert into organisation (name, kind, district, state, country)
      values ('Test Sweep Trust', 'ngo', 'Test District', 'West Bengal', 'IN')`.execute(db);
    await sql`insert into legal_case (organisation_id, forum)
      select organisation.id, 'sessions' from organisation, generate_series(1, ${CASES}::int)`.execute(
      db,
    );
  });

  afterAll(async () => {
    await db.destroy();
    await database.close();
  });

  it('writes the new pairs from the inserted rows, reading no obligation back', async () => {
    const reads = await db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      const counted = sql<{ reads: string }>`select (coalesce(seq_scan, 0)
          + coalesce(idx_scan, 0))::text as reads
        from pg_stat_xact_user_tables where relname = 'obligation'`;
      const before = Number((await counted.execute(connection)).rows[0]?.reads ?? 0);
      // Per case: an arrest met two deadlines (one late), a production one in time; one is open.
      await sql`insert into obligation (case_type, case_id, organisation_id, case_code,
          obligation_key, rule, subject, title, citation, starts_at, due_at, status, consequence,
          confidence, unconfirmed, responsible_role, explanation, computed_at)
        select 'legal_case', legal_case.id, legal_case.organisation_id, 'Legal case',
          'k' || deadline.rule, deadline.rule, deadline.subject, 'A test deadline', 'Test Act s.1',
          now() - interval '400 days', now() - interval '300 days', deadline.status, 'None', 'T',
          false, 'legal_officer',
          case when deadline.event is null then '{}'::jsonb else jsonb_build_object(
            'satisfyingEvent', jsonb_build_object('id', deadline.event || legal_case.id)) end,
          now()
        from legal_case cross join (values
          ('IN.TEST.B', 'A1', 'met_late', 'arrest-'), ('IN.TEST.A', null, 'met', 'arrest-'),
          ('IN.TEST.C', 'V1', 'met', 'production-'), ('IN.TEST.D', null, 'overdue', null)
        ) as deadline(rule, subject, status, event)`.execute(connection);
      const after = Number((await counted.execute(connection)).rows[0]?.reads ?? 0);
      await sql`commit`.execute(connection);
      return after - before;
    });
    expect(reads).toBe(0);

    const kept = await sql<{ events: string; on_time: string; deadlines: unknown }>`
      select count(*)::text as events, count(*) filter (where on_time)::text as on_time,
        (select deadlines from satisfied_deadline where event_id like 'arrest-%' limit 1)
          as deadlines
      from satisfied_deadline`.execute(db);
    expect(kept.rows[0]).toEqual({
      events: String(2 * CASES),
      on_time: String(CASES),
      deadlines: [
        { rule: 'IN.TEST.A', subject: null, status: 'met' },
        { rule: 'IN.TEST.B', subject: 'A1', status: 'met_late' },
      ],
    });
  });
});
