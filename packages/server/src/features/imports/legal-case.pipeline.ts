import {
  checkLegalCaseRow,
  LEGAL_CASE_CREDIT_COLUMNS,
  LEGAL_CASE_IMPORT_SPECS,
  type LegalCaseCreditField,
  type ImportedLegalCase,
  type ImportProblem,
  type LegalCaseImportField,
} from '@dawn/core';
import type { Deps } from '../../platform/deps.ts';
import { likelyDuplicates } from '../persons/person-matching.ts';
import {
  refuse,
  refuseUnknownOrganisation,
  refuseUnknownPerson,
  verdictOnImported,
  withColumns,
} from './import-classify.ts';
import type { CheckedRow, ImportPipeline, Verdict } from './import-pipeline.ts';
import { importedRecords } from './import.repository.ts';
import { findOfficial, pickOrganisation } from './legal-case-import.lookups.ts';
import { accusedIdentity, writeLegalCases } from './legal-case-import.writer.ts';
import { markAccusedWithinBatch, markSameFir } from './legal-case-import.within-file.ts';
import {
  existingCnrs,
  existingFirs,
  firKey,
  officialsNamed,
  organisationsOfKindsNamed,
} from './legal-case-import.repository.ts';

/**
 * Legal cases with their FIR, court, offences, victim, accused and key steps (arrest, production,
 * remand, the victim's statement, chargesheet, cognizance, charges). The victim is a person
 * imported earlier, named by her external id; each accused becomes a person with an identity
 * through the persons use-cases (vault, pseudonym, blind indexes) and the similar-person search.
 * A batch is written in a fixed number of statements, its obligations computed by the deadline
 * engine and stored beside the cases in the same transaction.
 */
const LEGAL_CASE_CREDIT_FIELDS = Object.keys(LEGAL_CASE_CREDIT_COLUMNS) as LegalCaseCreditField[];

/** The columns that problems found against what is stored point at. */
const LEGAL_CASE_PROBLEM_COLUMNS = [
  'victimExternalId',
  'policeStation',
  'court',
  'firNumber',
  'accused',
  'cnr',
  'investigatingOfficer',
  'prosecutor',
  ...LEGAL_CASE_CREDIT_FIELDS,
] as const;

export type LegalCaseRowValue = ImportedLegalCase & {
  columns: Record<(typeof LEGAL_CASE_PROBLEM_COLUMNS)[number], string>;
  /** The victims' person ids, V1, V2, … in the cell's order. */
  victimIds?: string[];
  investigatingOfficerId?: string;
  prosecutorId?: string;
  stationId?: string;
  /** The station's name as Dawn has it: the case's name in alerts, as the sweep gives it. */
  stationName?: string;
  courtId?: string;
  /** The officials credited on the row's steps, by the column that names them. */
  creditedOfficialIds?: Partial<Record<LegalCaseCreditField, string>>;
  /**
   * Per accused, in the cell's order: the accused of an earlier case of the batch (its external id
   * and position) when the name is written the same there, so the two cases share one person.
   */
  accusedSameAs?: ({ externalId: string; position: number } | undefined)[];
};

function rowHash(deps: Deps, organisationId: string, value: LegalCaseRowValue): string {
  const { externalId, fir, policeStationName, district, courtName, forum, offences } = value;
  const { victimExternalIds, accused, events, cnr, investigatingOfficerName, prosecutorName } =
    value;
  const { creditedOfficialNames } = value;
  // Keys the first legal-case import did not have are left out when empty, so a row imported
  // then and unchanged since still reads as unchanged.
  return deps.vault.fingerprint(
    organisationId,
    'import_row',
    JSON.stringify({
      externalId,
      fir,
      policeStationName,
      district,
      courtName,
      forum,
      offences,
      victimExternalId: victimExternalIds.length > 0 ? victimExternalIds.join(';') : undefined,
      accused,
      events,
      cnr,
      investigatingOfficerName,
      prosecutorName,
      creditedOfficialNames,
    }),
  );
}

async function classify(
  deps: Deps,
  organisationId: string,
  rows: CheckedRow<LegalCaseRowValue>[],
): Promise<Verdict[]> {
  const good = rows.flatMap((row) => (row.value ? [row.value] : []));
  // A fixed number of round trips a batch: cases imported before, victims, officials, CNRs and
  // FIRs already in Dawn, police stations and courts, and the similar-person search on every
  // accused (two).
  const existing = await importedRecords(
    deps.db,
    organisationId,
    'legal_cases',
    good.map((value) => value.externalId),
  );
  const victims = await importedRecords(
    deps.db,
    organisationId,
    'persons',
    good.flatMap((value) => value.victimExternalIds),
  );
  const officials = await officialsNamed(
    deps.db,
    good.flatMap((value) =>
      [
        value.investigatingOfficerName ?? [],
        value.prosecutorName ?? [],
        Object.values(value.creditedOfficialNames ?? {}),
      ].flat(),
    ),
  );
  const cnrsInDawn = await existingCnrs(
    deps.db,
    good.flatMap((value) => (value.cnr ? [value.cnr] : [])),
  );
  const stations = await organisationsOfKindsNamed(
    deps.db,
    good.flatMap((value) => (value.policeStationName ? [value.policeStationName] : [])),
    ['police_station', 'ahtu'],
  );
  const courts = await organisationsOfKindsNamed(
    deps.db,
    good.flatMap((value) => (value.courtName ? [value.courtName] : [])),
    ['court'],
  );

  const pending: CheckedRow<LegalCaseRowValue>[] = [];
  const verdicts = new Map<number, Verdict>();
  for (const row of rows) {
    const value = row.value;
    if (!value) continue;
    const imported = verdictOnImported(row, existing.get(value.externalId), () =>
      rowHash(deps, organisationId, value),
    );
    if (imported) {
      verdicts.set(row.row, imported);
      continue;
    }
    const unknownVictim = value.victimExternalIds.find((id) => !victims.has(id));
    if (unknownVictim !== undefined) {
      refuseUnknownPerson(row, value.columns.victimExternalId, unknownVictim);
      continue;
    }
    value.victimIds = value.victimExternalIds.map((id) => victims.get(id)?.entityId ?? '');
    if (value.cnr && cnrsInDawn.has(value.cnr)) {
      refuse(row, {
        row: row.row,
        column: value.columns.cnr,
        code: 'cnr_exists',
        value: value.cnr,
        reason: 'is the CNR of a legal case already in Dawn; it is not imported twice',
      });
      continue;
    }
    if (value.policeStationName) {
      const station = pickOrganisation(stations, value.policeStationName, value.district);
      if (!station) {
        refuseUnknownOrganisation(
          row,
          value.columns.policeStation,
          value.policeStationName,
          'a police station',
          'the police station',
        );
        continue;
      }
      value.stationId = station.id;
      value.stationName = station.name;
    }
    if (value.courtName) {
      const court = pickOrganisation(courts, value.courtName, value.district);
      if (!court) {
        refuseUnknownOrganisation(
          row,
          value.columns.court,
          value.courtName,
          'a court',
          'the court',
        );
        continue;
      }
      value.courtId = court.id;
    }
    const officer = findOfficial(
      officials,
      value.investigatingOfficerName,
      value.stationId,
      value.columns.investigatingOfficer,
      row.row,
    );
    const prosecutor = findOfficial(
      officials,
      value.prosecutorName,
      value.courtId,
      value.columns.prosecutor,
      row.row,
    );
    if (officer.problem ?? prosecutor.problem) {
      refuse(row, (officer.problem ?? prosecutor.problem) as ImportProblem);
      continue;
    }
    if (officer.id) value.investigatingOfficerId = officer.id;
    if (prosecutor.id) value.prosecutorId = prosecutor.id;
    // Credited as the IO (at the row's police station) or the prosecutor (at its court) is found.
    const credits = LEGAL_CASE_CREDIT_FIELDS.map((field) => ({
      field,
      found: findOfficial(
        officials,
        value.creditedOfficialNames?.[field],
        field === 'judgmentCreditedTo' ? value.courtId : value.stationId,
        value.columns[field],
        row.row,
      ),
    }));
    const creditProblem = credits.find(({ found }) => found.problem)?.found.problem;
    if (creditProblem) {
      refuse(row, creditProblem);
      continue;
    }
    for (const { field, found } of credits)
      if (found.id) value.creditedOfficialIds = { ...value.creditedOfficialIds, [field]: found.id };
    pending.push(row);
  }

  const firs = await existingFirs(
    deps.db,
    pending.flatMap(({ value }) =>
      value?.fir && value.stationId
        ? [{ stationId: value.stationId, year: value.fir.year, number: value.fir.number }]
        : [],
    ),
  );
  const accused = pending.flatMap((row) =>
    (row.value?.accused ?? []).map((name) => ({ row: row.row, name })),
  );
  const duplicates = await likelyDuplicates(
    deps.db,
    deps.vault,
    organisationId,
    accused.map(({ name }) => accusedIdentity(name)),
  );
  const duplicateOf = new Map<number, NonNullable<(typeof duplicates)[number]>>();
  accused.forEach(({ row }, index) => {
    const duplicate = duplicates[index];
    const known = duplicateOf.get(row);
    if (duplicate && (!known || duplicate.score > known.score)) duplicateOf.set(row, duplicate);
  });
  const candidates: CheckedRow<LegalCaseRowValue>[] = [];
  for (const row of pending) {
    const value = row.value;
    if (!value) continue;
    if (
      value.fir &&
      value.stationId &&
      firs.has(firKey(value.stationId, value.fir.year, value.fir.number))
    ) {
      refuse(row, {
        row: row.row,
        column: value.columns.firNumber,
        code: 'fir_exists',
        value: value.fir.number,
        reason:
          'is an FIR already recorded in Dawn at that police station; it is not imported twice',
      });
      continue;
    }
    const duplicate = duplicateOf.get(row.row);
    if (duplicate) verdicts.set(row.row, { action: 'not_imported', duplicateOf: duplicate });
    else candidates.push(row);
  }
  markAccusedWithinBatch(candidates);
  for (const row of candidates) if (row.value) verdicts.set(row.row, { action: 'create' });
  return rows.map((row): Verdict =>
    row.value ? (verdicts.get(row.row) ?? { action: 'not_imported' }) : { action: 'not_imported' },
  );
}

export const legalCasePipeline: ImportPipeline<LegalCaseRowValue> = {
  kind: 'legal_cases',
  specs: LEGAL_CASE_IMPORT_SPECS,
  // Only who may open legal cases; the accused become persons with identities.
  permissions: ['legal_case:write', 'person:write', 'identity:write'],
  checkRow: (row, mapping, read, today) =>
    withColumns(
      checkLegalCaseRow(row, mapping, (field: LegalCaseImportField) => read(field), today),
      mapping,
      LEGAL_CASE_PROBLEM_COLUMNS,
    ),
  checkFile: markSameFir,
  classify,
  write: (deps, trx, actor, jobId, rows) =>
    writeLegalCases(
      deps,
      trx,
      actor,
      jobId,
      rows.filter((row) => row.action === 'create').map((row) => row.value),
      (value) => rowHash(deps, actor.organisationId, value),
    ),
};
