import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { someOfficials } from '../trainings/training.test-support.ts';

const at = (day: string, time = '10:00') => `${day}T${time}:00+05:30`;

interface HonourList {
  civilServicesDay: string;
  honourees: { name: string; onTime: unknown[]; cases: number }[];
}

/**
 * Issue 14, the "chosen few" honour: in 2025 one inspector filed a chargesheet within 60 days and
 * another filed one late. Only the first is on the 2025 honour list (a milestone met late is not
 * "on time"), and the printable letters for 21 April 2026 name only him.
 */
describe(`the chosen-few honour list (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let onTimeName: string;
  let lateName: string;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const user = async (role: 'program_manager' | 'legal_officer') =>
      signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles: [role],
          organisationId,
          twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
        }),
      );
    mira = await user('program_manager');
    const lawyer = await user('legal_officer');
    const { officials } = await someOfficials(subject.deps, 2);
    const [prompt, late] = officials;
    if (!prompt || !late) throw new Error('fixture');
    onTimeName = prompt.name;
    lateName = late.name;
    const stationId = (
      await subject.deps.db
        .selectFrom('official')
        .select('organisation_id')
        .where('id', '=', prompt.id)
        .executeTakeFirstOrThrow()
    ).organisation_id;
    for (const [number, official, chargesheetDay] of [
      ['201', prompt.id, '2025-03-01'],
      ['202', late.id, '2025-04-15'],
    ] as const) {
      const accused = await lawyer.post('/api/persons', {
        sex: 'male',
        ageBand: '35+',
        languages: ['bn'],
      });
      const created = await lawyer.post('/api/legal-cases', {
        fir: { policeStationId: stationId, number, year: 2025, registeredAt: at('2025-01-05') },
        forum: 'magistrate',
        offences: ['ITPA:3', 'ITPA:4'],
        accused: [accused.json<{ id: string }>().id],
      });
      const caseId = created.json<{ id: string }>().id;
      for (const event of [
        {
          type: 'accused.arrested',
          occurredAt: at('2025-01-05', '12:00'),
          data: { accused: 'A1' },
          officials: [],
        },
        {
          type: 'accused.remanded',
          occurredAt: at('2025-01-05', '16:00'),
          data: { accused: 'A1', custody: 'judicial' },
          officials: [],
        },
        { type: 'chargesheet.filed', occurredAt: at(chargesheetDay), officials: [official] },
      ]) {
        const response = await lawyer.post(`/api/legal-cases/${caseId}/events`, event);
        expect(response.statusCode, response.body).toBe(201);
      }
    }
  }, 180_000);
  afterAll(() => subject.close());

  it('lists only the official whose milestone met its deadline on time', async () => {
    const response = await mira.get('/api/honours/2025');
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json<HonourList>();
    expect(list.civilServicesDay).toBe('2026-04-21');
    expect(list.honourees.map((official) => official.name)).toEqual([onTimeName]);
    expect(list.honourees[0]).toMatchObject({ cases: 1, onTime: [expect.anything()] });
  });

  it('prints one letter of appreciation per honouree for 21 April', async () => {
    const response = await mira.get('/api/honours/2025/letters.html');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('21 April 2026');
    expect(response.body).toContain(onTimeName);
    expect(response.body).not.toContain(lateName);
  });

  it("prints the letters and the chosen-few page in Bengali or Hindi, with the screens' words", async () => {
    const cases = [
      {
        language: 'bn',
        letters: [
          'প্রশংসাপত্র',
          '21 এপ্রিল, 2026 — জাতীয় সিভিল সার্ভিস দিবস',
          '1 মার্চ, 2025: চার্জশিট জমা (এফআইআর 201/2025, ',
        ],
        report: [
          'যে আধিকারিকেরা দায়িত্ব নিয়েছেন',
          'চার্জশিট জমা (এফআইআর 201/2025, ',
          'সময়মতো (ডিফল্ট জামিনের অধিকার জন্মানোর আগে চার্জশিট দাখিল করুন, ',
        ],
      },
      {
        language: 'hi',
        letters: [
          'प्रशंसा-पत्र',
          '21 अप्रैल 2026 — राष्ट्रीय सिविल सेवा दिवस',
          '1 मार्च 2025: आरोप-पत्र दाखिल (एफ़आईआर 201/2025, ',
        ],
        report: [
          'जिन अधिकारियों ने ज़िम्मेदारी निभाई',
          'आरोप-पत्र दाखिल (एफ़आईआर 201/2025, ',
          'समय पर (डिफ़ॉल्ट ज़मानत का अधिकार बनने से पहले आरोप-पत्र दाखिल करें, ',
        ],
      },
    ];
    for (const { language, letters, report } of cases) {
      const page = await mira.get(`/api/honours/2025/letters.html?language=${language}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<html lang="${language}">`);
      for (const words of letters) expect(page.body).toContain(words);
      expect(page.body).toContain(onTimeName);
      const printed = await mira.get(
        `/api/reports/chosen-few.html?from=2025-01-01&to=2025-12-31&language=${language}`,
      );
      expect(printed.statusCode).toBe(200);
      expect(printed.body).toContain(`<html lang="${language}">`);
      for (const words of report) expect(printed.body).toContain(words);
      // Neither page's own words, nor the event's or the deadline's name, nor a rule's id is English.
      for (const english of [
        'Letter of appreciation',
        'National Civil Services Day',
        'April',
        'Chargesheet filed',
        'on time',
        'Officials who took ownership',
        'IN.BNSS',
        'chargesheet.filed',
        'FIR ',
      ]) {
        expect(page.body).not.toContain(english);
        expect(printed.body).not.toContain(english);
      }
    }
    const english = await mira.get('/api/honours/2025/letters.html');
    expect(english.body).toContain('Chargesheet filed');
    const refused = await mira.get('/api/honours/2025/letters.html?language=fr');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: { issues: [{ path: 'querystring.language', message: 'must be en, bn or hi' }] },
    });
  });

  it('a social worker, who may not read reports, gets 404', async () => {
    const organisationId = await anOrganisation(subject.deps, 'Test Other Trust');
    const worker = await signedIn(
      subject.app,
      await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
    );
    expect((await worker.get('/api/honours/2025')).statusCode).toBe(404);
  });
});
