import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation } from '../../../test/fixtures.ts';
import type { TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { findObligationTarget } from '../legal-cases/legal-case.repository.ts';
import { legalCaseCode, legalCaseObligationSource } from './legal-case.obligation-source.ts';
import type { ObligationSource } from './obligation-source.ts';
import { obligationSources } from './obligation-sources.ts';
import {
  aSweepWorld,
  CASES,
  FIRST_SWEEP,
  SECOND_SWEEP,
  type SweepWorld,
} from './obligation-sweep.test-support.ts';
import { syncObligations } from './obligation-sync.ts';
import { sweepCase, sweepObligations } from './obligation.sweep.ts';

/**
 * Issue 11: the sweep evaluates cases in batches (one read of a batch's events, one write of its
 * obligations, alerts in bulk). On generated cases — child and adult victims with and without a
 * birth date in the vault, several accused, POCSO and trafficking offences, three forums — the
 * batched sweep must store exactly the obligations, alerts and e-mails that recomputing each case
 * on its own stores (what recording an event does), resolve the same alerts once obligations are
 * met, and raise nothing more when run again.
 *
 * The stored obligations read back (on read, explanations, statements sent):
 * obligation-sweep.stored.test.ts.
 */
describe(`the batched deadline sweep against the per-case recompute (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let caseIds: string[];
  let clearDerived: SweepWorld['clearDerived'];
  let snapshot: SweepWorld['snapshot'];
  let sweepInBatches: SweepWorld['sweepInBatches'];

  beforeAll(async () => {
    ({ subject, caseIds, clearDerived, snapshot, sweepInBatches } = await aSweepWorld());
    // Some sixty persons and twenty cases through the API: slow on PGlite on a busy machine.
  }, 240_000);
  afterAll(() => subject.close());

  it('stores the same obligations, alerts and e-mails as recomputing each case on its own', async () => {
    const source = legalCaseObligationSource(subject.deps.vault);
    const eachCase = async (asOf: Date) => {
      for (const caseId of caseIds) {
        const row = await findObligationTarget(subject.deps.db, caseId);
        if (!row) throw new Error('generated case missing');
        const target = {
          id: row.id,
          organisationId: row.organisation_id,
          code: legalCaseCode(row),
        };
        await sweepCase(subject.deps.db, subject.deps.config, source, target, asOf);
      }
    };

    // One case at a time: the first sweep, then the second after the meeting events happened.
    await clearDerived();
    await eachCase(FIRST_SWEEP);
    await eachCase(SECOND_SWEEP);
    const perCase = await snapshot();

    // The same history through the batched sweep, four cases a batch.
    await clearDerived();
    const first = await sweepInBatches(FIRST_SWEEP);
    expect(first.cases).toBe(CASES);
    await sweepInBatches(SECOND_SWEEP);
    const batched = await snapshot();

    // The generated set exercises what matters: many obligations, alerts both raised and resolved.
    expect(perCase.obligations.length).toBeGreaterThan(CASES * 3);
    expect(
      perCase.alerts.filter((alert) => alert.resolution === 'met_late').length,
    ).toBeGreaterThan(0);
    expect(perCase.alerts.filter((alert) => alert.resolved_at === null).length).toBeGreaterThan(0);
    expect(perCase.emails.length).toBeGreaterThan(0);
    expect(batched).toEqual(perCase);

    // Run again at the same instant: nothing new is raised or e-mailed, nothing changes.
    const again = await sweepInBatches(SECOND_SWEEP);
    expect(again.evaluated).toBe(0);
    expect(again.alerts).toBe(0);
    expect(again.emailsQueued).toBe(0);
    expect(await snapshot()).toEqual(perCase);
  });

  // Migration 0031g: the key on the obligation's organisation is checked once per statement.
  it('refuses an obligation naming no organisation, and the deletion of an organisation obligations name', async () => {
    const db = subject.deps.db;
    const stored = await db
      .selectFrom('obligation')
      .select(['id', 'organisation_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await expect(
      sql`update obligation set organisation_id = ${randomUUID()} where id = ${stored.id}`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: '23503' });
    const spare = await anOrganisation(subject.deps, 'Test Sparepur Trust');
    await sql`update obligation set organisation_id = ${spare} where id = ${stored.id}`.execute(db);
    await expect(
      sql`delete from organisation where id = ${spare}`.execute(db),
    ).rejects.toMatchObject({ code: '23503' });
    await sql`update obligation set organisation_id = ${stored.organisation_id}
      where id = ${stored.id}`.execute(db);
    await sql`delete from organisation where id = ${spare}`.execute(db);
    const organisations = await db.selectFrom('organisation').select('id').execute();
    expect(organisations.map((row) => row.id)).not.toContain(spare);
  });

  // Migration 0033d: the key on a webhook event's organisation is checked once per statement.
  it('refuses a webhook event naming no organisation, and the deletion of an organisation one names', async () => {
    const db = subject.deps.db;
    const keyOf = (organisationId: string) =>
      sql`insert into webhook_event_once (event_key, organisation_id)
        values (${`test.event:${organisationId}`}, ${organisationId})`.execute(db);
    const unknown = randomUUID();
    await expect(keyOf(unknown)).rejects.toMatchObject({ code: '23503' });
    const spare = await anOrganisation(subject.deps, 'Test Webhookpur Trust');
    await keyOf(spare);
    await expect(
      sql`delete from organisation where id = ${spare}`.execute(db),
    ).rejects.toMatchObject({ code: '23503' });
    await sql`delete from webhook_event_once where organisation_id = ${spare}`.execute(db);
    await sql`delete from organisation where id = ${spare}`.execute(db);
    const organisations = await db.selectFrom('organisation').select('id').execute();
    expect(organisations.map((row) => row.id)).not.toContain(spare);
    const keys = await db
      .selectFrom('webhook_event_once')
      .select('organisation_id')
      .where('organisation_id', 'in', [unknown, spare])
      .execute();
    expect(keys).toEqual([]);
  });

  // Two batches are written at once (SWEEP_WRITERS): one that fails must not leave the other
  // running after the sweep has answered, nor let another batch begin.
  it('ends a sweep whose batch fails with its error, once the batch in hand is stored, beginning no other', async () => {
    await clearDerived();
    const legal = legalCaseObligationSource(subject.deps.vault);
    const begun: string[][] = [];
    const failing: ObligationSource = {
      ...legal,
      computeWithRegimes: (db, caseIds, asOf) => {
        begun.push([...caseIds]);
        if (begun.length === 2) return Promise.reject(new Error('the second batch failed'));
        if (!legal.computeWithRegimes) throw new Error('legal cases store their regimes');
        return legal.computeWithRegimes(db, caseIds, asOf);
      },
    };
    const sweep = (sources: readonly ObligationSource[]) =>
      sweepObligations(subject.deps.db, subject.deps.config, sources, FIRST_SWEEP, {
        batchSize: 4,
        writers: 2,
      });
    await expect(sweep([failing])).rejects.toThrow('the second batch failed');
    // As the sweep answers: the first batch stored, nothing of any other, none begun since.
    const stored = await subject.deps.db
      .selectFrom('obligation')
      .select('case_id')
      .distinct()
      .execute();
    expect(begun).toHaveLength(2);
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(begun[0]).toContain(row.case_id);
    // The next sweep stores the rest: the same obligations, alerts and e-mails as one sweep.
    await sweep(obligationSources(subject.deps.vault));
    const resumed = await snapshot();
    await clearDerived();
    await sweep(obligationSources(subject.deps.vault));
    expect(resumed).toEqual(await snapshot());
    expect(resumed.obligations.length).toBeGreaterThan(CASES * 3);
  });

  // On PostgreSQL a first sweep's new rows go by COPY (issue 11), in its text format: a tab, a
  // line end or a backslash in a text (a police station's name in the case's code) must be
  // stored as the insert stores it.
  it('stores a first sweep as the insert stores it, a station named with tabs, line ends and backslashes included', async () => {
    const { db, vault } = subject.deps;
    const caseId = caseIds[0] ?? '';
    const { fir_police_station_id: stationId } = await db
      .selectFrom('legal_case')
      .select('fir_police_station_id')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const { name } = await db
      .selectFrom('organisation')
      .select('name')
      .where('id', '=', stationId ?? '')
      .executeTakeFirstOrThrow();
    const awkward = 'Test Sweep\tnagar \\N "PS"\r\nEast’s \\ post';
    await db
      .updateTable('organisation')
      .set({ name: awkward })
      .where('id', '=', stationId ?? '')
      .execute();
    try {
      await clearDerived();
      await sweepObligations(db, subject.deps.config, obligationSources(vault), FIRST_SWEEP);
      const swept = (await snapshot()).obligations;
      expect(swept.length).toBeGreaterThan(CASES * 3);
      for (const row of swept) expect(row.case_code).toContain(awkward);

      // The same cases' obligations written by the insert (an upsert of rows sent as JSON).
      await clearDerived();
      const source = legalCaseObligationSource(vault);
      const targets = [];
      for (const id of caseIds) {
        const row = await findObligationTarget(db, id);
        if (!row) throw new Error('generated case missing');
        targets.push({
          caseId: row.id,
          organisationId: row.organisation_id,
          code: legalCaseCode(row),
        });
      }
      const computed = await source.compute(db, caseIds, FIRST_SWEEP);
      await syncObligations(db, source.caseType, source.pack, targets, computed, FIRST_SWEEP);
      expect((await snapshot()).obligations).toEqual(swept);
    } finally {
      await db
        .updateTable('organisation')
        .set({ name })
        .where('id', '=', stationId ?? '')
        .execute();
    }
  });
});
