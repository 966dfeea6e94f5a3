import { likelyDuplicateScore } from '../identity/likely-duplicate.ts';
import {
  duplicatesWithinFile,
  type DuplicateThreshold,
  type FileIdentity,
} from './within-file-duplicates.ts';

/** A person a row names (an accused, say), with what the sheet gave about them. */
export interface NamedInRow extends FileIdentity {
  ageBand?: string;
}

/** Where a person named on a row was first named: the earlier row and the name's position there. */
export interface NamedAt {
  row: number;
  position: number;
}

/**
 * What the persons a row names are, against the rows above it in the same batch: each one new
 * (undefined) or the very person of an earlier row, or the row waits for review because one of its
 * names is likely, but not surely, someone an earlier row names.
 */
export type PersonsOfRow =
  { persons: (NamedAt | undefined)[] } | { review: { otherRow: number; score: number } };

/**
 * Written the same: the same letters and digits in the same order, whatever the case, spacing and
 * punctuation ("RAJU  SK." is "Raju Sk"), and the same phone and age band when the sheet gives
 * them. Spelling variants ("Sk" and "Sheikh") are not the same writing: they are only likely.
 */
export function writtenIdentityKey(person: NamedInRow): string {
  const name = person.legalName
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
  const phones = person.phones.map((phone) => phone.replace(/\D+/gu, '')).sort();
  return JSON.stringify([name, phones, person.ageBand ?? '']);
}

/**
 * The persons several rows of one batch name (the accused of a register of legal cases), matched
 * across the rows as the persons import matches a file's rows: a name written the same as on an
 * earlier row is that row's person (one person, not two); a name the similar-person rule finds
 * likely to be someone an earlier row names (each pair held to `likelyDuplicateScore`), without
 * being written the same, puts its row up for review, and nothing of that row is created. Two
 * names on one row are two persons even when written the same (two accused may share a name).
 *
 * `rows[i]` are the names of the i-th row in play (undefined for a row that is not); returns per
 * row what its names are, positions as in `rows[i]`, rows numbered by `rowNumbers[i]`.
 */
export function personsWithinBatch(
  rows: readonly (readonly NamedInRow[] | undefined)[],
  rowNumbers: readonly number[],
  threshold: DuplicateThreshold = likelyDuplicateScore,
): (PersonsOfRow | undefined)[] {
  const occurrences = rows.flatMap((names, index) =>
    (names ?? []).map((person, position) => ({ index, position, person })),
  );
  const twins = duplicatesWithinFile(
    occurrences.map(({ person }) => person),
    threshold,
  );
  const twinOf = new Map(
    occurrences.map((occurrence, flat) => [
      `${occurrence.index}:${occurrence.position}`,
      twins[flat],
    ]),
  );
  /** First named on a row that goes in, by how it is written. */
  const firstWritten = new Map<string, NamedAt & { index: number }>();
  return rows.map((names, index): PersonsOfRow | undefined => {
    if (!names) return undefined;
    const rowNumber = rowNumbers[index] ?? index;
    const persons: (NamedAt | undefined)[] = [];
    const keys: string[] = [];
    for (const [position, person] of names.entries()) {
      const key = writtenIdentityKey(person);
      keys.push(key);
      const same = firstWritten.get(key);
      if (same && same.index !== index) {
        persons.push({ row: same.row, position: same.position });
        continue;
      }
      const twin = twinOf.get(`${String(index)}:${String(position)}`);
      const earlier = twin ? occurrences[twin.earlier] : undefined;
      // A likely twin on a row that goes in, or on a row itself waiting for review: either way
      // this row waits too, rather than create someone who may already be on the batch.
      if (twin && earlier && earlier.index !== index)
        return {
          review: { otherRow: rowNumbers[earlier.index] ?? earlier.index, score: twin.score },
        };
      persons.push(undefined);
    }
    keys.forEach((key, position) => {
      if (persons[position] === undefined && !firstWritten.has(key))
        firstWritten.set(key, { row: rowNumber, position, index });
    });
    return { persons };
  });
}
