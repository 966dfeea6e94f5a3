import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLD_AFTER } from '../src/platform/db/list-count.ts';
import { aUser, anOrganisation, signedIn, type Client } from './fixtures.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { testDatabaseKind } from './test-database.ts';

/**
 * Issue 11: the lists' exact totals in organisation scope come from the `list_count` read model
 * (migration 0031c) instead of counting every row. A manager must never see a total that differs
 * from the rows there are, whoever wrote them: creates, phase and stage changes, moves between
 * organisations, deletes, bulk loads, rolled-back transactions, and the read model's own folding.
 */
describe(`exact list totals from the read model (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let ours: string;
  let theirs: string;
  let manager: Client;
  let otherManager: Client;

  const db = () => subject.deps.db;

  async function addPersons(organisationId: string, count: number, prefix: string) {
    await sql`insert into person (pseudonym, organisation_id, sex, age_band)
        select ${prefix} || i, ${organisationId}, 'female', '15-17'
        from generate_series(1, ${count}::int) as i`.execute(db());
  }

  async function addCases(organisationId: string, prefix: string, phase: string) {
    await sql`insert into care_case (code, organisation_id, person_id, opened_at, phase)
        select ${prefix} || row_number() over (), ${organisationId}, person.id, now(), ${phase}
        from person where person.organisation_id = ${organisationId}
          and person.pseudonym like ${`${prefix}%`}`.execute(db());
  }

  async function addLegalCases(organisationId: string, count: number, stage: string) {
    await sql`insert into legal_case (organisation_id, forum, stage)
        select ${organisationId}, 'sessions', ${stage}
        from generate_series(1, ${count}::int)`.execute(db());
  }

  /** What `count(*)` says, for the organisation and optionally one phase or stage. */
  async function counted(
    table: 'person' | 'care_case' | 'legal_case',
    organisationId: string,
    bucket?: string,
  ): Promise<number> {
    const column = sql.raw(table === 'care_case' ? 'phase' : 'stage');
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.raw(table)}
        where organisation_id = ${organisationId}
        ${bucket === undefined ? sql`` : sql`and ${column} = ${bucket}`}`.execute(db());
    return Number(rows[0]?.n);
  }

  /** Every total a manager reads, against `count(*)` of the same rows. */
  async function expectTotalsTrue(client: Client, organisationId: string): Promise<void> {
    const totalOf = async (path: string) => {
      const response = await client.get(path);
      expect(response.statusCode, path).toBe(200);
      const { total } = response.json<{ total: number }>();
      // The total is read with the page (issue 11): past the last page, with no row to carry it,
      // it is still there; and an estimate of rows the read model holds is this exact total.
      const past = await client.get(`${path}&offset=100000`);
      expect(past.json<{ total: number }>().total, `${path}, past the end`).toBe(total);
      const estimated = await client.get(`${path}&count=estimate`);
      expect(estimated.json<{ total?: number; totalEstimate: number }>(), path).toEqual(
        expect.objectContaining({ totalEstimate: total }),
      );
      expect(estimated.json<{ total?: number }>().total).toBeUndefined();
      return total;
    };
    expect(await totalOf('/api/persons?limit=1')).toBe(await counted('person', organisationId));
    expect(await totalOf('/api/care-cases?limit=1')).toBe(
      await counted('care_case', organisationId),
    );
    for (const phase of ['intake', 'shelter_care', 'closed'])
      expect(await totalOf(`/api/care-cases?limit=1&phase=${phase}`), phase).toBe(
        await counted('care_case', organisationId, phase),
      );
    expect(await totalOf('/api/legal-cases?limit=1')).toBe(
      await counted('legal_case', organisationId),
    );
    for (const stage of ['pre_fir', 'investigation', 'trial'])
      expect(await totalOf(`/api/legal-cases?limit=1&stage=${stage}`), stage).toBe(
        await counted('legal_case', organisationId, stage),
      );
  }

  const deltaRows = async (list: string, organisationId: string) => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from list_count
        where list = ${list} and organisation_id = ${organisationId}`.execute(db());
    return Number(rows[0]?.n);
  };

  beforeAll(async () => {
    subject = await createTestApp();
    ours = await anOrganisation(subject.deps, 'Test Count Trust');
    theirs = await anOrganisation(subject.deps, 'Test Other Count Trust');
    const managerOf = async (organisationId: string) =>
      signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles: ['program_manager'],
          organisationId,
          twoFactor: true,
        }),
      );
    manager = await managerOf(ours);
    otherManager = await managerOf(theirs);
  });
  afterAll(async () => {
    await subject.close();
  });

  it('counts what was there before, and a bulk load, as count(*) does', async () => {
    await addPersons(ours, 30, 'Test-Cnt-A-');
    await addCases(ours, 'Test-Cnt-A-', 'intake');
    await addLegalCases(ours, 12, 'pre_fir');
    await addPersons(theirs, 7, 'Test-Cnt-B-');
    await addCases(theirs, 'Test-Cnt-B-', 'closed');
    await addLegalCases(theirs, 5, 'trial');
    await expectTotalsTrue(manager, ours);
    await expectTotalsTrue(otherManager, theirs);
    const body = (await manager.get('/api/care-cases?limit=1')).json<{ total: number }>();
    expect(body.total).toBe(30);
  });

  it('follows phase and stage changes, moves between organisations and deletes', async () => {
    await sql`update care_case set phase = 'shelter_care'
        where id in (select id from care_case where organisation_id = ${ours} limit 9)`.execute(
      db(),
    );
    await sql`update care_case set phase = 'closed'
        where id in (select id from care_case where organisation_id = ${ours}
                       and phase = 'shelter_care' limit 2)`.execute(db());
    await sql`update legal_case set stage = 'investigation'
        where id in (select id from legal_case where organisation_id = ${ours} limit 4)`.execute(
      db(),
    );
    // A change that touches neither organisation nor phase leaves the counts as they are.
    await sql`update care_case set opened_at = opened_at - interval '1 day'
        where organisation_id = ${ours}`.execute(db());
    // Moved: persons with their cases, and a legal case; one case moves and changes phase at once.
    await sql`update person set organisation_id = ${theirs}
        where pseudonym in ('Test-Cnt-A-1', 'Test-Cnt-A-2')`.execute(db());
    await sql`update care_case set organisation_id = ${theirs}, phase = 'follow_up'
        where person_id in (select id from person where pseudonym = 'Test-Cnt-A-1')`.execute(db());
    await sql`update legal_case set organisation_id = ${theirs}, stage = 'trial'
        where id in (select id from legal_case where organisation_id = ${ours}
                       and stage = 'pre_fir' limit 1)`.execute(db());
    // Deleted: a case and its person, a legal case.
    await sql`delete from care_case where person_id in
        (select id from person where pseudonym = 'Test-Cnt-A-3')`.execute(db());
    await sql`delete from person where pseudonym = 'Test-Cnt-A-3'`.execute(db());
    await sql`delete from legal_case where id in (select id from legal_case
        where organisation_id = ${theirs} limit 1)`.execute(db());

    await expectTotalsTrue(manager, ours);
    await expectTotalsTrue(otherManager, theirs);
    const totalOf = async (client: Client, path: string) =>
      (await client.get(path)).json<{ total: number }>().total;
    expect(await totalOf(manager, '/api/persons?limit=1')).toBe(27);
    expect(await totalOf(otherManager, '/api/persons?limit=1')).toBe(9);
  });

  it('leaves no trace of a rolled-back transaction', async () => {
    const before = await deltaRows('care_case', ours);
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`insert into person (pseudonym, organisation_id, sex, age_band)
              values ('Test-Cnt-Gone', ${ours}, 'female', '15-17')`.execute(trx);
          await sql`update care_case set phase = 'closed' where organisation_id = ${ours}`.execute(
            trx,
          );
          await sql`delete from legal_case where organisation_id = ${ours}`.execute(trx);
          throw new Error('changed my mind');
        }),
    ).rejects.toThrow('changed my mind');
    expect(await deltaRows('care_case', ours)).toBe(before);
    await expectTotalsTrue(manager, ours);
  });

  it('folds many small changes into one row per phase, the totals unchanged', async () => {
    // One change per statement: a delta row each.
    for (let index = 0; index < FOLD_AFTER + 4; index += 1) {
      await sql`update care_case set phase = ${index % 2 === 0 ? 'reintegration' : 'follow_up'}
          where id = (select id from care_case where organisation_id = ${ours}
                      order by code limit 1 offset ${index % 20})`.execute(db());
    }
    expect(await deltaRows('care_case', ours)).toBeGreaterThan(FOLD_AFTER);
    const response = await manager.get('/api/care-cases?limit=1');
    expect(response.json<{ total: number }>().total).toBe(await counted('care_case', ours));
    // The read folded them: at most one row per phase is left.
    expect(await deltaRows('care_case', ours)).toBeLessThanOrEqual(5);
    expect(await deltaRows('care_case', theirs)).toBeGreaterThan(0);
    await expectTotalsTrue(manager, ours);
    await expectTotalsTrue(otherManager, theirs);
  });

  it('still counts the rows a filter the read model does not hold selects', async () => {
    const response = await manager.get('/api/persons?limit=1&search=Test-Cnt-A-1');
    // Test-Cnt-A-1 moved away; A-10 … A-19 remain.
    expect(response.json<{ total: number }>().total).toBe(10);
  });
});
