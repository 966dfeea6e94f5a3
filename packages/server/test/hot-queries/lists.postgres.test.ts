import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVisibleCareCases } from '../../src/features/care-cases/care-case.list.ts';
import { listVisibleLegalCases } from '../../src/features/legal-cases/legal-case.list.ts';
import { listVisiblePersons } from '../../src/features/persons/person.repository.ts';
import { statementNameOf } from '../../src/platform/db/prepared-select.ts';
import {
  ACTOR_ID,
  aProgrammeSizedDatabase,
  seqScans,
  type ProgrammeData,
} from './programme-data.ts';

/**
 * The care-case, person and legal-case lists page from their organisation's index, as named
 * statements whose generic plans PostgreSQL keeps, with their totals from the count read model.
 */
describe('the lists use their indexes (postgres)', () => {
  let programme: ProgrammeData;
  beforeAll(async () => {
    programme = await aProgrammeSizedDatabase();
  }, 180_000);
  afterAll(() => programme.close());

  it('the care-case list pages from (organisation_id, opened_at), and counts from an index', async () => {
    const { db, actor } = programme;
    const plans = await programme.plansOf(() =>
      listVisibleCareCases(db, actor, 'organisation', { limit: 25, offset: 0, count: 'exact' }),
    );
    // The page with its total from the read model: one statement (issue 11).
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('care_case_organisation_opened_idx');
    for (const plan of plans) expect(seqScans(plan)).not.toContain('care_case');
    for (const plan of plans) expect(seqScans(plan)).not.toContain('person');
  });

  it('the person list pages from (organisation_id, created_at)', async () => {
    const { db, actor } = programme;
    const plans = await programme.plansOf(() =>
      listVisiblePersons(db, actor, 'organisation', { limit: 25, offset: 0, count: 'exact' }),
    );
    expect(plans[0]).toContain('person_organisation_created_idx');
    for (const plan of plans) expect(seqScans(plan)).not.toContain('person');
  });

  it('the person list searched by one pseudonym reads its trigram index, not the whole organisation', async () => {
    const { db, actor } = programme;
    // Issue 11: a pseudonym's own code matches one person; newest first through the
    // organisation's index, the page read every person of the organisation to find it.
    const searched = (search: string) =>
      programme.plansOf(() =>
        listVisiblePersons(db, actor, 'organisation', {
          search,
          limit: 25,
          offset: 0,
          count: 'none',
        }),
      );
    const rare = await searched('Test-12340');
    expect(rare[0]).toContain('person_pseudonym_folded_trgm_idx');
    expect(seqScans(rare[0] ?? '')).not.toContain('person');
    // A fragment most pseudonyms hold still pages newest first, stopping at a page; each person
    // it walks past is tested on the pseudonym stored lowered (0037d), not lowered again by
    // `ilike` (`~~*`), which was half of that walk's time.
    const common = await searched('Test-1');
    expect(common[0]).toContain('person_organisation_created_idx');
    expect(common[0]).toContain('pseudonym_folded ~~');
    expect(common[0]).not.toContain('~~*');
  });

  it('the legal-case list pages from (organisation_id, next_hearing_at)', async () => {
    const { db, actor } = programme;
    const plans = await programme.plansOf(() =>
      listVisibleLegalCases(db, actor, 'organisation', { limit: 25, offset: 0 }, new Date()),
    );
    expect(plans.join('\n')).toContain('legal_case_organisation_hearing_id_idx');
    for (const plan of plans) expect(seqScans(plan)).not.toContain('legal_case');
  });

  it('the legal-case list’s page is a named statement whose generic plan joins only its rows', async () => {
    const { db, actor } = programme;
    const now = new Date();
    const first = await listVisibleLegalCases(
      db,
      actor,
      'organisation',
      { limit: 25, offset: 0, count: 'none' },
      now,
    );
    const ran = await programme.capture(async () => {
      for (const after of [undefined, first.nextCursor ?? undefined])
        for (const stage of [undefined, 'pre_fir'])
          for (const count of ['none', 'exact'] as const)
            await listVisibleLegalCases(
              db,
              actor,
              'organisation',
              { limit: 25, offset: 0, count, after, stage },
              now,
            );
    });
    // Planning the page's five joins cost more than running it: each pooled connection plans
    // it once, so PostgreSQL may run it on its generic plan (no values known), forced here.
    // With its total (from the read model, in the same statement) or without.
    const plans = await programme.genericPlansOf(ran);
    expect(plans).toHaveLength(8);
    for (const { plan } of plans) {
      expect(plan).toContain('legal_case_organisation_hearing_id_idx');
      expect(seqScans(plan)).not.toContain('legal_case');
      // The limit is taken on the index's rows, before the names are joined: the joins see
      // only the page's rows, however deep the page.
      expect(plan.trimStart()).not.toMatch(/^Limit/);
      expect(plan).toMatch(/Limit[\s\S]*Index Scan using legal_case_organisation_hearing_id_idx/);
    }
  });

  it('the care-case list’s page is a named statement whose generic plan pages from the organisation’s index', async () => {
    const { db, actor } = programme;
    const first = await listVisibleCareCases(db, actor, 'organisation', {
      limit: 25,
      offset: 0,
      count: 'none',
    });
    const shelter = await db
      .selectFrom('organisation')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const shapes = [
      {},
      { phase: 'intake' as const },
      { after: first.nextCursor ?? undefined },
      { phase: 'closed' as const, after: first.nextCursor ?? undefined },
      { offset: 50 },
      { overdue: true },
      { ageBand: '15-17' as const },
      { shelterId: shelter.id },
      { teamMemberId: ACTOR_ID },
      { notClosed: true },
      // With the total from the read model, in the same statement.
      { count: 'exact' as const },
      { count: 'estimate' as const, phase: 'intake' as const },
    ];
    const ran = await programme.capture(async () => {
      for (const shape of shapes)
        await listVisibleCareCases(db, actor, 'organisation', {
          limit: 25,
          offset: 0,
          count: 'none',
          ...shape,
        });
      // A search's pattern is planned with its value (a custom plan): not named.
      await listVisibleCareCases(db, actor, 'organisation', {
        limit: 25,
        offset: 0,
        count: 'none',
        search: 'CC-1',
      });
    });
    expect(ran).toHaveLength(shapes.length + 1);
    const plans = await programme.genericPlansOf(ran);
    // Every shape but the search runs as a named statement.
    expect(plans).toHaveLength(shapes.length);
    for (const [index, { plan }] of plans.entries()) {
      const shape = JSON.stringify(shapes[index]);
      for (const table of ['care_case', 'person', 'task'])
        expect(seqScans(plan), shape).not.toContain(table);
      // A shelter's cases and a team member's are found from the shelter's index and the
      // member's memberships (few); every other shape is read newest first from the
      // organisation's index, without sorting the organisation's cases.
      if ('shelterId' in (shapes[index] ?? {}))
        expect(plan, shape).toContain('care_case_placement_idx');
      else if (!('teamMemberId' in (shapes[index] ?? {}))) {
        expect(plan, shape).toContain('care_case_organisation_opened_idx');
        expect(plan, shape).not.toMatch(/\bSort\b/);
      }
    }
  });

  it('the care-case, legal-case and person pages keep their generic plans: not planned again on every request', async () => {
    const { database, actor } = programme;
    // PostgreSQL plans a named statement's first five runs with their values, then keeps its
    // generic plan only if that is estimated no dearer. With `limit $n` it never was (a tenth of
    // the table assumed), and every request paid the planning (page-bounds.ts).
    const prepared = await database.db.connection().execute(async (connection) => {
      for (let run = 0; run < 8; run += 1) {
        for (const count of ['none', 'exact'] as const) {
          await listVisibleCareCases(connection, actor, 'organisation', {
            limit: 25,
            offset: 0,
            count,
          });
          await listVisibleLegalCases(
            connection,
            actor,
            'organisation',
            { limit: 25, offset: 0, count },
            new Date(),
          );
          await listVisiblePersons(connection, actor, 'organisation', {
            limit: 25,
            offset: 0,
            count,
          });
        }
      }
      const { rows } = await sql<{
        statement: string;
        generic_plans: string;
        custom_plans: string;
      }>`select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(
        connection,
      );
      return rows;
    });
    const pages = prepared.filter(
      (row) =>
        row.statement.includes('order by "care_case"."opened_at" desc') ||
        row.statement.includes('order by legal_case.next_hearing_at asc nulls last') ||
        row.statement.includes('order by "person"."created_at" desc'),
    );
    // Each list's page with and without its total.
    expect(pages).toHaveLength(6);
    for (const page of pages) {
      expect(Number(page.custom_plans), page.statement.slice(0, 60)).toBeLessThanOrEqual(5);
      expect(Number(page.generic_plans), page.statement.slice(0, 60)).toBeGreaterThanOrEqual(3);
    }
  });

  it('the lists’ exact totals in organisation scope read the count read model, not the rows', async () => {
    const { db, actor } = programme;
    const lists = [
      () =>
        listVisibleCareCases(db, actor, 'organisation', { limit: 25, offset: 0, count: 'exact' }),
      () =>
        listVisibleCareCases(db, actor, 'organisation', {
          limit: 25,
          offset: 0,
          count: 'exact',
          phase: 'intake',
        }),
      () => listVisiblePersons(db, actor, 'organisation', { limit: 25, offset: 0, count: 'exact' }),
      () =>
        listVisibleLegalCases(
          db,
          actor,
          'organisation',
          { limit: 25, offset: 0, stage: 'pre_fir' },
          new Date(),
        ),
    ];
    for (const list of lists) {
      const plans = await programme.plansOf(list);
      // The page and its total in one statement (issue 11): the total read once (an InitPlan)
      // from the read model, not once a row and not by counting the listed table.
      expect(plans).toHaveLength(1);
      expect(plans[0]).toMatch(/InitPlan[\s\S]*list_count/);
      expect(plans[0]).not.toMatch(/SubPlan[\s\S]*list_count/);
    }
    // A page past the end has no row to carry the total: it is read on its own.
    const plans = await programme.plansOf(() =>
      listVisibleCareCases(db, actor, 'organisation', {
        limit: 25,
        offset: 1_000_000,
        count: 'exact',
      }),
    );
    expect(plans).toHaveLength(2);
    expect(plans[1]).toContain('list_count');
    expect(plans[1]).not.toMatch(/ on (care_case|person|legal_case)\b/);
  });

  it('the person list reads each person’s identity by its key, not every identity, on its generic plans too', async () => {
    const { db, actor } = programme;
    // Every person with an identity: the list must still not read them all.
    await db.executeQuery(
      CompiledQuery.raw(`insert into person_identity (person_id, key_id, wrapped_data_key, ciphertext)
        select id, 'test', 'test', 'test' from person`),
    );
    await db.executeQuery(CompiledQuery.raw('analyze person_identity'));
    const plans = await programme.plansOf(() =>
      listVisiblePersons(db, actor, 'organisation', { limit: 25, offset: 0, count: 'none' }),
    );
    expect(plans[0]).toContain('person_identity_pkey');
    expect(seqScans(plans[0] ?? '')).not.toContain('person_identity');

    // The page is a named statement whose generic plan pages from the organisation's index.
    const first = await listVisiblePersons(db, actor, 'organisation', {
      limit: 25,
      offset: 0,
      count: 'none',
    });
    const ran = await programme.capture(async () => {
      for (const paging of [
        {},
        { offset: 50 },
        { after: first.nextCursor ?? undefined },
        // With the total from the read model, in the same statement.
        { count: 'exact' as const },
        { count: 'estimate' as const, after: first.nextCursor ?? undefined },
      ])
        await listVisiblePersons(db, actor, 'organisation', {
          limit: 25,
          offset: 0,
          count: 'none',
          ...paging,
        });
      // A search's pattern is planned with its value (a custom plan): not named.
      await listVisiblePersons(db, actor, 'organisation', {
        limit: 25,
        offset: 0,
        count: 'none',
        search: 'Test-1',
      });
    });
    expect(ran).toHaveLength(6);
    const generic = await programme.genericPlansOf(ran);
    expect(generic).toHaveLength(5);
    for (const { plan } of generic) {
      expect(plan).toContain('person_organisation_created_idx');
      expect(seqScans(plan)).not.toContain('person');
      expect(plan).toContain('person_identity_pkey');
      expect(seqScans(plan)).not.toContain('person_identity');
      expect(plan).not.toMatch(/\bSort\b/);
    }
  });

  // A page's limit known to a custom plan made it look far cheaper than the generic plan, which
  // PostgreSQL then never kept: the lists' named pages were planned on every request (issue 11).
  // A size that is not one of the common ones written as literals (page-bounds.ts, asserted
  // above) is read through a subquery, the legal-case list's inside its page's subquery too.
  it('the lists’ named pages keep their generic plan after five runs, as PostgreSQL chooses', async () => {
    const { db, actor } = programme;
    const ran = await programme.capture(async () => {
      await listVisibleCareCases(db, actor, 'organisation', {
        limit: 30,
        offset: 0,
        count: 'none',
      });
      await listVisibleCareCases(db, actor, 'organisation', {
        limit: 30,
        offset: 50,
        count: 'exact',
        phase: 'intake',
      });
      await listVisiblePersons(db, actor, 'organisation', { limit: 30, offset: 0, count: 'none' });
      await listVisiblePersons(db, actor, 'organisation', { limit: 30, offset: 0, count: 'exact' });
      await listVisibleLegalCases(db, actor, 'organisation', { limit: 30, offset: 0 }, new Date());
    });
    const named = ran.filter((query) => statementNameOf(query.sql) !== undefined);
    expect(named).toHaveLength(5);
    // Every page's limit read through a subquery, the legal-case list's nested one too: at this
    // test's size a nested `limit $n` happens to keep its generic plan, on a programme's it did not.
    for (const query of named) expect(query.sql).toMatch(/limit \(select \$\d+::bigint\)/);
    // The first five runs are custom; PostgreSQL keeps the generic plan for the other five.
    expect(await programme.genericRunsOf(ran)).toEqual([5, 5, 5, 5, 5]);
  });

  // Issue 11: the page filtered by an offence walked the organisation's hearing-ordered index and
  // dropped every row without the offence; where the offence's cases sort last (the bench's 4×:
  // 30,910 rows dropped for a page of 26) it read the whole organisation. The planner costs the
  // walk as if the offence were spread evenly, so only a bounded walk keeps it from this.
  it('the legal-case page of an offence whose cases sort last does not walk the whole organisation', async () => {
    const { database, db, actor } = programme;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const {
        rows: [organisation],
      } = await client.query<{ id: string }>(`
        insert into organisation (name, kind, district, state, country)
          values ('Test Skewed Offence Trust', 'ngo', 'Test District', 'West Bengal', 'IN')
          returning id`);
      // 20,000 cases: the first 19,600 in hearing order hold no POCSO 6, the last 400 (no hearing)
      // do: 2 % of the cases, which the planner expects spread evenly, a page every 1,300 rows.
      await client.query(
        `insert into legal_case (organisation_id, forum, next_hearing_at, offences)
          select $1, 'sessions',
            case when i <= 19600 then now() + make_interval(mins => i) end,
            case when i <= 19600 then array['BNS:143(4)'] else array['BNS:143(4)', 'POCSO:6'] end
          from generate_series(1, 20000) as i`,
        [organisation?.id],
      );
      await client.query('analyze legal_case');
      const skewed = { ...actor, organisationId: organisation?.id ?? '' };
      let listed: Awaited<ReturnType<typeof listVisibleLegalCases>> | undefined;
      const ran = await programme.capture(async () => {
        listed = await listVisibleLegalCases(
          db,
          skewed,
          'organisation',
          { limit: 25, offset: 0, count: 'estimate', offence: 'POCSO:6' },
          new Date(),
        );
      });
      expect(listed?.legalCases).toHaveLength(25);
      for (const legalCase of listed?.legalCases ?? [])
        expect(legalCase.offences.map((offence) => offence.code)).toContain('POCSO:6');
      const page = ran.find((query) => statementNameOf(query.sql) !== undefined);
      expect(page).toBeDefined();
      const literals = (page?.parameters ?? []).map((value) =>
        value === null ? 'null' : client.escapeLiteral(String(value as string | number)),
      );
      await client.query(`prepare skewed_offence_page as ${page?.sql ?? ''}`);
      // As PostgreSQL runs it: planned with its values first, then on its generic plan.
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await client.query(`set plan_cache_mode = ${mode}`);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, costs off, timing off) execute skewed_offence_page(${literals.join(', ')})`,
        );
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        const dropped = [...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].reduce(
          (sum, match) => sum + Number(match[1]),
          0,
        );
        // At most the bounded walk's rows (1,000), not the 19,600 before the offence's cases.
        expect(dropped, plan).toBeLessThanOrEqual(1_000);
        expect(plan).toContain('legal_case_offences_idx');
      }
    } finally {
      await client.end();
    }
  });
});
