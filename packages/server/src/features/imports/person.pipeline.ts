import { sql } from 'kysely';
import {
  checkPersonRow,
  duplicatesWithinFile,
  likelyDuplicateScore,
  PERSON_IMPORT_SPECS,
  type ImportedPerson,
  type PersonImportField,
} from '@dawn/core';
import type { Deps } from '../../platform/deps.ts';
import { likelyDuplicates } from '../persons/person-matching.ts';
import { createPersonsInTransaction, writeIdentities } from '../persons/person.service.ts';
import { identitySchema, newPersonSchema, type NewPerson } from '../persons/person.schemas.ts';
import type { CheckedRow, ImportDecisions, ImportPipeline, Verdict } from './import-pipeline.ts';
import {
  importedRecords,
  personsOfOrganisation,
  upsertImportRecords,
} from './import.repository.ts';

/**
 * Persons with their identities: checked by core's person rules, identities through the persons
 * use-cases into the vault (the same pseudonyms, sealing and blind indexes as the form), and a
 * likely duplicate, of someone stored or of an earlier row, listed for review instead of created.
 * The importer may answer a row listed as likely someone stored: she is that person (the row's id
 * is linked to her, nothing of hers changes) or someone else (created).
 */

/** The persons use-case's own schema, at the boundary: its defaults and limits hold here too. */
export function toNewPerson(person: ImportedPerson): NewPerson {
  // zod drops what the schema does not know (the external id).
  return newPersonSchema.parse(person);
}

/** A keyed fingerprint of what a row would store: equal means a re-run has nothing to change. */
export function personRowHash(deps: Deps, organisationId: string, person: ImportedPerson): string {
  return deps.vault.fingerprint(organisationId, 'import_row', JSON.stringify(person));
}

/** Two rows of one file for one person would be created twice: the later one waits for review. */
function markTwins(rows: CheckedRow<ImportedPerson>[]): void {
  // Each pair held to the threshold the check against stored persons uses (lower across scripts).
  const twins = duplicatesWithinFile(
    rows.map((row) => row.value?.identity),
    likelyDuplicateScore,
  );
  twins.forEach((twin, index) => {
    const row = rows[index];
    const earlier = twin ? rows[twin.earlier] : undefined;
    if (!row || !twin || !earlier) return;
    row.problems.push({
      row: row.row,
      column: null,
      code: 'duplicate_in_file',
      otherRow: earlier.row,
      score: twin.score,
      reason: `may be the same person as row ${earlier.row} (similarity ${twin.score}); review before importing`,
    });
    delete row.value;
  });
}

/**
 * A row listed as likely someone stored, by the importer's answer: linked to the person she
 * chose (one of the organisation's), created as someone else, or (no usable answer) waiting.
 */
export function answeredDuplicate(
  row: number,
  decisions: ImportDecisions,
  chosen: ReadonlySet<string>,
): { linkTo: string } | 'new_person' | undefined {
  const answer = decisions.get(row);
  if (answer?.decision === 'new_person') return 'new_person';
  if (answer?.decision === 'same_person' && chosen.has(answer.personId))
    return { linkTo: answer.personId };
  return undefined;
}

/** The persons the answers to a batch's rows name, of the organisation: one round trip. */
export function chosenPersons(
  deps: Deps,
  organisationId: string,
  decisions: ImportDecisions,
  rows: readonly { row: number }[],
): Promise<Set<string>> {
  return personsOfOrganisation(
    deps.db,
    organisationId,
    rows.flatMap(({ row }) => {
      const answer = decisions.get(row);
      return answer?.decision === 'same_person' ? [answer.personId] : [];
    }),
  );
}

async function classify(
  deps: Deps,
  organisationId: string,
  rows: CheckedRow<ImportedPerson>[],
  decisions: ImportDecisions,
): Promise<Verdict[]> {
  const good = rows.filter((row) => row.value);
  const existing = await importedRecords(
    deps.db,
    organisationId,
    'persons',
    good.map((row) => row.externalId ?? ''),
  );
  const fresh = good.filter((row) => !existing.has(row.externalId ?? ''));
  const duplicates = await likelyDuplicates(
    deps.db,
    deps.vault,
    organisationId,
    fresh.map((row) => row.value?.identity ?? { legalName: '', aliases: [], phones: [] }),
  );
  const duplicateOf = new Map(fresh.map((row, index) => [row.row, duplicates[index]]));
  const chosen = await chosenPersons(deps, organisationId, decisions, rows);
  return rows.map((row): Verdict => {
    if (!row.value) return { action: 'not_imported' };
    const record = existing.get(row.externalId ?? '');
    if (record)
      return {
        action:
          record.rowHash === personRowHash(deps, organisationId, row.value) ? 'skip' : 'update',
      };
    const duplicate = duplicateOf.get(row.row);
    if (!duplicate) return { action: 'create' };
    const answer = answeredDuplicate(row.row, decisions, chosen);
    if (answer === 'new_person') return { action: 'create' };
    if (answer) return { action: 'link', linkTo: answer.linkTo };
    return { action: 'not_imported', duplicateOf: duplicate };
  });
}

export const personPipeline: ImportPipeline<ImportedPerson> = {
  kind: 'persons',
  specs: PERSON_IMPORT_SPECS,
  permissions: ['person:write', 'identity:write'],
  answersReview: true,
  checkRow: (row, mapping, read, today) => {
    const checked = checkPersonRow(row, mapping, (field: PersonImportField) => read(field), today);
    return {
      problems: checked.problems,
      ...(checked.person ? { value: checked.person } : {}),
    };
  },
  checkFile: markTwins,
  classify,
  async write(deps, trx, actor, jobId, rows) {
    const organisationId = actor.organisationId;
    const toCreate = rows.filter((row) => row.action === 'create').map((row) => row.value);
    const toUpdate = rows.filter((row) => row.action === 'update').map((row) => row.value);
    // Rows the importer said are a person already in Dawn: her id is theirs, nothing else.
    const links = rows.flatMap((row) =>
      row.action === 'link' && row.linkTo ? [{ person: row.value, personId: row.linkTo }] : [],
    );
    const createdIds = await createPersonsInTransaction(
      deps,
      trx,
      actor,
      toCreate.map((person) => toNewPerson(person)),
    );
    const existing = await importedRecords(
      trx,
      organisationId,
      'persons',
      toUpdate.map((person) => person.externalId),
    );
    const updates = toUpdate.flatMap((person) => {
      const record = existing.get(person.externalId);
      return record ? [{ person, personId: record.entityId }] : [];
    });
    // Every changed row's facts in one statement, not one update per row.
    if (updates.length > 0) {
      const facts = updates.map(({ person, personId }) => ({
        id: personId,
        sex: person.sex,
        age_band: person.ageBand,
        birth_year_estimate: person.birthYearEstimate ?? null,
        origin_state: person.originState ?? null,
        origin_country: person.originCountry ?? null,
        languages: person.languages,
      }));
      await sql`update person set sex = facts.sex, age_band = facts.age_band,
          birth_year_estimate = facts.birth_year_estimate, origin_state = facts.origin_state,
          origin_country = facts.origin_country,
          languages = array(select jsonb_array_elements_text(facts.languages))
        from jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) as facts(id uuid, sex text,
          age_band text, birth_year_estimate int, origin_state text, origin_country text,
          languages jsonb)
        where person.id = facts.id and person.organisation_id = ${organisationId}`.execute(trx);
    }
    await writeIdentities(
      deps,
      trx,
      updates.map(({ person, personId }) => ({
        personId,
        organisationId,
        identity: identitySchema.parse(person.identity),
      })),
    );
    await upsertImportRecords(trx, [
      ...toCreate.map((person, index) => ({
        organisation_id: organisationId,
        kind: 'persons',
        external_id: person.externalId,
        entity_id: createdIds[index] ?? '',
        row_hash: personRowHash(deps, organisationId, person),
        job_id: jobId,
      })),
      ...[...updates, ...links].map(({ person, personId }) => ({
        organisation_id: organisationId,
        kind: 'persons',
        external_id: person.externalId,
        entity_id: personId,
        row_hash: personRowHash(deps, organisationId, person),
        job_id: jobId,
      })),
    ]);
    return {
      created: toCreate.length,
      updated: updates.length,
      linked: links.length,
      entityIds: [...createdIds, ...[...updates, ...links].map((update) => update.personId)],
    };
  },
};
