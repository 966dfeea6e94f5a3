import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { LegalCaseWorld } from '../legal-cases/legal-case.test-support.ts';
import { recomputeObligations } from '../legal-cases/legal-case.obligation-sync.ts';
import type { DryRunReport } from './import.service.ts';
import { fictionalName, finishedImport } from './import.test-support.ts';
import {
  accusedName,
  aRegisterWorld,
  BENGALI_ACCUSED,
  REGISTER_STATION,
  legalCaseExternalId,
  legalCaseWorkbook,
  type LegalCaseWorkbook,
} from './legal-case-import.test-support.ts';

interface ObligationView {
  rule: string;
  subject: string | null;
  startsAt: string;
  dueAt: string;
  status: string;
  metAt: string | null;
}

/**
 * Issue 16, legal cases: Mira, the programme manager, has imported the survivors (P-001 … P-010);
 * now she brings the NGO's register of legal cases: FIR, police station, court, sections, the
 * victim's id, the accused by name, and the dates of arrest, production, remand and chargesheet.
 * Every planted error is reported on its row; every other case is opened with its parties,
 * events and stored obligations, the same obligations as recording the case by hand; a re-run
 * opens nothing twice.
 */
describe(`importing a register of legal cases (${testDatabaseKind()})`, () => {
  let world: LegalCaseWorld;
  let workbook: LegalCaseWorkbook;
  let fileBase64: string;
  const stationName = REGISTER_STATION;
  const courtName = 'Test Special POCSO Court I';
  const storedPersonName = fictionalName(7000);

  const waitFor = (jobId: string) => finishedImport(world.manager, jobId);
  const legalCasesOfOrganisation = async () =>
    Number(
      (
        await world.subject.deps.db
          .selectFrom('legal_case')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('organisation_id', '=', world.organisationId)
          .executeTakeFirstOrThrow()
      ).count,
    );

  const importedCase = async (row: number) =>
    (
      await world.subject.deps.db
        .selectFrom('import_record')
        .select('entity_id')
        .where('organisation_id', '=', world.organisationId)
        .where('kind', '=', 'legal_cases')
        .where('external_id', '=', legalCaseExternalId(row - 2))
        .executeTakeFirstOrThrow()
    ).entity_id;

  beforeAll(async () => {
    world = await aRegisterWorld();
    workbook = await legalCaseWorkbook(40, stationName, courtName, storedPersonName);
    fileBase64 = workbook.content.toString('base64');
  }, 180_000);
  afterAll(() => world.subject.close());

  it('a legal officer, who may record cases but not import, is refused: 404, nothing opened', async () => {
    const refused = await world.legalOfficer.post('/api/imports', {
      kind: 'legal_cases',
      fileBase64,
    });
    expect(refused.statusCode).toBe(404);
    expect(await legalCasesOfOrganisation()).toBe(0);
  });

  it('the dry run reports every planted error on its row, and counts the rest', async () => {
    const response = await world.manager.post('/api/imports/dry-run', {
      kind: 'legal_cases',
      fileBase64,
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const report = response.json<DryRunReport>();
    expect(report.mapping).toMatchObject({
      externalId: 'Case ID',
      firNumber: 'FIR No',
      firDate: 'FIR Date',
      policeStation: 'Police Station',
      court: 'Court',
      offences: 'Sections',
      victimExternalId: 'Victim ID',
      accused: 'Accused',
      arrestDate: 'Arrest date',
      chargesheetDate: 'Chargesheet date',
    });
    const byRow = new Map(report.rows.map((row) => [row.row, row]));
    for (const planted of workbook.planted) {
      const row = byRow.get(planted.row);
      expect(row?.action, `row ${planted.row}`).toBe('not_imported');
      expect(row?.problems.join(' | ')).toContain(`row ${planted.row}${planted.message}`);
    }
    expect(report.notImported).toBe(workbook.planted.length);
    // An accused like a stored person waits for the register to be corrected: no answer decides it.
    expect(byRow.get(25)?.duplicateOf).toBeDefined();
    expect(byRow.get(25)?.answerable).toBeUndefined();
    expect(report.toCreate).toBe(workbook.good);
    expect(byRow.get(workbook.serialDateRow)?.action).toBe('create');
    expect(byRow.get(workbook.bengaliRow)?.action).toBe('create');
    expect(byRow.get(workbook.sameAccusedRows[1])?.action).toBe('create');
    expect(await legalCasesOfOrganisation()).toBe(0);
  });

  it('imports every good row with its parties, events and obligations; a re-run opens nothing twice', async () => {
    const started = await world.manager.post('/api/imports', { kind: 'legal_cases', fileBase64 });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitFor(started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ status: 'finished', created: workbook.good });
    expect(job.problems.map((problem) => problem.row)).toEqual(
      [...new Set(workbook.planted.map((planted) => planted.row))].sort((a, b) => a - b),
    );
    expect(JSON.stringify(job.problems)).not.toContain('31/02/2024');
    expect(JSON.stringify(job.problems)).not.toContain(storedPersonName);
    expect(await legalCasesOfOrganisation()).toBe(workbook.good);

    // The row with every newer column: CNR, two victims, the IO and the prosecutor from the
    // officials directory, bail, charges with the next hearing, compensation.
    const detail = await world.manager.get(
      `/api/legal-cases/${await importedCase(workbook.comparedRow)}`,
    );
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      fir: {
        number: '102',
        year: 2024,
        date: '2024-01-03',
        policeStation: { id: world.stationId },
      },
      cnr: workbook.compared.cnr,
      court: { id: world.courtId },
      offences: [{ code: 'BNS:143(4)' }, { code: 'ITPA:5' }],
      investigatingOfficer: { id: world.officerId },
      publicProsecutor: { id: world.prosecutorId },
      stage: 'trial',
      accusedInCustody: 0,
      nextHearing: { at: '2027-01-15T10:30:00.000+05:30' },
      parties: [
        { ref: 'V1', role: 'victim' },
        { ref: 'V2', role: 'victim' },
        { ref: 'A1', role: 'accused' },
        { ref: 'A2', role: 'accused' },
      ],
    });
    const judged = await world.manager.get(
      `/api/legal-cases/${await importedCase(workbook.judgedRow)}/events`,
    );
    expect(
      judged
        .json<{ events: { type: string; data: unknown }[] }>()
        .events.find((event) => event.type === 'court.judgment')?.data,
    ).toEqual({ verdicts: [{ accused: 'A1', verdict: 'convicted' }] });

    const serial = await world.manager.get(
      `/api/legal-cases/${await importedCase(workbook.serialDateRow)}/events`,
    );
    const arrest = serial
      .json<{ events: { type: string; occurredAt: string }[] }>()
      .events.find((event) => event.type === 'accused.arrested');
    expect(arrest?.occurredAt.slice(0, 10)).toBe('2024-01-07');

    // The Bengali-script accused is a person with a sealed identity, named as written.
    const bengaliCase = await importedCase(workbook.bengaliRow);
    const accused = await world.subject.deps.db
      .selectFrom('legal_case_party')
      .innerJoin('person_identity', 'person_identity.person_id', 'legal_case_party.person_id')
      .select([
        'person_identity.person_id',
        'person_identity.key_id',
        'person_identity.wrapped_data_key',
        'person_identity.ciphertext',
      ])
      .where('legal_case_party.legal_case_id', '=', bengaliCase)
      .where('legal_case_party.role', '=', 'accused')
      .executeTakeFirstOrThrow();
    const identity = world.subject.deps.vault.openIdentity(
      accused,
      z.object({ legalName: z.string() }),
    );
    expect(identity.legalName).toBe(BENGALI_ACCUSED);

    // The accused two rows name alike is one person, on both cases; everyone else is their own.
    const accusedOf = async (row: number) =>
      (
        await world.subject.deps.db
          .selectFrom('legal_case_party')
          .select('person_id')
          .where('legal_case_id', '=', await importedCase(row))
          .where('role', '=', 'accused')
          .execute()
      ).map((party) => party.person_id);
    const [firstNaming, secondNaming] = workbook.sameAccusedRows;
    expect(await accusedOf(secondNaming)).toEqual(await accusedOf(firstNaming));
    const accusedParties = await world.subject.deps.db
      .selectFrom('legal_case_party')
      .innerJoin('legal_case', 'legal_case.id', 'legal_case_party.legal_case_id')
      .select(['legal_case_party.person_id'])
      .where('legal_case.organisation_id', '=', world.organisationId)
      .where('legal_case_party.role', '=', 'accused')
      .execute();
    expect(new Set(accusedParties.map((party) => party.person_id)).size).toBe(
      accusedParties.length - 1,
    );

    // Nothing a survivor or an accused could be found by reaches the audit trail.
    const audit = await world.subject.deps.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', 'like', 'import.%')
      .execute();
    const trail = JSON.stringify(audit);
    expect(trail).not.toContain(accusedName(0));
    expect(trail).not.toContain(BENGALI_ACCUSED);

    const again = await world.manager.post('/api/imports', { kind: 'legal_cases', fileBase64 });
    const second = await waitFor(again.json<{ jobId: string }>().jobId);
    expect(second).toMatchObject({ status: 'finished', created: 0, skipped: workbook.good });
    expect(await legalCasesOfOrganisation()).toBe(workbook.good);
  }, 240_000);

  it('an imported case has the obligations that recording the same case through the API gives', async () => {
    const imported = await importedCase(workbook.comparedRow);
    const stored = await world.subject.deps.db
      .selectFrom('legal_case')
      .select('deadline_regime')
      .where('id', '=', imported)
      .executeTakeFirstOrThrow();
    expect(stored.deadline_regime).not.toBeNull();
    // Stored as the sweep stores them: recomputing the case after the import changes no row.
    const hashes = () =>
      world.subject.deps.db
        .selectFrom('obligation')
        .select(['obligation_key', 'content_hash', 'case_code'])
        .where('case_id', '=', imported)
        .orderBy('obligation_key')
        .execute();
    const before = await hashes();
    expect(before.length).toBeGreaterThan(0);
    expect(before[0]?.case_code).toBe('FIR 102/2024, Test Fictionganj PS');
    await recomputeObligations(world.subject.deps, imported, undefined);
    expect(await hashes()).toEqual(before);

    const { firDay, arrestDay, productionDay, chargesheetDay } = workbook.compared;
    const victimIds = await Promise.all(
      workbook.compared.victims.map(
        async (externalId) =>
          (
            await world.subject.deps.db
              .selectFrom('import_record')
              .select('entity_id')
              .where('kind', '=', 'persons')
              .where('external_id', '=', externalId)
              .executeTakeFirstOrThrow()
          ).entity_id,
      ),
    );
    const accused = [
      await world.aPerson(world.manager, 'unknown', 'unknown'),
      await world.aPerson(world.manager, 'unknown', 'unknown'),
    ];
    const created = await world.manager.post('/api/legal-cases', {
      fir: {
        policeStationId: world.stationId,
        number: 'API-1',
        year: 2024,
        registeredAt: `${firDay}T00:00:00+05:30`,
      },
      courtId: world.courtId,
      offences: ['BNS:143(4)', 'ITPA:5'],
      investigatingOfficerId: world.officerId,
      publicProsecutorId: world.prosecutorId,
      victims: victimIds,
      accused,
    });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json<{ id: string }>().id;
    const claim = { victim: 'V1', scheme: 'WB-VCS-2017', amountRupees: 200_000 };
    const steps = [
      ...['A1', 'A2'].map((ref) => ({
        type: 'accused.arrested',
        day: arrestDay,
        data: { accused: ref },
      })),
      ...['A1', 'A2'].map((ref) => ({
        type: 'accused.produced_before_magistrate',
        day: productionDay,
        data: { accused: ref },
      })),
      ...['A1', 'A2'].map((ref) => ({
        type: 'accused.remanded',
        day: productionDay,
        data: { accused: ref, custody: 'judicial' },
      })),
      ...['A1', 'A2'].map((ref) => ({
        type: 'accused.bailed',
        day: '2024-02-03',
        data: { accused: ref, kind: 'regular' },
      })),
      { type: 'chargesheet.filed', day: chargesheetDay, data: {} },
      { type: 'court.cognizance', day: '2024-03-13', data: {} },
      { type: 'compensation.applied', day: '2024-04-03', data: claim },
      {
        type: 'court.charges_framed',
        day: '2024-05-03',
        data: { nextDate: '2027-01-15T10:30:00+05:30' },
      },
      { type: 'compensation.awarded', day: '2024-06-03', data: claim },
      { type: 'compensation.disbursed', day: '2024-08-03', data: claim },
    ];
    for (const step of steps) {
      const recorded = await world.record(
        caseId,
        { type: step.type, occurredAt: `${step.day}T00:00:00+05:30`, data: step.data },
        world.manager,
      );
      expect(recorded.statusCode, recorded.body).toBe(201);
    }
    const obligationsOf = async (id: string) => {
      const response = await world.manager.get(`/api/legal-cases/${id}/obligations`);
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json<{ regime: string; obligations: ObligationView[] }>();
      return {
        regime: result.regime,
        obligations: result.obligations
          .map(({ rule, subject, startsAt, dueAt, status, metAt }) => ({
            rule,
            subject,
            startsAt,
            dueAt,
            status,
            metAt,
          }))
          .sort((left, right) =>
            `${left.rule}|${left.subject ?? ''}`.localeCompare(
              `${right.rule}|${right.subject ?? ''}`,
            ),
          ),
      };
    };
    const byHand = await obligationsOf(caseId);
    expect(byHand.obligations.length).toBeGreaterThan(0);
    expect(await obligationsOf(imported)).toEqual(byHand);

    // And what the page, the lists and the compensation report read is what the API derived.
    const derivedOf = async (id: string) => {
      const view = (await world.manager.get(`/api/legal-cases/${id}`)).json<{
        stage: string;
        accusedInCustody: number;
        nextHearing: unknown;
      }>();
      const claims = await world.subject.deps.db
        .selectFrom('compensation_claim')
        .select(['victim_ref', 'scheme', 'status', 'amount_sanctioned', 'days_order_to_payment'])
        .where('legal_case_id', '=', id)
        .execute();
      return {
        stage: view.stage,
        accusedInCustody: view.accusedInCustody,
        nextHearing: view.nextHearing,
        claims,
      };
    };
    const derivedByHand = await derivedOf(caseId);
    expect(derivedByHand.claims).toHaveLength(1);
    expect(await derivedOf(imported)).toEqual(derivedByHand);
  }, 120_000);
});
