import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARING_PURPOSES } from '@dawn/core';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { LegalCaseWorld } from '../legal-cases/legal-case.test-support.ts';
import type { DryRunReport } from './import.service.ts';
import { finishedImport } from './import.test-support.ts';
import {
  accusedName,
  aRegisterWorld,
  REGISTER_OFFICER,
  REGISTER_PROSECUTOR,
  REGISTER_STATION,
} from './legal-case-import.test-support.ts';

/**
 * Issue 16, legal cases: the register's later columns. Mira's register also has another hearing
 * (held or adjourned), an appeal and the officials credited on the arrest, the chargesheet and the
 * judgment, with headers in Bengali and Hindi; each goes in through the timeline's rules, and a row
 * that cannot is named with its reason.
 */
describe(`importing a register's hearings, appeals and credits (${testDatabaseKind()})`, () => {
  let world: LegalCaseWorld;
  const stationName = REGISTER_STATION;
  const waitFor = (jobId: string) => finishedImport(world.manager, jobId);

  beforeAll(async () => {
    world = await aRegisterWorld();
  }, 180_000);
  afterAll(() => world.subject.close());

  it('imports another hearing (held or adjourned), an appeal and the officials credited on steps through the timeline’s rules, and says why a row cannot go in', async () => {
    const register = [
      [
        'Case ID',
        'FIR No',
        'FIR Date',
        'Police Station',
        'Victim ID',
        'Accused',
        'Arrest date',
        'Chargesheet date',
        'Cognizance date',
        'Charges framed',
        'Next hearing',
        'Judgment date',
        'Verdict',
        'শুনানির তারিখ',
        'শুনানির উদ্দেশ্য',
        'শুনানির অবস্থা',
        'अपील की तिथि',
        'अपीलकर्ता',
        'अपीलीय न्यायालय',
        'अपील निर्णय की तिथि',
        'अपील का परिणाम',
        'Arrested by',
        'Chargesheet filed by',
        'Conviction secured by',
      ],
      // An evidence hearing adjourned, the next date on it.
      ['H-1', '901', '2024-01-05', stationName, 'P-001', accusedName(901), '2024-01-06']
        .concat(['2024-03-01', '2024-03-10', '2024-05-02', '2027-02-01', '', ''])
        .concat(['2024-06-03', 'সাক্ষ্য', 'মুলতুবি', '', '', '', '', ''])
        .concat([REGISTER_OFFICER, REGISTER_OFFICER.toLowerCase(), '']),
      // A conviction, appealed by the state and decided.
      ['H-2', '902', '2024-01-05', stationName, 'P-002', accusedName(902), '2024-01-06']
        .concat(['2024-03-01', '2024-03-10', '2024-05-02', '', '2024-09-20', 'convicted'])
        .concat(['', '', '', '2024-10-15', 'राज्य', 'Test High Court', '2025-01-10', 'खारिज'])
        .concat(['', '', REGISTER_PROSECUTOR]),
      // A decision on an appeal nobody filed.
      ['H-3', '903', '2024-01-05', stationName, 'P-003', accusedName(903), '2024-01-06']
        .concat(['2024-03-01', '2024-03-10', '2024-05-02', '', '2024-09-20', 'acquitted'])
        .concat(['', '', '', '', '', '', '2025-01-10', 'allowed'])
        .concat(['', '', '']),
      // A hearing whose purpose Dawn does not know.
      ['H-4', '904', '2024-01-05', stationName, 'P-004', accusedName(904), '2024-01-06']
        .concat(['', '', '', '', '', ''])
        .concat(['2024-02-03', 'tea', '', '', '', '', '', ''])
        .concat(['', '', '']),
      // An arrest credited to someone the officials directory does not have.
      ['H-5', '905', '2024-01-05', stationName, 'P-005', accusedName(905), '2024-01-06']
        .concat(['', '', '', '', '', ''])
        .concat(['', '', '', '', '', '', '', ''])
        .concat(['SI Test Nobody Imaginary', '', '']),
    ]
      .map((cells) => cells.join(','))
      .join('\n');
    const file = Buffer.from(register).toString('base64');
    const dryRun = await world.manager.post('/api/imports/dry-run', {
      kind: 'legal_cases',
      fileBase64: file,
    });
    expect(dryRun.statusCode, dryRun.body.slice(0, 500)).toBe(200);
    const report = dryRun.json<DryRunReport>();
    expect(report.mapping).toMatchObject({
      hearingDate: 'শুনানির তারিখ',
      hearingPurpose: 'শুনানির উদ্দেশ্য',
      hearingStatus: 'শুনানির অবস্থা',
      appealFiledDate: 'अपील की तिथि',
      appealBy: 'अपीलकर्ता',
      appealCourt: 'अपीलीय न्यायालय',
      appealDecidedDate: 'अपील निर्णय की तिथि',
      appealOutcome: 'अपील का परिणाम',
      arrestCreditedTo: 'Arrested by',
      chargesheetCreditedTo: 'Chargesheet filed by',
      judgmentCreditedTo: 'Conviction secured by',
    });
    expect(report.rows.map((row) => [row.row, row.action, ...row.problems])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'not_imported', 'row 4: the dates do not fit together: no appeal has been filed'],
      [
        5,
        'not_imported',
        `row 5, column 'শুনানির উদ্দেশ্য': tea is not a hearing purpose Dawn knows (${HEARING_PURPOSES.join(', ')})`,
      ],
      [
        6,
        'not_imported',
        "row 6, column 'Arrested by': SI Test Nobody Imaginary is not the name of an official in the officials directory; add them there first",
      ],
    ]);

    const started = await world.manager.post('/api/imports', {
      kind: 'legal_cases',
      fileBase64: file,
    });
    const job = await waitFor(started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ status: 'finished', created: 2 });
    const caseOf = async (externalId: string) =>
      (
        await world.subject.deps.db
          .selectFrom('import_record')
          .select('entity_id')
          .where('organisation_id', '=', world.organisationId)
          .where('kind', '=', 'legal_cases')
          .where('external_id', '=', externalId)
          .executeTakeFirstOrThrow()
      ).entity_id;
    const eventsOf = async (id: string) =>
      (await world.manager.get(`/api/legal-cases/${id}/events`))
        .json<{ events: { type: string; occurredAt: string; data: unknown }[] }>()
        .events.filter(
          (event) => event.type.startsWith('court.hearing') || event.type.startsWith('appeal.'),
        )
        .map((event) => ({
          type: event.type,
          day: event.occurredAt.slice(0, 10),
          data: event.data,
        }));

    const adjourned = await caseOf('H-1');
    expect(await eventsOf(adjourned)).toEqual([
      {
        type: 'court.hearing',
        day: '2024-06-03',
        data: { purpose: 'evidence', adjourned: true, nextDate: '2027-02-01T10:30:00+05:30' },
      },
    ]);
    const view = await world.manager.get(`/api/legal-cases/${adjourned}`);
    expect(view.json()).toMatchObject({ nextHearing: { at: '2027-02-01T10:30:00.000+05:30' } });

    expect(await eventsOf(await caseOf('H-2'))).toEqual([
      { type: 'appeal.filed', day: '2024-10-15', data: { by: 'state', forum: 'Test High Court' } },
      { type: 'appeal.decided', day: '2025-01-10', data: { outcome: 'dismissed' } },
    ]);

    // The officials the register credits are on their steps, as the API credits them.
    const creditedOn = async (id: string) =>
      (await world.manager.get(`/api/legal-cases/${id}/events`))
        .json<{ events: { type: string; officials: { id: string }[] }[] }>()
        .events.filter((event) => event.officials.length > 0)
        .map((event) => [event.type, ...event.officials.map((official) => official.id)]);
    expect(await creditedOn(adjourned)).toEqual([
      ['accused.arrested', world.officerId],
      ['chargesheet.filed', world.officerId],
    ]);
    expect(await creditedOn(await caseOf('H-2'))).toEqual([['court.judgment', world.prosecutorId]]);
  }, 120_000);
});
