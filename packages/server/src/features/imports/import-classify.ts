import type { ImportMapping, ImportProblem } from '@dawn/core';
import type { CheckedRow, Verdict } from './import-pipeline.ts';

/**
 * What the pipelines of records with a timeline (care cases, legal cases) do alike when they
 * check a row and classify it against what is stored: keep the headers problems point at, refuse
 * a row in plain words, and treat a row imported before (unchanged: skipped; changed: refused,
 * since a timeline is never rewritten).
 */

/** The row cannot go in: it gets the problem and loses its value. */
export function refuse<Value>(row: CheckedRow<Value>, problem: ImportProblem): void {
  row.problems.push(problem);
  delete row.value;
}

/** The header of each field's column (the field's own name when unmapped), for later problems. */
export function columnsOf<Field extends string>(
  mapping: ImportMapping,
  fields: readonly Field[],
): Record<Field, string> {
  return Object.fromEntries(fields.map((field) => [field, mapping[field] ?? field])) as Record<
    Field,
    string
  >;
}

/**
 * A kind's row check with the columns its classify step points at kept beside the value:
 * `{ value, problems }` as the pipeline's `checkRow` answers.
 */
export function withColumns<Value, Field extends string>(
  checked: { value?: Value; problems: ImportProblem[] },
  mapping: ImportMapping,
  fields: readonly Field[],
): { value?: Value & { columns: Record<Field, string> }; problems: ImportProblem[] } {
  if (!checked.value) return { problems: checked.problems };
  return {
    problems: checked.problems,
    value: { ...checked.value, columns: columnsOf(mapping, fields) },
  };
}

/**
 * The verdict on a row whose external id was imported before: skipped when its fingerprint is
 * the same, refused when it changed. Undefined for a row not imported yet.
 */
export function verdictOnImported<Value>(
  row: CheckedRow<Value>,
  record: { rowHash: string } | undefined,
  rowHash: () => string,
): Verdict | undefined {
  if (!record) return undefined;
  if (record.rowHash === rowHash()) return { action: 'skip' };
  refuse(row, {
    row: row.row,
    column: null,
    code: 'changed_after_import',
    reason:
      'was imported before and has changed since; a timeline is never rewritten, so record the change on the case in Dawn',
  });
  return { action: 'not_imported' };
}

/** A person named by an external id no persons import brought in. */
export function refuseUnknownPerson<Value>(
  row: CheckedRow<Value>,
  column: string,
  externalId: string,
): void {
  refuse(row, {
    row: row.row,
    column,
    code: 'unknown_person',
    value: externalId,
    reason: 'is not the id of a person imported into Dawn; import the persons first',
  });
}

/** An organisation named that Dawn does not have: `what` it is and `which` to add first. */
export function refuseUnknownOrganisation<Value>(
  row: CheckedRow<Value>,
  column: string,
  name: string,
  what: string,
  which: string,
): void {
  refuse(row, {
    row: row.row,
    column,
    code: 'unknown_organisation',
    value: name,
    reason: `is not the name of ${what} in Dawn; add ${which} first`,
  });
}
