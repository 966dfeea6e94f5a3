import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  aCaseWith,
  aLegalCaseWorld,
  custodySteps,
  trialSteps,
  type LegalCaseWorld,
} from './legal-case.test-support.ts';

/**
 * The chosen few: officials who met their milestones on time, on one case tried to verdict (the
 * IO's chargesheet late on POCSO 6's two months, the prosecutor's cognizance and judgment).
 */
describe(`legal cases: the chosen-few report (${testDatabaseKind()})`, () => {
  let world: LegalCaseWorld;
  let manager: LegalCaseWorld['manager'];
  let legalOfficer: LegalCaseWorld['legalOfficer'];

  beforeAll(async () => {
    world = await aLegalCaseWorld();
    ({ manager, legalOfficer } = world);
    await aCaseWith(world, [...custodySteps(world), ...trialSteps(world)]);
  });
  afterAll(() => world.subject.close());

  it('the chosen-few report and its printable page list the same officials, each with a milestone on time', async () => {
    const report = await manager.get('/api/reports/chosen-few?from=2025-01-01&to=2025-12-31');
    expect(report.statusCode).toBe(200);
    const officials = report.json<{
      officials: {
        name: string;
        onTimeCount: number;
        milestones: { type: string; onTime: boolean | null; deadlines: unknown[] }[];
      }[];
    }>().officials;
    // The IO filed the chargesheet in time for default bail (90 days) but two days late on the
    // 2-month investigation of POCSO 6: a milestone met late, so not on time, and with no other
    // milestone the IO is not among the chosen few, in either view.
    expect(officials.map((official) => official.name)).not.toContain('SI Test Ranjana Imaginary');
    expect(officials.length).toBeGreaterThan(0);
    for (const official of officials) expect(official.onTimeCount).toBeGreaterThan(0);
    const html = await manager.get('/api/reports/chosen-few.html?from=2025-01-01&to=2025-12-31');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).not.toContain('SI Test Ranjana Imaginary');
    for (const official of officials) expect(html.body).toContain(official.name);
    const onTime = officials.reduce((sum, official) => sum + official.onTimeCount, 0);
    expect(html.body.split('— on time').length - 1).toBe(onTime);
    expect(
      (await legalOfficer.get('/api/reports/chosen-few?from=2025-01-01&to=2025-12-31')).statusCode,
    ).toBe(404);
  });

  it('the chosen-few summary counts what the full report lists, and one official opens to the same milestones', async () => {
    const period = 'from=2025-01-01&to=2025-12-31';
    const full = (await manager.get(`/api/reports/chosen-few?${period}`)).json<{
      officials: {
        officialId: string;
        name: string;
        onTimeCount: number;
        milestones: { legalCaseId: string; eventId: string; onTime: boolean | null }[];
      }[];
    }>().officials;
    const summary = await manager.get(`/api/reports/chosen-few/summary?${period}`);
    expect(summary.statusCode).toBe(200);
    const lines = summary.json<{
      officials: {
        officialId: string;
        name: string;
        onTimeCount: number;
        lateCount: number;
        withoutDeadlineCount: number;
        milestoneCount: number;
        caseCount: number;
      }[];
    }>().officials;
    expect(lines.map((line) => line.name)).toEqual(full.map((official) => official.name));
    for (const [index, official] of full.entries()) {
      const count = (onTime: boolean | null) =>
        official.milestones.filter((milestone) => milestone.onTime === onTime).length;
      expect(lines[index]).toMatchObject({
        onTimeCount: count(true),
        lateCount: count(false),
        withoutDeadlineCount: count(null),
        milestoneCount: official.milestones.length,
        caseCount: new Set(official.milestones.map((milestone) => milestone.legalCaseId)).size,
      });
    }
    expect(summary.body).not.toContain('milestones');

    const first = full[0];
    const opened = await manager.get(
      `/api/reports/chosen-few/officials/${first?.officialId ?? ''}?${period}`,
    );
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toEqual(first);
    expect(
      (await manager.get(`/api/reports/chosen-few/officials/${randomUUID()}?${period}`)).statusCode,
    ).toBe(404);
    expect((await legalOfficer.get(`/api/reports/chosen-few/summary?${period}`)).statusCode).toBe(
      404,
    );
  });
});
