import {
  DomainError,
  guessImportMapping,
  importCellText,
  unmappedRequiredFields,
  type ImportMapping,
} from '@dawn/core';
import type { ImportFile } from './import-file.reader.ts';
import type { CheckedRow, ImportPipeline } from './import-pipeline.ts';

/** Today in India, the day against which birth dates and event dates are checked. */
export const todayInIndia = () => new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);

/**
 * Checks every row on its own (the kind's rules) and against the rows above it (one external id,
 * one row), then across the file (the kind's own, e.g. twins).
 */
export function checkRows<Value>(
  pipeline: ImportPipeline<Value>,
  file: ImportFile,
  mapping: ImportMapping,
): CheckedRow<Value>[] {
  const today = todayInIndia();
  const position = new Map(file.headers.map((header, index) => [header, index]));
  const firstRowOf = new Map<string, number>();
  const rows = file.rows.map(({ row, cells }): CheckedRow<Value> => {
    const read = (field: string) => {
      const header = mapping[field];
      const index = header === undefined ? undefined : position.get(header);
      return index === undefined ? null : (cells[index] ?? null);
    };
    const checked = pipeline.checkRow(row, mapping, read, today);
    const externalId = importCellText(read('externalId'));
    let value = checked.problems.length === 0 ? checked.value : undefined;
    if (externalId !== '') {
      const first = firstRowOf.get(externalId);
      if (first !== undefined) {
        checked.problems.push({
          row,
          column: mapping.externalId ?? null,
          code: 'duplicate_id',
          value: externalId,
          reason: `is already the id of row ${first}; each row needs its own id`,
        });
        value = undefined;
      } else firstRowOf.set(externalId, row);
    }
    return {
      row,
      externalId: externalId === '' ? null : externalId,
      ...(value === undefined ? {} : { value }),
      problems: checked.problems,
    };
  });
  pipeline.checkFile?.(rows);
  return rows;
}

/** The mapping asked for, or guessed from the headers (the saved one first); refused if unusable. */
export function mappingFor(
  pipeline: ImportPipeline<unknown>,
  file: ImportFile,
  requested: ImportMapping | undefined,
  saved: ImportMapping,
): ImportMapping {
  const mapping = requested ?? guessImportMapping(file.headers, saved, pipeline.specs);
  const fields = new Set(pipeline.specs.map((spec) => spec.field));
  for (const [field, header] of Object.entries(mapping)) {
    if (!fields.has(field))
      throw new DomainError('VALIDATION_FAILED', `mapping.${field}: is not a field Dawn imports`, {
        issues: [{ path: `mapping.${field}`, message: 'is not a field Dawn imports' }],
      });
    if (!file.headers.includes(header))
      throw new DomainError(
        'VALIDATION_FAILED',
        `mapping.${field}: the file has no column “${header}”`,
        { issues: [{ path: `mapping.${field}`, message: `the file has no column “${header}”` }] },
      );
  }
  const missing = unmappedRequiredFields(mapping, pipeline.specs);
  if (missing.length > 0)
    throw new DomainError(
      'VALIDATION_FAILED',
      `mapping: choose the column for ${missing.join(', ')}`,
      {
        issues: missing.map((field) => ({
          path: `mapping.${field}`,
          message: 'choose its column',
        })),
      },
    );
  return mapping;
}
