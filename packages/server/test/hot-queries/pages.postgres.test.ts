import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findVisibleCareCase,
  headerPartsOf,
} from '../../src/features/care-cases/care-case.repository.ts';
import { visibleStoredObligations } from '../../src/features/legal-cases/legal-case-obligations.ts';
import { listVisibleLegalCases } from '../../src/features/legal-cases/legal-case.list.ts';
import {
  caseDetailRow,
  caseEventsRow,
} from '../../src/features/legal-cases/legal-case-page.repository.ts';
import {
  listObligations,
  obligationSummary,
} from '../../src/features/obligations/obligation.service.ts';
import { rescueOperationPage } from '../../src/features/rescue-operations/rescue-operation.repository.ts';
import { openTasks } from '../../src/features/tasks/task.repository.ts';
import { myTasks } from '../../src/features/tasks/task.service.ts';
import { listTrainingProgrammes } from '../../src/features/trainings/training.service.ts';
import { runWithContext } from '../../src/platform/request-context.ts';
import { aProgrammeSizedDatabase, seqScans, type ProgrammeData } from './programme-data.ts';

/**
 * A case's pages read by key; the deadlines, My work, trainings and rescue lists page by keyset
 * on their own indexes; the sweep finds its cases from its indexes.
 */
describe('the pages and keyset lists use their indexes (postgres)', () => {
  let programme: ProgrammeData;
  beforeAll(async () => {
    programme = await aProgrammeSizedDatabase();
  }, 180_000);
  afterAll(() => programme.close());

  const asActor = <T>(work: () => Promise<T>) =>
    runWithContext({ requestId: 'test', actor: programme.actor }, work);

  it('a care case’s header, as named statements on their generic plans, reads by key', async () => {
    const { db, actor } = programme;
    const careCase = await db
      .selectFrom('care_case')
      .selectAll()
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const ran = await programme.capture(async () => {
      for (const scope of ['organisation', 'team', 'shelter', 'all'] as const)
        await findVisibleCareCase(db, actor, scope, careCase.id);
      await headerPartsOf(db, careCase);
      await openTasks(db, actor, 'organisation', { caseId: careCase.id, limit: 5 });
    });
    // A named statement may run on PostgreSQL's generic plan (no values known): forced here.
    const plans = await programme.genericPlansOf(ran);
    expect(plans).toHaveLength(6);
    for (const { statement, plan } of plans) {
      // (Team memberships and consents are not loaded here: their tables are empty.)
      for (const table of ['care_case', 'person', 'task'])
        expect(seqScans(plan)).not.toContain(table);
      if (statement.sql.startsWith('select "task"')) expect(plan).toContain('task_case_idx');
      // One row by its key (the primary key, or (organisation_id, id) with both known).
      else expect(plan).toMatch(/Index Scan using \w+ on (care_case|person) .*rows=1 /);
      // The header's parts take the case's next tasks from the case's own index.
      if (statement.sql.startsWith('select "person"')) expect(plan).toContain('task_case_idx');
    }
  });

  it('the legal-case page’s three reads are each one named statement on its generic plan, by key', async () => {
    const { db, actor } = programme;
    const legalCase = await db
      .selectFrom('legal_case')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const ran = await programme.capture(async () => {
      for (const scope of ['organisation', 'team', 'shared'] as const) {
        const access = { actor, scope };
        await caseDetailRow(db, access, legalCase.id);
        await caseEventsRow(db, access, legalCase.id);
        await visibleStoredObligations(db, access, legalCase.id, new Date());
      }
    });
    // One named statement a read and a scope (these cases hold no stored regime, so their
    // obligations are then computed on read, by statements not named).
    const plans = await programme.genericPlansOf(ran);
    expect(plans).toHaveLength(9);
    expect(new Set(plans.map(({ statement }) => statement.sql)).size).toBe(9);
    for (const { plan } of plans) {
      // (Credits, team memberships and shares are not loaded here: their tables are empty.)
      for (const table of ['legal_case', 'legal_case_event', 'legal_case_party', 'obligation'])
        expect(seqScans(plan)).not.toContain(table);
      expect(plan).toMatch(/Index (Only )?Scan using legal_case_pkey on legal_case .*rows=1 /);
    }
  });

  it('the legal-case list pages by keyset on its index, through hearings and cases without one', async () => {
    const { db, actor } = programme;
    const now = new Date();
    // The organisation has 200 legal cases, a third without a hearing: 8 pages of 25.
    const everything = await listVisibleLegalCases(
      db,
      actor,
      'organisation',
      { limit: 100, offset: 0, count: 'exact' },
      now,
    );
    const all = [
      ...everything.legalCases,
      ...(
        await listVisibleLegalCases(
          db,
          actor,
          'organisation',
          { limit: 100, offset: 100, count: 'none' },
          now,
        )
      ).legalCases,
    ].map((legalCase) => legalCase.id);
    expect(all).toHaveLength(everything.total ?? 0);
    const paged: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const filter = { limit: 25, offset: 0, count: 'none' as const, after };
      const result = await listVisibleLegalCases(db, actor, 'organisation', filter, now);
      expect(result.total).toBeUndefined();
      paged.push(...result.legalCases.map((legalCase) => legalCase.id));
      if (page === 1 || page === 6) {
        // A page inside the hearings, and one inside the cases without a hearing.
        const plans = await programme.plansOf(() =>
          listVisibleLegalCases(db, actor, 'organisation', filter, now),
        );
        expect(plans).toHaveLength(1);
        expect(plans[0]).toContain('legal_case_organisation_hearing_id_idx');
        expect(seqScans(plans[0] ?? '')).not.toContain('legal_case');
      }
      if (!result.nextCursor) break;
      after = result.nextCursor;
    }
    expect(paged).toEqual(all);
  });

  it('the rescue-operation list pages by keyset from (organisation_id, occurred_at, id)', async () => {
    const { db, actor } = programme;
    const scope = 'organisation';
    const all = (await rescueOperationPage(db, actor, scope, { limit: 100, offset: 0 }, undefined))
      .rescueOperations;
    const first = await rescueOperationPage(db, actor, scope, { limit: 30, offset: 0 }, undefined);
    const filter = { limit: 30, offset: 0, after: first.nextCursor ?? undefined };
    const second = await rescueOperationPage(db, actor, scope, filter, undefined);
    const third = await rescueOperationPage(
      db,
      actor,
      scope,
      { ...filter, after: second.nextCursor ?? undefined },
      undefined,
    );
    // 200 operations on 50 days: pages cut through days, and no operation is lost or repeated.
    expect(
      [...first.rescueOperations, ...second.rescueOperations, ...third.rescueOperations].map(
        (operation) => operation.id,
      ),
    ).toEqual(all.slice(0, 90).map((operation) => operation.id));
    const plans = await programme.plansOf(() =>
      rescueOperationPage(db, actor, scope, filter, undefined),
    );
    expect(plans[0]).toContain('rescue_operation_organisation_occurred_id_idx');
    for (const plan of plans) expect(seqScans(plan)).not.toContain('rescue_operation');
  });

  it('the deadlines list reads the organisation’s open and overdue deadlines from their own index, with no sort', async () => {
    const sources = await programme.deadlineSources();
    const plans = await programme.plansOf(() =>
      asActor(() =>
        listObligations(programme.deps, sources, { status: ['open', 'overdue'], limit: 200 }),
      ),
    );
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('obligation_organisation_open_due_idx');
    expect(plans[0]).not.toMatch(/\bSort\b/);
    expect(seqScans(plans[0] ?? '')).not.toContain('obligation');
  });

  it('the deadlines list pages by keyset from (organisation_id, due_at, rule, id), ties broken by id', async () => {
    const sources = await programme.deadlineSources();
    const list = (after?: string, limit = 50) =>
      asActor(() =>
        listObligations(programme.deps, sources, { status: ['open', 'overdue'], limit, after }),
      );
    const all = await list(undefined, 150);
    const first = await list();
    const second = await list(first.nextCursor ?? undefined);
    const third = await list(second.nextCursor ?? undefined);
    // 20,000 deadlines on 400 days: pages cut through runs due the same day under the same rule.
    expect(
      [...first.obligations, ...second.obligations, ...third.obligations].map((entry) => entry.id),
    ).toEqual(all.obligations.map((entry) => entry.id));
    const plans = await programme.plansOf(() => list(second.nextCursor ?? undefined));
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('obligation_organisation_open_due_idx');
    expect(plans[0]).not.toMatch(/\bSort\b/);
    expect(seqScans(plans[0] ?? '')).not.toContain('obligation');
  });

  it('the deadlines summary counts from (organisation_id, status, due_at) in one statement', async () => {
    const sources = await programme.deadlineSources();
    const plans = await programme.plansOf(() =>
      asActor(() => obligationSummary(programme.deps, sources)),
    );
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('obligation_organisation_status_due_idx');
    expect(seqScans(plans[0] ?? '')).not.toContain('obligation');
  });

  it('the deadlines page’s views, 50 rows without explanations, are each one statement on an obligation index', async () => {
    const sources = await programme.deadlineSources();
    const views = [
      { status: ['overdue' as const] },
      { dueWithinDays: 14 },
      { status: ['open' as const, 'overdue' as const] },
    ];
    for (const view of views) {
      const list = (after?: string) =>
        asActor(() =>
          listObligations(programme.deps, sources, { ...view, fields: 'list', limit: 50, after }),
        );
      const first = await list();
      expect(first.obligations).toHaveLength(50);
      expect(first.obligations[0]).not.toHaveProperty('explanation');
      for (const after of [undefined, first.nextCursor ?? undefined]) {
        const plans = await programme.plansOf(() => list(after));
        expect(plans).toHaveLength(1);
        expect(plans[0]).toMatch(/obligation_organisation_(open_|status_)?due_idx/);
        expect(seqScans(plans[0] ?? '')).not.toContain('obligation');
      }
      // In organisation scope a page of 50 is a named statement, its statuses and limit in its
      // text, so PostgreSQL keeps its generic plan after five runs: asserted here.
      const ran = await programme.capture(async () => {
        await list();
        await list(first.nextCursor ?? undefined);
      });
      expect(ran).toHaveLength(2);
      const generic = await programme.genericPlansOf(ran);
      expect(generic).toHaveLength(2);
      for (const { plan } of generic) {
        // Overdue alone, or a window of days, may read (organisation_id, status, due_at) and sort
        // what it holds; every open deadline in order reads the open deadlines' own index.
        if (view.status?.length !== 2)
          expect(plan).toMatch(/obligation_organisation_(open|status)_due_idx/);
        else {
          expect(plan).toContain('obligation_organisation_open_due_idx');
          expect(plan).not.toMatch(/\bSort\b/);
        }
        expect(seqScans(plan)).not.toContain('obligation');
      }
    }
  });

  it('My work’s tasks page by keyset from (assignee_id, due_at, id), open tasks only', async () => {
    const page = (after?: string) => asActor(() => myTasks(programme.deps, { limit: 25, after }));
    const first = await page();
    // The actor has about 300 tasks, a hundred of them open: a full page and a next one.
    expect(first.tasks).toHaveLength(25);
    expect(first.nextCursor).not.toBeNull();
    for (const after of [undefined, first.nextCursor ?? undefined]) {
      const plans = await programme.plansOf(() => page(after));
      expect(plans).toHaveLength(1);
      expect(plans[0]).toContain('task_open_assignee_due_idx');
      for (const table of ['task', 'care_case']) {
        expect(seqScans(plans[0] ?? '')).not.toContain(table);
      }
    }
  });

  it('the trainings list pages by keyset from (organisation_id, created_at, id)', async () => {
    const page = (after?: string) =>
      asActor(() => listTrainingProgrammes(programme.deps, { limit: 25, after }));
    const first = await page();
    // 500 programmes in the actor's organisation.
    expect(first.programmes).toHaveLength(25);
    for (const after of [undefined, first.nextCursor ?? undefined]) {
      const plans = await programme.plansOf(() => page(after));
      expect(plans).toHaveLength(1);
      expect(plans[0]).toContain('training_programme_organisation_created_id_idx');
      expect(seqScans(plans[0] ?? '')).not.toContain('training_programme');
    }
  });

  it('the sweep finds the cases to evaluate from its three indexes, not by reading every case', async () => {
    const { db } = programme;
    // A swept programme: every case computed an hour ago, a few with a clock moving by now.
    await db
      .executeQuery(
        CompiledQuery.raw(`update legal_case set deadline_swept_version = deadline_inputs_version,
          deadline_evaluated_at = now() - interval '1 hour',
          deadline_next_change_at = now() + make_interval(hours => (abs(hashtext(id::text)) % 2000) - 5)`),
      )
      .then(() => db.executeQuery(CompiledQuery.raw('analyze legal_case')));
    const [source] = await programme.deadlineSources();
    const plans = await programme.plansOf(
      () => source?.casesToSweep?.(db, new Date()) ?? Promise.resolve(),
    );
    // The selection, and the count of all cases the result reports (one small statement a sweep).
    expect(plans).toHaveLength(2);
    const selection = plans.find((plan) => plan.includes('legal_case_deadline_stale_idx')) ?? '';
    expect(selection).toContain('legal_case_deadline_next_change_idx');
    expect(selection).toContain('legal_case_deadline_evaluated_idx');
    expect(seqScans(selection)).not.toContain('legal_case');
  });
});
