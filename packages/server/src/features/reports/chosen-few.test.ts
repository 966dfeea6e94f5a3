import { INDIA_EVENTS } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/fixtures.ts';
import type { TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  aGeneratedYear,
  period,
  type Official,
  type SummaryLine,
} from './chosen-few.test-support.ts';

/**
 * The chosen-few report is counted and grouped in the database: on a generated year of credited
 * events (corrections, voidings, events just outside the year, another organisation's cases,
 * events crediting two officials, deadlines met on time, late, open, or none), the summary, the
 * full report, one official's milestones and the honour list say exactly what a plain reading of
 * the stored rows says. The printable page and the honour list read alone:
 * chosen-few.printable.test.ts.
 */
describe(`the chosen-few report on generated data (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let expected: Official[];

  beforeAll(async () => {
    ({ subject, manager, expected } = await aGeneratedYear());
  }, 120_000);
  afterAll(() => subject.close());

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
