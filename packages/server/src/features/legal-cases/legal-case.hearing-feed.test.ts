import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { aLegalCaseWorld, at, type LegalCaseWorld } from './legal-case.test-support.ts';

/** The hearings calendar as a feed a calendar app subscribes to. */
describe(`legal cases: the hearings calendar feed (${testDatabaseKind()})`, () => {
  let world: LegalCaseWorld;
  let subject: LegalCaseWorld['subject'];
  let stationId: string;
  let courtId: string;
  let legalOfficer: LegalCaseWorld['legalOfficer'];
  let outsiderWorker: LegalCaseWorld['outsiderWorker'];
  const record: LegalCaseWorld['record'] = (...args) => world.record(...args);

  beforeAll(async () => {
    world = await aLegalCaseWorld();
    ({ subject, stationId, courtId, legalOfficer, outsiderWorker } = world);
  });
  afterAll(() => world.subject.close());

  it('the calendar feed is valid ICS for a calendar app, and revoking it makes it 404', async () => {
    const upcoming = await legalOfficer.post('/api/legal-cases', {
      fir: {
        policeStationId: stationId,
        number: '19',
        year: 2025,
        registeredAt: at('2025-06-01', '10:00'),
      },
      courtId,
      offences: ['ITPA:5'],
    });
    const upcomingId = upcoming.json<{ id: string }>().id;
    const next = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect(
      (await record(upcomingId, { type: 'chargesheet.filed', occurredAt: at('2025-07-01') }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await record(upcomingId, {
          type: 'court.cognizance',
          occurredAt: at('2025-07-10'),
          data: { nextDate: at(next, '10:30') },
        })
      ).statusCode,
    ).toBe(201);
    const feed = await legalOfficer.post('/api/hearings/feed');
    expect(feed.statusCode).toBe(200);
    const path = feed.json<{ path: string }>().path;
    const calendar = await subject.app.inject({ method: 'GET', url: path });
    expect(calendar.statusCode).toBe(200);
    expect(calendar.headers['content-type']).toContain('text/calendar');
    const text = calendar.body.replace(/\r\n[ \t]/g, '');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toMatch(/END:VCALENDAR\r\n$/);
    expect(text).toContain('VERSION:2.0');
    expect(text).toContain('SUMMARY:Hearing: FIR 19/2025\\, Test Fictionganj PS');
    expect(text).toContain(`DTSTART:${next.replace(/-/g, '')}T050000Z`);
    expect(text.match(/BEGIN:VEVENT/g)?.length).toBe(text.match(/END:VEVENT/g)?.length);
    const outsiderFeed = await outsiderWorker.post('/api/hearings/feed');
    const outsiderCalendar = await subject.app.inject({
      method: 'GET',
      url: outsiderFeed.json<{ path: string }>().path,
    });
    expect(outsiderCalendar.body).not.toContain('FIR 19/2025');

    const revoke = await legalOfficer.request('DELETE', '/api/hearings/feed');
    expect(revoke.statusCode).toBe(200);
    expect((await subject.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });
});
