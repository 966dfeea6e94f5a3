import { randomUUID } from 'node:crypto';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/** The report's lines as the tests read them: deadline, milestone, official, summary line. */
export interface Deadline {
  rule: string;
  subject: string | null;
  status: string;
}
export interface Milestone {
  legalCaseId: string;
  eventId: string;
  type: string;
  at: string;
  caseTitle: string;
  caseTitleFir: { number: string; year: number; policeStation: string } | null;
  deadlines: Deadline[];
  onTime: boolean | null;
}
export interface Official {
  officialId: string;
  name: string;
  onTimeCount: number;
  milestones: Milestone[];
}
export interface SummaryLine {
  officialId: string;
  name: string;
  onTimeCount: number;
  lateCount: number;
  withoutDeadlineCount: number;
  milestoneCount: number;
  caseCount: number;
}

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const TYPES = ['fir.registered', 'accused.arrested', 'chargesheet.filed', 'court.cognizance'];
const STATUSES = ['met', 'met_late', 'open', 'overdue'] as const;

/** The report's year, as the tests ask for it. */
export const period = 'from=2025-01-01&to=2025-12-31';

export interface GeneratedYear {
  subject: TestApp;
  /** A program manager of the organisation whose officials are credited. */
  manager: Client;
  /** The plain reading: the officials with a milestone on time, in the report's order. */
  expected: Official[];
}

/**
 * A generated year of credited events, stored: 7 officials of one organisation and 40 legal
 * cases of 6 events each (corrections, voidings, events just outside the year, another
 * organisation's cases, events crediting two officials, deadlines met on time, late, open, or
 * none), and a plain reading of the stored rows computed directly: what the chosen-few report
 * should say of them.
 */
export async function aGeneratedYear(): Promise<GeneratedYear> {
  const subject = await createTestApp();
  const { db } = subject.deps;
  const random = seeded(20261205);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const organisationId = await anOrganisation(subject.deps, 'Test Chosen Trust');
  const otherId = await anOrganisation(subject.deps, 'Test Elsewhere Trust');
  const manager = await signedIn(
    subject.app,
    await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: subject.deps.config.requireTwoFactorRoles.includes('program_manager'),
    }),
  );
  const officials = Array.from({ length: 7 }, (_, index) => ({
    id: randomUUID(),
    name: `Test Official ${String.fromCharCode(65 + index)}`,
    designation: 'Sub-Inspector',
    organisation_id: organisationId,
  }));
  await db.insertInto('official').values(officials).execute();

  const events: {
    id: string;
    legal_case_id: string;
    type: string;
    occurred_at: Date;
    data: string;
    supersedes_id: string | null;
  }[] = [];
  const credits: { event_id: string; official_id: string }[] = [];
  const obligations: {
    caseId: string;
    organisationId: string;
    key: string;
    rule: string;
    subject: string | null;
    status: (typeof STATUSES)[number];
    eventId: string | null;
  }[] = [];
  const cases: { id: string; organisationId: string; firNumber: string | null }[] = [];
  for (let index = 0; index < 40; index += 1) {
    const caseOrganisation = index % 8 === 7 ? otherId : organisationId;
    const legalCase = {
      id: randomUUID(),
      organisationId: caseOrganisation,
      firNumber: index % 3 === 0 ? null : String(100 + index),
    };
    cases.push(legalCase);
    let previous: string | undefined;
    for (let step = 0; step < 6; step += 1) {
      // Days from 20 December 2024 to 10 January 2026, India time, some at the year's edges.
      const day = Math.floor(random() * 387);
      const edge = step === 0 && index % 5 === 0;
      const occurredAt = edge
        ? new Date(index % 10 === 0 ? '2024-12-31T23:59:59+05:30' : '2026-01-01T00:00:00+05:30')
        : new Date(Date.parse('2024-12-20T00:00:00+05:30') + day * 86_400_000 + step * 3_600_000);
      const roll = random();
      const type = roll < 0.08 ? 'event.voided' : pick(TYPES);
      // Some events correct an earlier one of the same case, which then no longer counts.
      const supersedes = previous && roll > 0.85 ? previous : null;
      const event = {
        id: randomUUID(),
        legal_case_id: legalCase.id,
        type,
        occurred_at: occurredAt,
        data: '{}',
        supersedes_id: supersedes,
      };
      events.push(event);
      previous = event.id;
      const credited = pick(officials);
      credits.push({ event_id: event.id, official_id: credited.id });
      if (random() < 0.2) {
        const second = pick(officials);
        if (second.id !== credited.id) credits.push({ event_id: event.id, official_id: second.id });
      }
      const deadlines = Math.floor(random() * 4);
      for (let deadline = 0; deadline < deadlines; deadline += 1)
        obligations.push({
          caseId: legalCase.id,
          organisationId: caseOrganisation,
          key: `test|${event.id}|${deadline}`,
          rule: `IN.TEST.${String(deadline)}`,
          subject: deadline === 2 ? null : `V${String(deadline)}`,
          status: random() < 0.6 ? 'met' : pick(STATUSES),
          eventId: event.id,
        });
    }
    // A deadline not yet satisfied by any event.
    obligations.push({
      caseId: legalCase.id,
      organisationId: caseOrganisation,
      key: `test|${legalCase.id}|open`,
      rule: 'IN.TEST.OPEN',
      subject: null,
      status: 'open',
      eventId: null,
    });
  }
  await db
    .insertInto('legal_case')
    .values(
      cases.map((legalCase) => ({
        id: legalCase.id,
        organisation_id: legalCase.organisationId,
        forum: 'sessions',
        fir_number: legalCase.firNumber,
        fir_year: legalCase.firNumber ? 2025 : null,
        fir_police_station_id: legalCase.firNumber ? otherId : null,
      })),
    )
    .execute();
  await db.insertInto('legal_case_event').values(events).execute();
  await db.insertInto('legal_case_event_official').values(credits).execute();
  await db
    .insertInto('obligation')
    .values(
      obligations.map((obligation) => ({
        case_type: 'legal_case',
        case_id: obligation.caseId,
        organisation_id: obligation.organisationId,
        case_code: 'Test case',
        obligation_key: obligation.key,
        rule: obligation.rule,
        subject: obligation.subject,
        title: 'A deadline',
        citation: 'Test Act s.1',
        starts_at: new Date('2025-01-01T00:00:00Z'),
        due_at: new Date('2025-03-01T00:00:00Z'),
        status: obligation.status,
        met_at: null,
        consequence: 'None',
        confidence: 'T',
        unconfirmed: false,
        responsible_role: 'legal_officer',
        alerts_at: '{}',
        explanation: JSON.stringify(
          obligation.eventId ? { satisfyingEvent: { id: obligation.eventId } } : {},
        ),
        computed_at: new Date(),
      })),
    )
    .execute();

  // The plain reading: every stored credit, filtered and judged one by one.
  const from = Date.parse('2025-01-01T00:00:00+05:30');
  const to = Date.parse('2025-12-31T23:59:59.999+05:30');
  const superseded = new Set(events.map((event) => event.supersedes_id));
  const caseOf = new Map(cases.map((legalCase) => [legalCase.id, legalCase]));
  const byOfficial = new Map<string, Official>();
  for (const credit of credits) {
    const event = events.find((candidate) => candidate.id === credit.event_id);
    if (!event) throw new Error('fixture');
    const legalCase = caseOf.get(event.legal_case_id);
    const instant = event.occurred_at.getTime();
    if (
      legalCase?.organisationId !== organisationId ||
      instant < from ||
      instant > to ||
      event.type === 'event.voided' ||
      superseded.has(event.id)
    )
      continue;
    const deadlines = obligations
      .filter((obligation) => obligation.eventId === event.id)
      .map(({ rule, subject: deadlineSubject, status }) => ({
        rule,
        subject: deadlineSubject,
        status,
      }))
      .sort((left, right) => (left.rule < right.rule ? -1 : 1));
    const official = officials.find((candidate) => candidate.id === credit.official_id);
    if (!official) throw new Error('fixture');
    const line = byOfficial.get(official.id) ?? {
      officialId: official.id,
      name: official.name,
      onTimeCount: 0,
      milestones: [],
    };
    const onTime =
      deadlines.length === 0 ? null : deadlines.every((deadline) => deadline.status === 'met');
    line.milestones.push({
      legalCaseId: legalCase.id,
      eventId: event.id,
      type: event.type,
      at: new Date(instant + 330 * 60_000).toISOString().replace('Z', '+05:30'),
      caseTitle: legalCase.firNumber
        ? `FIR ${legalCase.firNumber}/2025, Test Elsewhere Trust`
        : `Legal case ${legalCase.id.slice(0, 8)}`,
      caseTitleFir: legalCase.firNumber
        ? { number: legalCase.firNumber, year: 2025, policeStation: 'Test Elsewhere Trust' }
        : null,
      deadlines,
      onTime,
    });
    if (onTime) line.onTimeCount += 1;
    byOfficial.set(official.id, line);
  }
  const expected = [...byOfficial.values()]
    .filter((official) => official.onTimeCount > 0)
    .sort(
      (left, right) =>
        right.onTimeCount - left.onTimeCount ||
        right.milestones.length - left.milestones.length ||
        left.name.localeCompare(right.name),
    );
  for (const official of expected)
    official.milestones.sort(
      (left, right) => left.at.localeCompare(right.at) || left.eventId.localeCompare(right.eventId),
    );
  return { subject, manager, expected };
}
