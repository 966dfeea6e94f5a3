import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseSchema } from '../../platform/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { recordOverdueToPublish } from './alert-candidates.repository.ts';

/**
 * Issue 11, a programme's first sweep: `obligation` and `webhook_event_once` fill while the
 * planner still holds the statistics of their empty tables (analysed at installation; autovacuum
 * analyses a growing table late). The sweep's overdue webhook keys of a batch must then still be
 * read case by case through `obligation_identity`, and a key recorded already found by its own
 * index, not by reading every obligation or every key stored so far (each batch dearer than the
 * one before: 7 of 24 s of the database's CPU at 20,000 cases). The statement is captured as
 * `recordOverdueToPublish` sends it and EXPLAINed with its values; no planner setting is forced.
 */
const CASES = 2_000;
const OBLIGATIONS_PER_CASE = 9;
/** One of each case's obligations was met in time; the others are overdue. */
const MET = 5;
const BATCH = 500;

describe('a first sweep’s overdue webhook keys, while the statistics are an empty table’s (postgres)', () => {
  let database: TestDatabase;
  let db: Kysely<DatabaseSchema>;
  let captured: CompiledQuery[] = [];
  let batch: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Kysely<DatabaseSchema>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: database.url, max: 2 }),
      }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    // Analysed empty, as an installation's tables are; autovacuum kept from analysing them again.
    await sql`alter table obligation set (autovacuum_enabled = false)`.execute(db);
    await sql`alter table webhook_event_once set (autovacuum_enabled = false)`.execute(db);
    await sql`analyze obligation`.execute(db);
    await sql`analyze webhook_event_once`.execute(db);
    await sql`insert into organisation (name, kind, district, state, country)
      values ('Test Sweep Trust', 'ngo', 'Test District', 'West Bengal', 'IN')`.execute(db);
    await sql`insert into legal_case (organisation_id, forum)
      select organisation.id, 'sessions' from organisation, generate_series(1, ${CASES}::int)`.execute(
      db,
    );
    await sql`insert into obligation (case_type, case_id, organisation_id, case_code,
        obligation_key, rule, title, citation, starts_at, due_at, status, consequence, confidence,
        unconfirmed, responsible_role, explanation, computed_at)
      select 'legal_case', legal_case.id, legal_case.organisation_id, 'Legal case', 'k' || i,
        'IN.TEST.' || i, 'A test deadline', 'Test Act s.1', now() - interval '400 days',
        now() - interval '300 days', case when i = ${MET} then 'met' else 'overdue' end, 'None',
        'T', false, 'legal_officer', jsonb_build_object('condition', repeat('x', 550)), now()
      from legal_case cross join generate_series(1, ${OBLIGATIONS_PER_CASE}::int) as i`.execute(db);
    // The batches before this one recorded their keys.
    const cases = (
      await sql<{ id: string }>`select id from legal_case order by id`.execute(db)
    ).rows.map((row) => row.id);
    batch = cases.slice(-BATCH);
    await sql`insert into webhook_event_once (event_key, organisation_id)
      select 'obligation.overdue:legal_case:' || case_id || ':' || obligation_key, organisation_id
      from obligation where status = 'overdue' and not (case_id = any(${batch}::uuid[]))`.execute(
      db,
    );
  });

  afterAll(async () => {
    await db.destroy();
    await database.close();
  });

  it('reads each case’s obligations by its index and finds recorded keys by theirs', async () => {
    captured = [];
    // Captured in a transaction rolled back, so the keys are still to record when EXPLAINed.
    const rolledBack = new Error('rolled back');
    await expect(
      db.transaction().execute(async (trx) => {
        await recordOverdueToPublish(trx, 'legal_case', batch);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    const statement = captured.find((query) =>
      query.sql.includes('insert into webhook_event_once'),
    );
    expect(statement).toBeDefined();
    const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${statement?.sql ?? ''}`, [...(statement?.parameters ?? [])]),
    );
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Cond: \(\(case_type = .*\) AND \(case_id = target\.id\)\)/);
    expect(plan).not.toMatch(/Seq Scan on webhook_event_once/);
    expect(plan).not.toMatch(/Seq Scan on obligation/);
    expect(plan).not.toMatch(/Filter: .*case_id = ANY/);
    // Not ANDed with the index of every overdue obligation, read again for each case.
    expect(plan).not.toMatch(/obligation_due_idx/);
  });

  it('records each overdue key once: a second sweep of the batch records none', async () => {
    const keys = async () =>
      Number(
        (await sql<{ keys: string }>`select count(*) as keys from webhook_event_once`.execute(db))
          .rows[0]?.keys,
      );
    const before = await keys();
    await recordOverdueToPublish(db, 'legal_case', batch);
    expect(await keys()).toBe(before + BATCH * (OBLIGATIONS_PER_CASE - 1));
    await recordOverdueToPublish(db, 'legal_case', batch);
    expect(await keys()).toBe(before + BATCH * (OBLIGATIONS_PER_CASE - 1));
  });
});
