import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FOLD_AFTER } from '../src/platform/db/list-count.ts';
import { aUser, anOrganisation, signedIn, type Client } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * Issue 11: the `list_count` read model (migration 0031c) with several connections at once, as
 * PostgreSQL serves them. Writers in one organisation must not queue behind each other for a
 * shared counter row, and the total a manager reads stays exact while writers and folds overlap.
 */
describe('exact list totals with concurrent writers (postgres)', () => {
  let subject: TestApp;
  let ours: string;
  let manager: Client;
  const open: pg.Client[] = [];

  /** A connection of its own, which gives up on any lock it would wait for. */
  async function connection(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: subject.database.url });
    await client.connect();
    open.push(client);
    await client.query(`set lock_timeout = '3s'`);
    return client;
  }

  const addPerson = (client: pg.Client, pseudonym: string) =>
    client.query(
      `insert into person (pseudonym, organisation_id, sex, age_band)
       values ($1, $2, 'female', '15-17')`,
      [pseudonym, ours],
    );

  const counted = async () => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from person
        where organisation_id = ${ours}`.execute(subject.deps.db);
    return Number(rows[0]?.n);
  };
  const total = async () =>
    (await manager.get('/api/persons?limit=1')).json<{ total: number }>().total;

  beforeAll(async () => {
    subject = await createTestApp();
    ours = await anOrganisation(subject.deps, 'Test Concurrent Count Trust');
    manager = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId: ours,
        twoFactor: true,
      }),
    );
  });
  afterEach(async () => {
    for (const client of open.splice(0)) await client.end();
  });
  afterAll(async () => {
    await subject.close();
  });

  it('two people registering persons in one organisation at once do not wait for each other', async () => {
    const first = await connection();
    const second = await connection();
    await first.query('begin');
    await addPerson(first, 'Test-Conc-1');
    // The first transaction is still open: the second neither waits for it nor fails.
    await second.query('begin');
    await addPerson(second, 'Test-Conc-2');
    await second.query('commit');
    expect(await total()).toBe(1);
    await first.query('commit');
    expect(await total()).toBe(2);
    expect(await total()).toBe(await counted());
  });

  it('a fold while a writer is still in its transaction keeps that writer’s rows', async () => {
    const writer = await connection();
    await writer.query('begin');
    await addPerson(writer, 'Test-Conc-Open-1');
    await addPerson(writer, 'Test-Conc-Open-2');
    for (let index = 0; index < FOLD_AFTER + 2; index += 1)
      await sql`insert into person (pseudonym, organisation_id, sex, age_band)
          values (${`Test-Conc-Many-${index}`}, ${ours}, 'female', '15-17')`.execute(
        subject.deps.db,
      );
    // This read folds the committed rows, not the writer's.
    expect(await total()).toBe(await counted());
    const { rows } = await sql<{ n: string }>`select count(*) as n from list_count
        where list = 'person' and organisation_id = ${ours}`.execute(subject.deps.db);
    expect(Number(rows[0]?.n)).toBe(1);
    await writer.query('commit');
    expect(await total()).toBe(await counted());
    expect(await total()).toBe(2 + FOLD_AFTER + 2 + 2);
  });

  it('a reader folds around rows another fold holds, without waiting, and counts them', async () => {
    for (let index = 0; index < FOLD_AFTER + 2; index += 1)
      await sql`insert into person (pseudonym, organisation_id, sex, age_band)
          values (${`Test-Conc-Held-${index}`}, ${ours}, 'female', '15-17')`.execute(
        subject.deps.db,
      );
    const other = await connection();
    await other.query('begin');
    // Another fold holds a few of the rows it is about to delete.
    await other.query(
      `select id from list_count where list = 'person' and organisation_id = $1
        order by id limit 5 for update`,
      [ours],
    );
    expect(await total()).toBe(await counted());
    await other.query('rollback');
    expect(await total()).toBe(await counted());
  });
});
