import { personsWithinBatch } from '@dawn/core';
import { refuse } from './import-classify.ts';
import type { CheckedRow } from './import-pipeline.ts';
import { accusedIdentity } from './legal-case-import.writer.ts';
import type { LegalCaseRowValue } from './legal-case.pipeline.ts';

/**
 * Checks across the rows of one legal-case file, in memory: an FIR or a CNR twice, and the same
 * accused on several cases.
 */
/**
 * Two rows of one file for one FIR, or one CNR, would break its uniqueness: the later one is
 * refused.
 */
export function markSameFir(rows: CheckedRow<LegalCaseRowValue>[]): void {
  const first = new Map<string, number>();
  const firstCnr = new Map<string, number>();
  for (const row of rows) {
    const cnr = row.value?.cnr;
    if (row.value && cnr) {
      const earlier = firstCnr.get(cnr);
      if (earlier === undefined) firstCnr.set(cnr, row.row);
      else {
        refuse(row, {
          row: row.row,
          column: row.value.columns.cnr,
          code: 'cnr_exists',
          value: cnr,
          otherRow: earlier,
          reason: `is the CNR of row ${String(earlier)} too; one legal case per CNR`,
        });
        continue;
      }
    }
    const fir = row.value?.fir;
    if (!row.value || !fir || !row.value.policeStationName) continue;
    const key = [
      row.value.policeStationName.toLowerCase(),
      row.value.district?.toLowerCase() ?? '',
      fir.year,
      fir.number,
    ].join('|');
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, row.row);
      continue;
    }
    refuse(row, {
      row: row.row,
      column: row.value.columns.firNumber,
      code: 'fir_exists',
      value: fir.number,
      otherRow: earlier,
      reason: `is the FIR of row ${earlier} too; one legal case per FIR`,
    });
  }
}

/**
 * The same accused on two cases of the batch is one person: a name written the same as on an
 * earlier row is that row's accused; a likely but not certain match waits for review (in memory,
 * as the persons import matches a file's rows; rows already found to be someone stored are out).
 */
export function markAccusedWithinBatch(rows: CheckedRow<LegalCaseRowValue>[]): void {
  const found = personsWithinBatch(
    rows.map((row) => row.value?.accused.map((name) => accusedIdentity(name))),
    rows.map((row) => row.row),
  );
  const externalIdOf = new Map(rows.map((row) => [row.row, row.value?.externalId ?? '']));
  rows.forEach((row, index) => {
    const persons = found[index];
    if (!row.value || !persons) return;
    if ('review' in persons) {
      const { otherRow, score } = persons.review;
      refuse(row, {
        row: row.row,
        column: row.value.columns.accused,
        code: 'duplicate_in_file',
        otherRow,
        score,
        reason: `may name the same person as row ${String(otherRow)} (similarity ${String(score)}); review before importing`,
      });
      return;
    }
    row.value.accusedSameAs = persons.persons.map((at) =>
      at ? { externalId: externalIdOf.get(at.row) ?? '', position: at.position } : undefined,
    );
  });
}
