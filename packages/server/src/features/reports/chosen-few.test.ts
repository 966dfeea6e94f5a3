import { randomUUID } from 'node:crypto';
import { INDIA_EVENTS } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { printedWords } from '../../platform/i18n/printed.ts';

interface Deadline {
  rule: string;
  subject: string | null;
  status: string;
}
interface Milestone {
  legalCaseId: string;
  eventId: string;
  type: string;
  at: string;
  caseTitle: string;
  caseTitleFir: { number: string; year: number; policeStation: string } | null;
  deadlines: Deadline[];
  onTime: boolean | null;
}
interface Official {
  officialId: string;
  name: string;
  onTimeCount: number;
  milestones: Milestone[];
}
interface SummaryLine {
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

/**
 * The chosen-few report is counted and grouped in the database: on a generated year of credited
 * events (corrections, voidings, events just outside the year, another organisation's cases,
 * events crediting two officials, deadlines met on time, late, open, or none), the summary, the
 * full report, one official's milestones and the honour list say exactly what a plain reading of
 * the stored rows says.
 */
describe(`the chosen-few report on generated data (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let expected: Official[];

  beforeAll(async () => {
    subject = await createTestApp();
    const { db } = subject.deps;
    const random = seeded(20261205);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const organisationId = await anOrganisation(subject.deps, 'Test Chosen Trust');
    const otherId = await anOrganisation(subject.deps, 'Test Elsewhere Trust');
    manager = await signedIn(
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
          if (second.id !== credited.id)
            credits.push({ event_id: event.id, official_id: second.id });
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
    expected = [...byOfficial.values()]
      .filter((official) => official.onTimeCount > 0)
      .sort(
        (left, right) =>
          right.onTimeCount - left.onTimeCount ||
          right.milestones.length - left.milestones.length ||
          left.name.localeCompare(right.name),
      );
    for (const official of expected)
      official.milestones.sort(
        (left, right) =>
          left.at.localeCompare(right.at) || left.eventId.localeCompare(right.eventId),
      );
  }, 120_000);
  afterAll(() => subject.close());

  const period = 'from=2025-01-01&to=2025-12-31';

  it('the full report lists exactly the officials and milestones a plain reading finds', async () => {
    // The generated year is not trivial: several officials, each verdict present.
    expect(expected.length).toBeGreaterThan(2);
    const verdicts = new Set(
      expected.flatMap((official) => official.milestones.map((milestone) => milestone.onTime)),
    );
    expect(verdicts).toEqual(new Set([true, false, null]));

    const response = await manager.get(`/api/reports/chosen-few?${period}&limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    const { officials, nextCursor } = response.json<{
      officials: Official[];
      nextCursor: string | null;
    }>();
    expect(nextCursor).toBeNull();
    expect(
      officials.map(({ officialId, name, onTimeCount, milestones }) => ({
        officialId,
        name,
        onTimeCount,
        milestones: milestones.map(
          ({ legalCaseId, eventId, type, at, caseTitle, caseTitleFir, deadlines, onTime }) => ({
            legalCaseId,
            eventId,
            type,
            at,
            caseTitle,
            caseTitleFir,
            deadlines,
            onTime,
          }),
        ),
      })),
    ).toEqual(expected);
    const descriptions = INDIA_EVENTS as Record<string, { description: string } | undefined>;
    for (const milestone of officials.flatMap((official) => official.milestones))
      expect(milestone).toMatchObject({
        description:
          descriptions[milestone.type]?.description ?? milestone.type.replace(/[._]/g, ' '),
      });
  });

  it('the honour list holds exactly the milestones on time a plain reading finds, read alone', async () => {
    const response = await manager.get('/api/honours/2025');
    expect(response.statusCode, response.body).toBe(200);
    const { honourees } = response.json<{
      honourees: {
        officialId: string;
        onTime: { legalCaseId: string; type: string; at: string }[];
        cases: number;
      }[];
    }>();
    const onTimeOf = (official: Official) =>
      official.milestones.filter((milestone) => milestone.onTime === true);
    const byOfficial = (left: { officialId: string }, right: { officialId: string }) =>
      left.officialId.localeCompare(right.officialId);
    expect(
      honourees
        .map(({ officialId, onTime, cases }) => ({
          officialId,
          onTime: onTime.map(({ legalCaseId, type, at }) => ({ legalCaseId, type, at })),
          cases,
        }))
        .sort(byOfficial),
    ).toEqual(
      expected
        .map((official) => ({
          officialId: official.officialId,
          onTime: onTimeOf(official).map(({ legalCaseId, type, at }) => ({
            legalCaseId,
            type,
            at: at.slice(0, 10),
          })),
          cases: new Set(onTimeOf(official).map((milestone) => milestone.legalCaseId)).size,
        }))
        .sort(byOfficial),
    );
  });

  it('pages the full report and the summary by official, in the same order, to the last page', async () => {
    // Three officials a page: every page small, the pages together exactly the whole report.
    const pagesOf = async <Line>(path: string) => {
      const pages: Line[][] = [];
      let after: string | null = null;
      do {
        const cursor: string = after ? `&after=${encodeURIComponent(after)}` : '';
        const response = await manager.get(`${path}?${period}&limit=3${cursor}`);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ officials: Line[]; nextCursor: string | null }>();
        pages.push(page.officials);
        after = page.nextCursor;
      } while (after !== null && pages.length < 20);
      return pages;
    };
    const reportPages = await pagesOf<Official>('/api/reports/chosen-few');
    expect(reportPages.map((page) => page.length)).toEqual(
      expected
        .map((_, index) => index)
        .filter((index) => index % 3 === 0)
        .map((index) => Math.min(3, expected.length - index)),
    );
    expect(
      reportPages.flat().map((official) => ({
        officialId: official.officialId,
        eventIds: official.milestones.map((milestone) => milestone.eventId),
      })),
    ).toEqual(
      expected.map((official) => ({
        officialId: official.officialId,
        eventIds: official.milestones.map((milestone) => milestone.eventId),
      })),
    );
    const summaryPages = await pagesOf<SummaryLine>('/api/reports/chosen-few/summary');
    expect(summaryPages.flat().map((line) => line.officialId)).toEqual(
      expected.map((official) => official.officialId),
    );
    expect(summaryPages.length).toBe(reportPages.length);

    const forged = await manager.get(`/api/reports/chosen-few?${period}&after=not-a-cursor`);
    expect(forged.statusCode).toBe(400);
    const tooMany = await manager.get(`/api/reports/chosen-few?${period}&limit=101`);
    expect(tooMany.statusCode).toBe(400);
  });

  it("the printable page lists every official and milestone, in the report's order", async () => {
    const response = await manager.get(`/api/reports/chosen-few.html?${period}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const names = [...response.body.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(names).toEqual(expected.map((official) => official.name));
    expect(response.body.match(/<li>/g)?.length).toBe(
      expected.reduce((total, official) => total + official.milestones.length, 0),
    );
    expect(response.body.endsWith('</body></html>')).toBe(true);
  });

  it('the printable page prints each milestone as the plain reading finds it: day, event, case, verdict', async () => {
    // The page is grouped, ordered and dated in the database, not built from the report's
    // objects: its every line must still say what the report says, in the report's order, with
    // the screens' names for events and deadlines (the words themselves: honour.test.ts).
    const response = await manager.get(`/api/reports/chosen-few.html?${period}`);
    expect(response.statusCode).toBe(200);
    const words = printedWords('en');
    const html = (text: string) =>
      text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
    const lines = expected.map((official) =>
      official.milestones.map((milestone) => {
        const rules = milestone.deadlines
          .map((deadline) => html(words.rule(deadline.rule)))
          .join(', ');
        const verdict =
          milestone.onTime === null
            ? ''
            : milestone.onTime
              ? ` <strong>— on time (${rules})</strong>`
              : ` <span class="late">— a deadline met late (${rules})</span>`;
        const day = words.day(milestone.at.slice(0, 10));
        return `<li>${day}: ${html(words.eventType(milestone.type))} (${html(milestone.caseTitle)})${verdict}</li>`;
      }),
    );
    const sections = [...response.body.matchAll(/<ul>(.*?)<\/ul>/g)].map((match) =>
      [...(match[1] ?? '').matchAll(/<li>.*?<\/li>/g)].map((item) => item[0]),
    );
    expect(sections).toEqual(lines);
  });

  it('the summary counts, one official opened and the honour list agree with the plain reading', async () => {
    const summary = await manager.get(`/api/reports/chosen-few/summary?${period}`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json<{ officials: SummaryLine[] }>().officials).toEqual(
      expected.map((official) => ({
        officialId: official.officialId,
        name: official.name,
        designation: 'Sub-Inspector',
        organisation: 'Test Chosen Trust',
        onTimeCount: official.onTimeCount,
        lateCount: official.milestones.filter((milestone) => milestone.onTime === false).length,
        withoutDeadlineCount: official.milestones.filter((milestone) => milestone.onTime === null)
          .length,
        milestoneCount: official.milestones.length,
        caseCount: new Set(official.milestones.map((milestone) => milestone.legalCaseId)).size,
      })),
    );

    const first = expected[0];
    if (!first) throw new Error('fixture');
    const opened = await manager.get(
      `/api/reports/chosen-few/officials/${first.officialId}?${period}`,
    );
    expect(opened.statusCode).toBe(200);
    expect(opened.json<Official>().milestones.map((milestone) => milestone.eventId)).toEqual(
      first.milestones.map((milestone) => milestone.eventId),
    );

    const honours = await manager.get('/api/honours/2025');
    expect(honours.statusCode).toBe(200);
    const onTime = (official: Official) =>
      official.milestones.filter((milestone) => milestone.onTime === true);
    expect(
      honours.json<{ honourees: { name: string; onTime: { at: string }[]; cases: number }[] }>()
        .honourees,
    ).toEqual(
      [...expected]
        .sort(
          (left, right) =>
            onTime(right).length - onTime(left).length || left.name.localeCompare(right.name),
        )
        .map((official) => ({
          officialId: official.officialId,
          name: official.name,
          designation: 'Sub-Inspector',
          organisation: 'Test Chosen Trust',
          onTime: onTime(official).map((milestone) => ({
            legalCaseId: milestone.legalCaseId,
            type: milestone.type,
            description:
              (INDIA_EVENTS as Record<string, { description: string } | undefined>)[milestone.type]
                ?.description ?? milestone.type.replace(/[._]/g, ' '),
            caseTitle: milestone.caseTitle,
            caseTitleFir: milestone.caseTitleFir,
            at: milestone.at.slice(0, 10),
          })),
          cases: new Set(onTime(official).map((milestone) => milestone.legalCaseId)).size,
        })),
    );
  });
});
