import { randomUUID } from 'node:crypto';
import { parseLegalEventData, type LegalEventType } from '@dawn/core';
import { expect } from 'vitest';
import { aUser, anOrganisation, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { obligationSources } from './obligation-sources.ts';
import { sweepObligations } from './obligation.sweep.ts';

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

export const DAY = 86_400_000;
const BETWEEN_SWEEPS = Date.UTC(2026, 0, 6, 4);
const HOUR = 3_600_000;
export const CASES = 21;
// Between the two sweeps, events happen that meet some of the first sweep's obligations.
export const FIRST_SWEEP = new Date('2026-01-05T04:00:00Z');
export const SECOND_SWEEP = new Date('2026-02-10T04:00:00Z');
const OFFENCES = ['BNS:143(2)', 'BNS:143(4)', 'POCSO:6', 'BNS:64', 'ITPA:5', 'POCSO:4'];
const FORUMS = ['magistrate', 'sessions', 'special-pocso'];

interface GeneratedEvent {
  id: string;
  caseId: string;
  type: LegalEventType;
  at: number;
  data: Record<string, unknown>;
}

/** The stored obligations, alerts and e-mails, in a stable order. */
const snapshotOf = async (subject: TestApp) => {
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

export type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;

/**
 * The world of the batched-sweep stories (issue 11): generated legal cases — child and adult
 * victims with and without a birth date in the vault, several accused, POCSO and trafficking
 * offences, three forums — with their events, some of which happen only between the two sweeps.
 * Invented people and places; the same cases on every run.
 */
export interface SweepWorld {
  subject: TestApp;
  /** The legal officer who created the cases and recorded their events. */
  officer: TestUser;
  /** The generated cases, in the order they were created. */
  caseIds: string[];
  /** Deletes every obligation, alert and e-mail, and what the sweep remembers of them. */
  clearDerived: () => Promise<void>;
  /** The stored obligations, alerts and e-mails, in a stable order. */
  snapshot: () => Promise<Snapshot>;
  /** The batched sweep of every source at `asOf`, four cases a batch. */
  sweepInBatches: (asOf: Date) => ReturnType<typeof sweepObligations>;
}

/** Builds the app and the generated cases; the caller closes `subject`. */
export async function aSweepWorld(): Promise<SweepWorld> {
  const subject = await createTestApp();
  const caseIds: string[] = [];
  const base: GeneratedEvent[] = [];
  const meeting: GeneratedEvent[] = [];

  const organisationId = await anOrganisation(subject.deps, 'Test Batchford Trust');
  const stationId = await anOrganisation(subject.deps, 'Test Sweepnagar PS', 'police_station');
  const officer = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });

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

  const clearDerived = async () => {
    await subject.deps.db.deleteFrom('outbox_email').execute();
    await subject.deps.db.deleteFrom('alert').execute();
    await subject.deps.db.deleteFrom('obligation').execute();
    // What the sweep remembers of the deleted rows goes with them: every case is stale again.
    await subject.deps.db.updateTable('legal_case').set({ deadline_swept_version: null }).execute();
  };

  const sweepInBatches = (asOf: Date) =>
    sweepObligations(
      subject.deps.db,
      subject.deps.config,
      obligationSources(subject.deps.vault),
      asOf,
      { batchSize: 4 },
    );

  return {
    subject,
    officer,
    caseIds,
    clearDerived,
    snapshot: () => snapshotOf(subject),
    sweepInBatches,
  };
}
