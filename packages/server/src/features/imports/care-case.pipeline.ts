import {
  CARE_CASE_IMPORT_SPECS,
  checkCareCaseRow,
  duplicatesWithinFile,
  likelyDuplicateScore,
  RESTRICTED_EVENT_TYPES,
  SHELTER_PLACEHOLDER_ID,
  type CareCaseImportField,
  type ImportedCareCase,
} from '@dawn/core';
import type { Deps } from '../../platform/deps.ts';
import { likelyDuplicates } from '../persons/person-matching.ts';
import { createPersonsInTransaction } from '../persons/person.service.ts';
import { publishCareCaseEventsRecorded } from '../webhooks/webhook.publish.ts';
import { detectRetraffickingInBatch } from '../retrafficking/retrafficking.detect.ts';
import { scheduleFirstAssessments } from '../tasks/task.repository.ts';
import {
  refuse,
  refuseUnknownOrganisation,
  refuseUnknownPerson,
  verdictOnImported,
  withColumns,
} from './import-classify.ts';
import type { CheckedRow, ImportDecisions, ImportPipeline, Verdict } from './import-pipeline.ts';
import {
  importedRecords,
  organisationsNamed,
  reserveCareCaseCodes,
  upsertImportRecords,
} from './import.repository.ts';
import { answeredDuplicate, chosenPersons, personRowHash, toNewPerson } from './person.pipeline.ts';

/**
 * Care cases with their key events (rescue, production before the CWC or a Magistrate, shelter
 * admission, closure), each linked to its person by that person's external id: one imported
 * earlier, or one the row names (name, sex, …), recorded with the case as the persons import
 * records her (the same checks, sealing and likely-duplicate review). The events were checked by
 * the timeline's own vocabulary and sequence rules (core); a batch is written in a fixed number of
 * statements: persons, codes, cases, team, first assessments, events, import records.
 */
/** The columns problems found against what is stored point at. */
const CARE_CASE_PROBLEM_COLUMNS = ['personExternalId', 'shelter'] as const;

export type CareCaseRowValue = ImportedCareCase & {
  columns: Record<(typeof CARE_CASE_PROBLEM_COLUMNS)[number], string>;
  personId?: string;
  /** Her id is linked to `personId`, a person already in Dawn, at the importer's word. */
  linksPerson?: boolean;
  shelterId?: string;
  /** Her person may be the one an earlier row of the file names under another id. */
  twinOf?: { row: number; score: number };
};

const INDIA_OFFSET_MS = 330 * 60_000;
const yearInIndia = (instant: string) =>
  new Date(Date.parse(instant) + INDIA_OFFSET_MS).getUTCFullYear();

function rowHash(deps: Deps, organisationId: string, value: ImportedCareCase): string {
  const { externalId, personExternalId, openedAt, shelterName, events } = value;
  return deps.vault.fingerprint(
    organisationId,
    'import_row',
    JSON.stringify({ externalId, personExternalId, openedAt, shelterName, events }),
  );
}

/**
 * Across the file: every row of a person id carries the person the first row naming her
 * describes (whichever of them is written first records her, the others find her), and a person
 * named under one id who may be the one an earlier row names under another is marked for review.
 */
function samePersonAcrossRows(rows: CheckedRow<CareCaseRowValue>[]): void {
  const namer = new Map<string, CheckedRow<CareCaseRowValue>>();
  for (const row of rows)
    if (row.value?.person && !namer.has(row.value.personExternalId))
      namer.set(row.value.personExternalId, row);
  const namers = [...namer.values()];
  const twins = duplicatesWithinFile(
    namers.map((row) => row.value?.person?.identity),
    likelyDuplicateScore,
  );
  const twinOf = new Map<string, { row: number; score: number }>();
  twins.forEach((twin, index) => {
    const personExternalId = namers[index]?.value?.personExternalId;
    const earlier = twin ? namers[twin.earlier] : undefined;
    if (twin && earlier && personExternalId !== undefined)
      twinOf.set(personExternalId, { row: earlier.row, score: twin.score });
  });
  for (const row of rows) {
    const value = row.value;
    if (!value) continue;
    const person = namer.get(value.personExternalId)?.value?.person;
    if (person) value.person = person;
    const twin = twinOf.get(value.personExternalId);
    if (twin) value.twinOf = twin;
  }
}

async function classify(
  deps: Deps,
  organisationId: string,
  rows: CheckedRow<CareCaseRowValue>[],
  decisions: ImportDecisions,
): Promise<Verdict[]> {
  const good = rows.flatMap((row) => (row.value ? [row.value] : []));
  // A fixed number of round trips a batch: cases already imported, their persons, the shelters
  // named, then for survivors new to Dawn the likely duplicates (two) and the persons answered.
  const existing = await importedRecords(
    deps.db,
    organisationId,
    'care_cases',
    good.map((value) => value.externalId),
  );
  const persons = await importedRecords(
    deps.db,
    organisationId,
    'persons',
    good.map((value) => value.personExternalId),
  );
  const shelters = await organisationsNamed(
    deps.db,
    good.flatMap((value) => (value.shelterName ? [value.shelterName] : [])),
  );
  // Survivors new to Dawn, each once, checked against the persons stored: a likely duplicate
  // waits for review, as a persons import's row does.
  const newcomers = new Map<string, NonNullable<ImportedCareCase['person']>>();
  for (const value of good)
    if (value.person && !value.twinOf && !persons.has(value.personExternalId))
      newcomers.set(value.personExternalId, value.person);
  const duplicates = await likelyDuplicates(
    deps.db,
    deps.vault,
    organisationId,
    [...newcomers.values()].map((person) => person.identity),
  );
  const duplicateOf = new Map([...newcomers.keys()].map((id, index) => [id, duplicates[index]]));
  // The importer's answer for a survivor listed for review: the answer on any row naming her id.
  const chosen = await chosenPersons(deps, organisationId, decisions, rows);
  const answerOf = new Map<string, ReturnType<typeof answeredDuplicate>>();
  for (const row of rows) {
    const id = row.value?.personExternalId;
    const answer = answeredDuplicate(row.row, decisions, chosen);
    if (id !== undefined && answer && !answerOf.has(id)) answerOf.set(id, answer);
  }
  return rows.map((row): Verdict => {
    const value = row.value;
    if (!value) return { action: 'not_imported' };
    const imported = verdictOnImported(row, existing.get(value.externalId), () =>
      rowHash(deps, organisationId, value),
    );
    if (imported) return imported;
    const person = persons.get(value.personExternalId);
    if (person) value.personId = person.entityId;
    else if (value.twinOf) {
      refuse(row, {
        row: row.row,
        column: null,
        code: 'duplicate_in_file',
        otherRow: value.twinOf.row,
        score: value.twinOf.score,
        reason: `names someone who may be the person of row ${value.twinOf.row} (similarity ${value.twinOf.score}); review before importing`,
      });
      return { action: 'not_imported' };
    } else if (!value.person) {
      refuseUnknownPerson(row, value.columns.personExternalId, value.personExternalId);
      return { action: 'not_imported' };
    } else {
      const duplicate = duplicateOf.get(value.personExternalId);
      const answer = duplicate ? answerOf.get(value.personExternalId) : undefined;
      if (answer && answer !== 'new_person') {
        value.personId = answer.linkTo;
        value.linksPerson = true;
      } else if (duplicate && !answer) return { action: 'not_imported', duplicateOf: duplicate };
    }
    if (value.shelterName) {
      const shelterId = shelters.get(value.shelterName.toLowerCase());
      if (!shelterId) {
        refuseUnknownOrganisation(
          row,
          value.columns.shelter,
          value.shelterName,
          'an organisation',
          'the shelter',
        );
        return { action: 'not_imported' };
      }
      value.shelterId = shelterId;
    }
    return value.personId
      ? { action: 'create' }
      : { action: 'create', newPerson: value.personExternalId };
  });
}

export const carePipeline: ImportPipeline<CareCaseRowValue> = {
  kind: 'care_cases',
  specs: CARE_CASE_IMPORT_SPECS,
  permissions: ['care_case:write'],
  answersReview: true,
  // A file with the survivor's name column may record her: what recording her on the form needs.
  permissionsFor: (mapping) => (mapping.legalName ? ['person:write', 'identity:write'] : []),
  checkRow: (row, mapping, read, today) =>
    withColumns(
      checkCareCaseRow(row, mapping, (field: CareCaseImportField) => read(field), today),
      mapping,
      CARE_CASE_PROBLEM_COLUMNS,
    ),
  checkFile: samePersonAcrossRows,
  classify,
  async write(deps, trx, actor, jobId, rows) {
    const organisationId = actor.organisationId;
    const creates = rows.filter((row) => row.action === 'create');
    if (creates.length === 0) return { created: 0, updated: 0, entityIds: [] };
    // Survivors new to Dawn first, each once, as the persons import records them; those the
    // importer said are a person already in Dawn get her as their id's person.
    const newcomers = new Map<string, NonNullable<ImportedCareCase['person']>>();
    const linked = new Map<
      string,
      { person: NonNullable<ImportedCareCase['person']>; id: string }
    >();
    for (const { value } of creates) {
      if (!value.personId && value.person) newcomers.set(value.personExternalId, value.person);
      if (value.linksPerson && value.personId && value.person)
        linked.set(value.personExternalId, { person: value.person, id: value.personId });
    }
    const newcomerIds = await createPersonsInTransaction(
      deps,
      trx,
      actor,
      [...newcomers.values()].map((person) => toNewPerson(person)),
    );
    const personIdOf = new Map([...newcomers.keys()].map((id, index) => [id, newcomerIds[index]]));
    for (const { value } of creates) value.personId ??= personIdOf.get(value.personExternalId);
    const personRecords = [
      ...[...newcomers.entries()].map(([externalId, person], index) => ({
        externalId,
        person,
        id: newcomerIds[index] ?? '',
      })),
      ...[...linked.entries()].map(([externalId, { person, id }]) => ({ externalId, person, id })),
    ].map(({ externalId, person, id }) => ({
      organisation_id: organisationId,
      kind: 'persons',
      external_id: externalId,
      entity_id: id,
      row_hash: personRowHash(deps, organisationId, person),
      job_id: jobId,
    }));
    const fresh = creates.filter((row) => row.value.personId);
    const codes = await reserveCareCaseCodes(
      trx,
      organisationId,
      fresh.map((row) => yearInIndia(row.value.openedAt)),
    );
    const cases = await trx
      .insertInto('care_case')
      .values(
        fresh.map(({ value }, index) => ({
          code: codes[index] ?? '',
          organisation_id: organisationId,
          person_id: value.personId ?? '',
          opened_at: new Date(value.openedAt),
          opened_by: actor.userId,
          phase: value.state.phase,
          placement_organisation_id: value.state.placementOrganisationId
            ? (value.shelterId ?? null)
            : null,
          rescued_at: value.state.rescuedAt ? new Date(value.state.rescuedAt) : null,
          closed_at: value.state.closedAt ? new Date(value.state.closedAt) : null,
          closure_reason: value.state.closureReason,
        })),
      )
      .returning(['id', 'code'])
      .execute();
    const idOfCode = new Map(cases.map((careCase) => [careCase.code, careCase.id]));
    const caseIds = codes.map((code) => idOfCode.get(code) ?? '');
    // The importer is on each case's team: membership is what gives a social worker a case.
    await trx
      .insertInto('team_membership')
      .values(
        caseIds.map((id) => ({ entity_type: 'care_case', entity_id: id, user_id: actor.userId })),
      )
      .execute();
    // Each case still open asks for its first outcome assessment, as a case opened on the form does.
    await scheduleFirstAssessments(
      trx,
      organisationId,
      caseIds.filter((_, index) => fresh[index]?.value.state.phase !== 'closed'),
      actor.userId,
      new Date(),
    );
    const events = fresh.flatMap(({ value }, index) =>
      value.events.map((event) => ({
        case_id: caseIds[index] ?? '',
        type: event.type,
        occurred_at: new Date(event.occurredAt),
        recorded_by: actor.userId,
        data: JSON.stringify(
          event.data.organisationId === SHELTER_PLACEHOLDER_ID
            ? { ...event.data, organisationId: value.shelterId }
            : event.data,
        ),
        restricted: RESTRICTED_EVENT_TYPES.includes(event.type),
      })),
    );
    if (events.length > 0) {
      const written = await trx
        .insertInto('care_case_event')
        .values(events)
        .returning(['id', 'case_id', 'type', 'occurred_at'])
        .execute();
      // Subscribers hear of an imported event as of one recorded on the form, from the outbox.
      const codeOf = new Map(caseIds.map((id, index) => [id, codes[index] ?? '']));
      await publishCareCaseEventsRecorded(
        trx,
        organisationId,
        written.map((event) => ({
          caseId: event.case_id,
          caseCode: codeOf.get(event.case_id) ?? '',
          eventId: event.id,
          type: event.type,
          occurredAt: new Date(event.occurred_at),
        })),
      );
    }
    await upsertImportRecords(trx, [
      ...personRecords,
      ...fresh.map(({ value }, index) => ({
        organisation_id: organisationId,
        kind: 'care_cases',
        external_id: value.externalId,
        entity_id: caseIds[index] ?? '',
        row_hash: rowHash(deps, organisationId, value),
        job_id: jobId,
      })),
    ]);
    return {
      created: fresh.length,
      updated: 0,
      entityIds: [...newcomerIds, ...caseIds],
      ...(newcomerIds.length > 0 ? { personsCreated: newcomerIds.length } : {}),
      ...(linked.size > 0 ? { linked: linked.size } : {}),
      // As opening a case on the form does: after the batch commits, so it cannot undo it.
      afterCommit: (committed) =>
        detectRetraffickingInBatch(
          committed,
          actor,
          fresh.map(({ value }, index) => ({
            caseId: caseIds[index] ?? '',
            personId: value.personId ?? '',
          })),
        ),
    };
  },
};
