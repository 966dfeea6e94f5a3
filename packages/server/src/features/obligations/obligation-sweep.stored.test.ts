import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type TestUser } from '../../../test/fixtures.ts';
import type { TestApp } from '../../../test/test-app.ts';
import { countingStatements } from '../../../test/statement-counter.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  obligationsForLegalCase,
  storedObligationsForLegalCase,
} from '../legal-cases/legal-case-obligations.ts';
import { findObligationTarget } from '../legal-cases/legal-case.repository.ts';
import { legalCaseCode, legalCaseObligationSource } from './legal-case.obligation-source.ts';
import { aSweepWorld, DAY, FIRST_SWEEP, SECOND_SWEEP } from './obligation-sweep.test-support.ts';
import { sweepCase } from './obligation.sweep.ts';

/**
 * Issue 11: what the batched sweep stored for the generated cases is what the case page computes
 * on read, its explanations are stored without what their row and rule already say, and
 * recomputing a case sends no unchanged obligation again, in as many statements for many
 * obligations as for few. That the batched sweep stores what the per-case recompute stores:
 * obligation-sweep.batch.test.ts.
 */
describe(`the obligations the batched sweep stored, against computing them on read (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: TestUser;
  let caseIds: string[];

  beforeAll(async () => {
    const world = await aSweepWorld();
    ({ subject, officer, caseIds } = world);
    // Some sixty persons and twenty cases through the API: slow on PGlite on a busy machine.
    // The tests below read what the batched sweep stores (the state the batch test's first story
    // leaves): the first sweep, then the second after the meeting events happened. They run in
    // order: one changes a case's stored rows that a later one reads.
    await world.clearDerived();
    await world.sweepInBatches(FIRST_SWEEP);
    await world.sweepInBatches(SECOND_SWEEP);
  }, 240_000);
  afterAll(() => subject.close());

  it('stores what the case page computes on read for every generated case', async () => {
    const stored = await subject.deps.db
      .selectFrom('obligation')
      .select(['case_id', 'rule', 'subject', 'starts_at', 'due_at', 'status', 'met_at'])
      .execute();
    for (const caseId of caseIds) {
      const onRead = await obligationsForLegalCase(
        subject.deps.db,
        caseId,
        SECOND_SWEEP,
        subject.deps.vault,
      );
      const key = (entry: { rule: string; subject: string | null; startsAt: string }) =>
        `${entry.rule}|${entry.subject ?? ''}|${entry.startsAt}`;
      expect(
        stored
          .filter((row) => row.case_id === caseId)
          .map((row) => ({
            rule: row.rule,
            subject: row.subject,
            startsAt: row.starts_at.toISOString(),
            dueAt: row.due_at.toISOString(),
            status: row.status,
            metAt: row.met_at?.toISOString() ?? null,
          }))
          .sort((left, right) => key(left).localeCompare(key(right))),
      ).toEqual(
        onRead.obligations
          .map((obligation) => ({
            rule: obligation.rule,
            subject: obligation.subject,
            startsAt: new Date(obligation.startsAt).toISOString(),
            dueAt: new Date(obligation.dueAt).toISOString(),
            status: obligation.status,
            metAt: obligation.metAt ? new Date(obligation.metAt).toISOString() : null,
          }))
          .sort((left, right) => key(left).localeCompare(key(right))),
      );
    }
    // Not vacuous: a child victim's clock came from a birth date read in the vault.
    const childRules = await sql<{ count: string }>`
      select count(*)::text as count from obligation where rule = 'IN.JJ.31.cwc-production'`.execute(
      subject.deps.db,
    );
    expect(Number(childRules.rows[0]?.count)).toBeGreaterThan(0);
  });

  it('stores explanations without what their row and rule say, and answers them whole', async () => {
    const caseId = caseIds[1] ?? '';
    const stored = await subject.deps.db
      .selectFrom('obligation')
      .select(['id', 'explanation'])
      .where('case_id', '=', caseId)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    // The row's citation, confidence and instants and the rule's texts are not stored again; the
    // satisfying event's id keeps its place (the satisfied-deadline triggers read it in SQL).
    for (const { explanation } of stored) {
      expect(Object.keys(explanation)).not.toContain('citation');
      expect(Object.keys(explanation)).not.toContain('satisfiedBy');
      expect(Object.keys(explanation.startEvent ?? {})).not.toContain('at');
    }
    const computed = await obligationsForLegalCase(
      subject.deps.db,
      caseId,
      SECOND_SWEEP,
      subject.deps.vault,
    );
    const met = computed.obligations.filter((obligation) => obligation.metAt !== null);
    expect(met.length).toBeGreaterThan(0);
    const keyOf = (obligation: { rule: string; subject: string | null; startsAt: string }) =>
      `${obligation.rule}|${obligation.subject ?? ''}|${Date.parse(obligation.startsAt)}`;
    const explained = new Map(
      computed.obligations.map((obligation) => [keyOf(obligation), obligation.explanation]),
    );

    // The deadlines list with its explanations, and each row opened: the engine's explanation.
    const client = await signedIn(subject.app, officer);
    const list = await client.get(`/api/obligations?caseId=${caseId}&limit=100`);
    expect(list.statusCode).toBe(200);
    type Listed = {
      id: string;
      rule: string;
      subject: string | null;
      startsAt: string;
      explanation: unknown;
    };
    const rows = list.json<{ obligations: Listed[] }>().obligations;
    expect(rows).toHaveLength(computed.obligations.length);
    for (const row of rows) expect(row.explanation).toEqual(explained.get(keyOf(row)));
    const metRow = rows.find((row) => met[0] !== undefined && keyOf(row) === keyOf(met[0]));
    const opened = await client.get(`/api/obligations/${metRow?.id ?? ''}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json<Listed>().explanation).toEqual(met[0]?.explanation);

    // A row whose explanation was stored whole, before this form, reads the same.
    await subject.deps.db
      .updateTable('obligation')
      .set({ explanation: JSON.stringify(met[0]?.explanation) })
      .where('id', '=', metRow?.id ?? '')
      .execute();
    const whole = await client.get(`/api/obligations/${metRow?.id ?? ''}`);
    expect(whole.json<Listed>().explanation).toEqual(met[0]?.explanation);
    expect(
      await storedObligationsForLegalCase(
        subject.deps.db,
        caseId,
        SECOND_SWEEP,
        subject.deps.vault,
      ),
    ).toEqual(computed);
  });

  it('serves the case view from the stored obligations, equal to computing them on read', async () => {
    // Every case was evaluated by the sweep: its view reads stored rows, not events.
    const unswept = await subject.deps.db
      .selectFrom('legal_case')
      .select('id')
      .where('id', 'in', caseIds)
      .where('deadline_regime', 'is', null)
      .execute();
    expect(unswept).toEqual([]);
    // At the sweep's instant, and weeks later when open obligations have fallen overdue.
    const later = new Date(SECOND_SWEEP.getTime() + 40 * DAY);
    let fellOverdue = 0;
    for (const asOf of [SECOND_SWEEP, later]) {
      for (const caseId of caseIds) {
        const stored = await storedObligationsForLegalCase(
          subject.deps.db,
          caseId,
          asOf,
          subject.deps.vault,
        );
        const computed = await obligationsForLegalCase(
          subject.deps.db,
          caseId,
          asOf,
          subject.deps.vault,
        );
        expect(stored).toEqual(computed);
        if (asOf === later)
          fellOverdue += stored.obligations.filter(
            (obligation) => obligation.status === 'overdue',
          ).length;
      }
    }
    expect(fellOverdue).toBeGreaterThan(0);

    // Over HTTP, as the case page asks, now.
    const client = await signedIn(subject.app, officer);
    const caseId = caseIds[0] ?? '';
    const response = await client.get(`/api/legal-cases/${caseId}/obligations`);
    expect(response.statusCode).toBe(200);
    const computedNow = await obligationsForLegalCase(
      subject.deps.db,
      caseId,
      new Date(),
      subject.deps.vault,
    );
    expect(response.json<{ obligations: unknown[] }>().obligations).toEqual(
      computedNow.obligations,
    );

    // A case the sweep has not reached yet is computed on read.
    await subject.deps.db
      .updateTable('legal_case')
      .set({ deadline_regime: null, deadline_regime_explanation: null })
      .where('id', '=', caseId)
      .execute();
    await subject.deps.db.deleteFrom('obligation').where('case_id', '=', caseId).execute();
    expect(
      await storedObligationsForLegalCase(subject.deps.db, caseId, later, subject.deps.vault),
    ).toEqual(await obligationsForLegalCase(subject.deps.db, caseId, later, subject.deps.vault));
  });

  it('sends no obligation of an unchanged case again', async () => {
    const sent: string[] = [];
    const recording = subject.deps.db.withPlugin({
      transformQuery: (args) => {
        sent.push(args.node.kind === 'RawNode' ? args.node.sqlFragments.join('?') : args.node.kind);
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const row = await findObligationTarget(subject.deps.db, caseIds[1] ?? '');
    if (!row) throw new Error('generated case missing');
    const target = { id: row.id, organisationId: row.organisation_id, code: legalCaseCode(row) };
    const source = legalCaseObligationSource(subject.deps.vault);
    await sweepCase(recording, subject.deps.config, source, target, SECOND_SWEEP);
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.filter((text) => /insert into obligation/.test(text))).toEqual([]);
    expect(sent.filter((text) => /delete from obligation/.test(text))).toEqual([]);
  });

  it('recomputing a case after an event runs as many statements for many obligations as for few', async () => {
    const source = legalCaseObligationSource(subject.deps.vault);
    const counting = countingStatements(subject.deps.db);
    const perCase = await subject.deps.db
      .selectFrom('obligation')
      .select(['case_id', sql<number>`count(*)::int`.as('obligations')])
      .where('status', '=', 'overdue')
      .groupBy('case_id')
      .execute();
    const totals = await subject.deps.db
      .selectFrom('obligation')
      .select(['case_id', sql<number>`count(*)::int`.as('obligations')])
      .where(
        'case_id',
        'in',
        perCase.map((row) => row.case_id),
      )
      .groupBy('case_id')
      .orderBy('obligations')
      .execute();
    const fewest = totals[0];
    const most = totals[totals.length - 1];
    if (!fewest || !most) throw new Error('no generated case with an overdue obligation');
    expect(most.obligations).toBeGreaterThan(fewest.obligations);
    const statementsFor = async (caseId: string) => {
      const row = await findObligationTarget(subject.deps.db, caseId);
      if (!row) throw new Error('generated case missing');
      const target = { id: row.id, organisationId: row.organisation_id, code: legalCaseCode(row) };
      return counting.counted(() =>
        sweepCase(counting.db, subject.deps.config, source, target, SECOND_SWEEP),
      );
    };
    const few = await statementsFor(fewest.case_id);
    expect(few).toBeGreaterThan(3);
    expect(await statementsFor(most.case_id)).toBe(few);
  });
});
