import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/fixtures.ts';
import type { TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { printedWords } from '../../platform/i18n/printed.ts';
import { aGeneratedYear, period, type Official } from './chosen-few.test-support.ts';

/**
 * The chosen-few report's other readers, on the same generated year of credited events
 * (chosen-few.test-support.ts): the honour list read alone, and the printable page, each saying
 * exactly what a plain reading of the stored rows says. The report itself and its summary:
 * chosen-few.test.ts.
 */
describe(`the chosen-few report on generated data: the honour list and the printable page (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let manager: Client;
  let expected: Official[];

  beforeAll(async () => {
    ({ subject, manager, expected } = await aGeneratedYear());
  }, 120_000);
  afterAll(() => subject.close());

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
});
