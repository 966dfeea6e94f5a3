import type { ImportProblemCode } from './import-cells.ts';
import type { LegalCaseImportField } from './legal-case-import-columns.ts';
import { importedCellList } from './legal-case-import-words.ts';

/**
 * A legal-case row's parties: its victims, by the external ids of persons imported earlier (V1,
 * V2, … in the cell's order), and its accused, by name as written (A1, A2, …), each checked for
 * length and number.
 */
export interface LegalCaseRowParties {
  victimExternalIds: string[];
  victimRefs: string[];
  accused: string[];
  accusedRefs: string[];
}

export function readLegalCaseParties(
  text: (field: LegalCaseImportField) => string,
  problem: (
    field: LegalCaseImportField,
    code: ImportProblemCode,
    reason: string,
    value?: string,
  ) => void,
): LegalCaseRowParties {
  const victimExternalIds = [...new Set(importedCellList(text('victimExternalId')))];
  for (const id of victimExternalIds)
    if (id.length > 100)
      problem('victimExternalId', 'too_long', 'is longer than 100 characters', id);
  if (victimExternalIds.length > 100)
    problem('victimExternalId', 'too_long', 'names more than 100 victims');
  const accused = importedCellList(text('accused'));
  for (const name of accused)
    if (name.length > 200) problem('accused', 'too_long', 'is longer than 200 characters', name);
  if (accused.length > 100) problem('accused', 'too_long', 'names more than 100 accused');
  return {
    victimExternalIds,
    victimRefs: victimExternalIds.map((_, index) => `V${String(index + 1)}`),
    accused,
    accusedRefs: accused.map((_, index) => `A${String(index + 1)}`),
  };
}
