import { randomUUID } from 'node:crypto';
import { parseLegalEventData, type LegalEventType } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { countingStatements } from '../../../test/statement-counter.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  obligationsForLegalCase,
  storedObligationsForLegalCase,
} from '../legal-cases/legal-case-obligations.ts';
import { findObligationTarget } from '../legal-cases/legal-case.repository.ts';
import { legalCaseCode, legalCaseObligationSource } from './legal-case.obligation-source.ts';
import type { ObligationSource } from './obligation-source.ts';
import { obligationSources } from './obligation-sources.ts';
import { syncObligations } from './obligation-sync.ts';
import { sweepCase, sweepObligations } from './obligation.sweep.ts';

/** Mulberry32: the same generated cases on every run. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY = 86_400_000;
const BETWEEN_SWEEPS = Date.UTC(2026, 0, 6, 4);
const HOUR = 3_600_000;
const CASES = 21;
// Between the two sweeps, events happen that meet some of the first sweep's obligations.
const FIRST_SWEEP = new Date('2026-01-05T04:00:00Z');
const SECOND_SWEEP = new Date('2026-02-10T04:00:00Z');
const OFFENCES = ['BNS:143(2)', 'BNS:143(4)', 'POCSO:6', 'BNS:64', 'ITPA:5', 'POCSO:4'];
const FORUMS = ['magistrate', 'sessions', 'special-pocso'];

interface GeneratedEvent {
  id: string;
  caseId: string;
  type: LegalEventType;
  at: number;
  data: Record<string, unknown>;
}

/**
 * Issue 11: the sweep evaluates cases in batches (one read of a batch's events, one write of its
 * obligations, alerts in bulk). On generated cases — child and adult victims with and without a
 * birth date in the vault, several accused, POCSO and trafficking offences, three forums — the
 * batched sweep must store exactly the obligations, alerts and e-mails that recomputing each case
 * on its own stores (what recording an event does), resolve the same alerts once obligations are
 * met, and raise nothing more when run again.
 */
describe(`the batched deadline sweep against the per-case recompute (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let officer: TestUser;
  const caseIds: string[] = [];
  const base: GeneratedEvent[] = [];
  const meeting: GeneratedEvent[] = [];

  const insertEvents = async (events: readonly GeneratedEvent[], recordedAt: Date) => {
    if (events.length === 0) return;
    await subject.deps.db
      .insertInto('legal_case_event')
      .values(
        events.map((event) => ({
          id: event.id,
          legal_case_id: event.caseId,
          type: event.type,
          occurred_at: new Date(event.at),
          recorded_at: recordedAt,
          recorded_by: officer.id,
          // Validated as recording through the API would, so the generated data is real data.
          data: JSON.stringify(parseLegalEventData(event.type, event.data)),
          supersedes_id: null,
        })),
      )
      .execute();
  };

  const clearDerived = async () => {
    await subject.deps.db.deleteFrom('outbox_email').execute();
    await subject.deps.db.deleteFrom('alert').execute();
    await subject.deps.db.deleteFrom('obligation').execute();
    // What the sweep remembers of the deleted rows goes with them: every case is stale again.
    await subject.deps.db.updateTable('legal_case').set({ deadline_swept_version: null }).execute();
  };

  const snapshot = async () => {
    const obligations = await subject.deps.db
      .selectFrom('obligation')
      .select([
        'case_type',
        'case_id',
        'organisation_id',
        'case_code',
        'obligation_key',
        'rule',
        'title',
        'citation',
        'subject',
        'starts_at',
        'due_at',
        'status',
        'met_at',
        'consequence',
        'confidence',
        'unconfirmed',
        'responsible_role',
        'alerts_at',
        'explanation',
        'computed_at',
      ])
      .orderBy('case_id')
      .orderBy('obligation_key')
      .execute();
    const alerts = await subject.deps.db
      .selectFrom('alert')
      .leftJoin('obligation', 'obligation.id', 'alert.obligation_id')
      .select([
        'alert.user_id',
        'alert.kind',
        'alert.case_type',
        'alert.case_id',
        'alert.case_code',
        'alert.rule',
        'alert.title',
        'alert.subject',
        'alert.due_at',
        'alert.dedupe_key',
        'alert.read_at',
        'alert.emailed_at',
        'alert.resolved_at',
        'alert.resolution',
        'obligation.obligation_key',
      ])
      .orderBy('alert.user_id')
      .orderBy('alert.dedupe_key')
      .execute();
    const emails = await subject.deps.db
      .selectFrom('outbox_email')
      .select(['to_address', 'subject', 'body_text'])
      .orderBy('to_address')
      .orderBy('subject')
      .orderBy('body_text')
      .execute();
    return { obligations, alerts, emails };
  };

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Batchford Trust');
    const stationId = await anOrganisation(subject.deps, 'Test Sweepnagar PS', 'police_station');
    officer = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    const client = await signedIn(subject.app, officer);
    const random = randomSource(20261204);
    const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
    const chance = (probability: number) => random() < probability;
    const person = async (index: number, sex: string, birthDate?: string) => {
      const response = await client.post('/api/persons', {
        sex,
        // An adult by the band: a child's clocks can only come from the birth date in the vault.
        ageBand: sex === 'female' ? '25-34' : '35+',
        languages: [],
        ...(birthDate ? { identity: { legalName: `Test Sweep Person ${index}`, birthDate } } : {}),
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };

    let personIndex = 0;
    for (let number = 1; number <= CASES; number += 1) {
      const fir = Date.UTC(2025, 0, 1, 4) + between(0, 300) * DAY + between(0, 12) * HOUR;
      const victims = [];
      for (let index = 0; index < between(1, 2); index += 1) {
        personIndex += 1;
        // A child, an adult, or no birth date at all (the age band decides).
        const birthYear = chance(0.4) ? 2009 + between(0, 6) : chance(0.5) ? 1995 : undefined;
        victims.push(
          await person(personIndex, 'female', birthYear ? `${birthYear}-03-15` : undefined),
        );
      }
      const accused = [];
      for (let index = 0; index < between(1, 3); index += 1) {
        personIndex += 1;
        accused.push(await person(personIndex, 'male'));
      }
      const created = await client.post('/api/legal-cases', {
        fir: {
          policeStationId: stationId,
          number: String(100 + number),
          year: 2025,
          registeredAt: new Date(fir).toISOString(),
        },
        forum: FORUMS[between(0, FORUMS.length - 1)],
        offences: [
          ...new Set([OFFENCES[between(0, 5)] ?? 'ITPA:5', OFFENCES[between(0, 5)] ?? 'ITPA:5']),
        ],
        victims,
        accused,
      });
      expect(created.statusCode, created.body).toBe(201);
      const caseId = created.json<{ id: string }>().id;
      caseIds.push(caseId);
      const add = (
        list: GeneratedEvent[],
        type: LegalEventType,
        at: number,
        data: Record<string, unknown>,
      ) => list.push({ id: randomUUID(), caseId, type, at, data });
      accused.forEach((_, index) => {
        const ref = `A${index + 1}`;
        const arrested = fir + between(2, 60) * HOUR;
        add(base, 'accused.arrested', arrested, { accused: ref });
        if (chance(0.7))
          add(base, 'accused.produced_before_magistrate', arrested + between(6, 30) * HOUR, {
            accused: ref,
          });
        if (chance(0.8))
          add(base, 'accused.remanded', arrested + 31 * HOUR, {
            accused: ref,
            custody: 'judicial',
          });
      });
      victims.forEach((_, index) => {
        const ref = `V${index + 1}`;
        add(base, 'victim.rescued', fir - between(1, 20) * HOUR, { victim: ref });
        if (chance(0.6))
          add(base, 'victim.produced_before_cwc', fir + between(2, 40) * HOUR, { victim: ref });
        if (chance(0.5))
          add(base, 'victim.medical_examined', fir + between(3, 48) * HOUR, { victim: ref });
        if (chance(0.4))
          add(base, 'compensation.applied', fir + between(5, 40) * DAY, {
            victim: ref,
            scheme: 'BNSS-396',
          });
        if (chance(0.5))
          add(meeting, 'cwc.social_investigation_report', BETWEEN_SWEEPS + between(0, 30) * DAY, {
            victim: ref,
          });
        if (chance(0.5))
          add(meeting, 'compensation.awarded', BETWEEN_SWEEPS + between(0, 30) * DAY, {
            victim: ref,
            scheme: chance(0.5) ? 'POCSO-R9' : 'BNSS-396',
            amountRupees: 50_000,
          });
      });
      if (chance(0.5)) add(base, 'court.cognizance', fir + between(40, 90) * DAY, {});
      if (chance(0.6))
        add(meeting, 'chargesheet.filed', BETWEEN_SWEEPS + between(0, 30) * DAY, { accused: [] });
      if (chance(0.4))
        add(meeting, 'police.reported_to_cwc_and_court', BETWEEN_SWEEPS + between(0, 30) * DAY, {});
    }
    await insertEvents(base, new Date('2025-12-31T00:00:00Z'));
    // Events the first sweep does not see yet (they happen after it): they meet obligations late.
    await insertEvents(meeting, new Date('2026-02-01T00:00:00Z'));
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
    const sweep = (asOf: Date) =>
      sweepObligations(
        subject.deps.db,
        subject.deps.config,
        obligationSources(subject.deps.vault),
        asOf,
        { batchSize: 4 },
      );
    const first = await sweep(FIRST_SWEEP);
    expect(first.cases).toBe(CASES);
    await sweep(SECOND_SWEEP);
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
    const again = await sweep(SECOND_SWEEP);
    expect(again.evaluated).toBe(0);
    expect(again.alerts).toBe(0);
    expect(again.emailsQueued).toBe(0);
    expect(await snapshot()).toEqual(perCase);
  });

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
