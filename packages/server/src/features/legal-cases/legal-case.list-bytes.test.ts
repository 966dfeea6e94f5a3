import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { legalCaseListItemSchema } from './legal-case.schemas.ts';
import { aLegalCaseWorld, firSeventeen, type LegalCaseWorld } from './legal-case.test-support.ts';

/**
 * The legal-case list builds each row from its own columns (its instants read as text, issue 11),
 * not as a case's page does. Whatever a case holds, each page of the list must be, byte for byte,
 * what the case's own page writes of it, restricted to the list's fields (what the list screen
 * shows: title, in English and in parts, CNR, court, offences, stage, custody, next hearing; issue
 * 11 left the rest to the page): a guard for any cheaper way of writing the list (issue 11 tried one: its rows written as
 * JSON by PostgreSQL). Invented names: no real person, station or court has them.
 */
describe(`the legal-case list, byte for byte as each case's page (${testDatabaseKind()})`, () => {
  let world: LegalCaseWorld;
  // Strings JSON escapes, or that look like its syntax: quotes, backslashes, control characters,
  // line and paragraph separators, scripts other than Latin, an emoji (a surrogate pair).
  const odd = 'Test "Qazi\\Fict" \n\t\u0001\u001f\u007f \u2028\u2029 </script> फ़र्ज़ी 🚓 ,:{}[]';

  beforeAll(async () => {
    world = await aLegalCaseWorld();
    const db = world.subject.database.db;
    const open = async (body: Record<string, unknown>) => {
      const response = await world.legalOfficer.post('/api/legal-cases', body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    };
    const oddStation = await db
      .insertInto('organisation')
      .values({ name: odd, kind: 'police_station', country: 'IN' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const anOfficial = async (name: string, designation: string) =>
      (
        await db
          .insertInto('official')
          .values({ name, designation, organisation_id: world.stationId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const oddOfficer = await anOfficial(odd, odd);
    const namelessOfficer = await anOfficial('', 'Inspector');
    const noDesignation = await anOfficial('Test Advocate Fictive', '');

    // Everything set, offences in and outside the catalogue.
    const full = await open({
      ...firSeventeen(world),
      offences: ['BNS:143(4)', 'POCSO:6', 'ITPA:5', 'BNS:9999(9)', 'XYZ:1A(b)(2)'],
      advocateId: noDesignation,
    });
    // Nothing but the case: no FIR, court, forum, offences, officials or hearing.
    const bare = await open({});
    // A zero FIR at an odd station, odd officials, one without a name.
    const zero = await open({
      fir: {
        policeStationId: oddStation.id,
        number: '45/A',
        year: 2026,
        registeredAt: '2026-02-28T23:59:59.999+05:30',
        zeroFir: true,
      },
      offences: ['POCSO:4'],
      investigatingOfficerId: oddOfficer,
      publicProsecutorId: namelessOfficer,
      advocateId: oddOfficer,
    });
    // Instants with microseconds, across a day, a month, a leap day and the year 10000.
    await db
      .updateTable('legal_case')
      .set({
        next_hearing_at: new Date('2024-02-28T18:30:00.001Z'),
        next_hearing_purpose: odd,
        stage: 'trial',
        accused_in_custody: 2,
      })
      .where('id', '=', full)
      .execute();
    const instants = [
      [full, '2024-02-28 18:30:00.0019+00', '2026-12-31 18:29:59.999999+00'],
      [zero, '9999-12-31 20:00:00.5+00', '0999-03-01 01:02:03.000001+00'],
    ] as const;
    for (const [id, lastEventAt, createdAt] of instants)
      await sql`update legal_case set last_event_at = ${lastEventAt}::timestamptz,
          created_at = ${createdAt}::timestamptz where id = ${id}`.execute(db);
    await db
      .updateTable('legal_case')
      .set({ next_hearing_at: new Date('2026-05-04T05:06:07.000Z'), next_hearing_purpose: null })
      .where('id', '=', bare)
      .execute();
    // Cases of the ordinary kind beside them, so pages hold several rows.
    const { cnr, ...ordinary } = firSeventeen(world);
    expect(cnr).toBeDefined();
    for (let index = 0; index < 5; index += 1)
      await open({ ...ordinary, fir: { ...ordinary.fir, number: `${index}` } });
  });
  afterAll(() => world.subject.close());

  // The list's fields, in the order the page writes them.
  const listFields = Object.keys(legalCaseListItemSchema.shape);

  /** What a case's page answers of the list's fields, in the page's order. */
  async function viewOfPage(id: string): Promise<Record<string, unknown>> {
    const response = await world.legalOfficer.get(`/api/legal-cases/${id}`);
    expect(response.statusCode).toBe(200);
    const page = response.json<Record<string, unknown>>();
    expect(page.parties).toBeDefined();
    return Object.fromEntries(Object.entries(page).filter(([field]) => listFields.includes(field)));
  }

  async function expectPageAsNodeWroteIt(url: string) {
    const response = await world.legalOfficer.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const answer = response.json<
      { legalCases: { id: string; title: string }[]; nextCursor: string | null } & Record<
        string,
        unknown
      >
    >();
    const views = [];
    for (const legalCase of answer.legalCases) views.push(await viewOfPage(legalCase.id));
    const { legalCases, ...rest } = answer;
    expect(legalCases.length).toBe(views.length);
    expect(response.body).toBe(JSON.stringify({ legalCases: views, ...rest }));
    return answer;
  }

  it('writes every case of a page as its own page writes it, byte for byte', async () => {
    const answer = await expectPageAsNodeWroteIt('/api/legal-cases');
    expect(answer.legalCases).toHaveLength(8);
    // Only the list's fields: the officials, FIR details, forum and instants are on the page.
    for (const legalCase of answer.legalCases) expect(Object.keys(legalCase)).toEqual(listFields);
    expect(listFields).toEqual([
      'id',
      'title',
      'titleFir',
      'cnr',
      'court',
      'offences',
      'stage',
      'accusedInCustody',
      'nextHearing',
    ]);
    expect(answer.total).toBe(8);
    expect(answer.legalCases.some((legalCase) => legalCase.title.startsWith('Legal case '))).toBe(
      true,
    );
  });

  it('pages by keyset, with an estimate and filtered by an offence, the same way', async () => {
    let after: string | null = null;
    let seen = 0;
    do {
      const answer: { legalCases: unknown[]; nextCursor: string | null } =
        await expectPageAsNodeWroteIt(
          `/api/legal-cases?limit=3&count=estimate${after ? `&after=${after}` : ''}`,
        );
      seen += answer.legalCases.length;
      after = answer.nextCursor;
    } while (after);
    expect(seen).toBe(8);
    const filtered = await expectPageAsNodeWroteIt('/api/legal-cases?offence=XYZ:1A(b)(2)');
    expect(filtered.legalCases).toHaveLength(1);
    const empty = await expectPageAsNodeWroteIt('/api/legal-cases?offence=BNS:1');
    expect(empty.legalCases).toEqual([]);
  });
});
