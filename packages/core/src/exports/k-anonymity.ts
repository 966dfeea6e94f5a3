import { DomainError } from '../errors.ts';

/**
 * k-anonymity by local suppression (docs/exports.md, "CTDC-style dataset"). It works on the
 * histogram of quasi-identifier combinations, not on records, so its memory grows with the number
 * of distinct combinations and an export can stream the records through it twice.
 *
 * While a combination (an equivalence class) holds fewer than k records, its next quasi-identifier
 * in `suppressionOrder` is blanked, merging it into a more general class. Classes already at k or
 * more never lose records, so they never fall below k again. When every quasi-identifier is blank
 * and the class is still under k, its records are dropped (record suppression).
 */

/** The smallest k a published file may use: CTDC's k = 11. */
export const MIN_PUBLISHED_K = 11;

export type QuasiIdentifiers = readonly (string | null)[];

export interface SuppressionPlan {
  readonly k: number;
  /** The published values of an input combination, or null when its records are dropped. */
  generalise(values: QuasiIdentifiers): QuasiIdentifiers | null;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly recordsSuppressed: number;
  /** Cells with a value that publication blanks (in the records that are kept). */
  readonly cellsSuppressed: number;
  /** Sizes of the published equivalence classes: size → how many classes have it. */
  readonly classSizes: ReadonlyMap<number, number>;
}

export const keyOf = (values: QuasiIdentifiers): string => JSON.stringify(values);

export function assertPublishableK(k: number): void {
  if (!Number.isInteger(k) || k < MIN_PUBLISHED_K) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `k must be a whole number of at least ${MIN_PUBLISHED_K} for a published file`,
      { issues: [{ path: 'k', message: `must be at least ${MIN_PUBLISHED_K}` }] },
    );
  }
}

/**
 * @param histogram input combinations (keyOf) and how many records have each
 * @param suppressionOrder quasi-identifier positions, the first blanked first
 */
export function planSuppression(
  histogram: ReadonlyMap<string, number>,
  k: number,
  suppressionOrder: readonly number[],
): SuppressionPlan {
  assertPublishableK(k);
  // current class → the input combinations it holds, and its record count
  let classes = new Map<string, { values: QuasiIdentifiers; count: number; members: string[] }>();
  for (const [key, count] of histogram) {
    classes.set(key, { values: JSON.parse(key) as QuasiIdentifiers, count, members: [key] });
  }
  for (const position of suppressionOrder) {
    if (![...classes.values()].some((entry) => entry.count < k)) break;
    const next = new Map<string, { values: QuasiIdentifiers; count: number; members: string[] }>();
    for (const entry of classes.values()) {
      const values =
        entry.count < k
          ? entry.values.map((value, index) => (index === position ? null : value))
          : entry.values;
      const key = keyOf(values);
      const merged = next.get(key);
      if (merged) {
        merged.count += entry.count;
        merged.members.push(...entry.members);
      } else {
        next.set(key, { values, count: entry.count, members: [...entry.members] });
      }
    }
    classes = next;
  }
  const published = new Map<string, QuasiIdentifiers | null>();
  const classSizes = new Map<number, number>();
  let recordsIn = 0;
  let recordsOut = 0;
  let cellsSuppressed = 0;
  for (const entry of classes.values()) {
    const kept = entry.count >= k;
    recordsIn += entry.count;
    if (kept) {
      recordsOut += entry.count;
      classSizes.set(entry.count, (classSizes.get(entry.count) ?? 0) + 1);
    }
    for (const member of entry.members) {
      published.set(member, kept ? entry.values : null);
      if (!kept) continue;
      const original = JSON.parse(member) as QuasiIdentifiers;
      const blanked = original.filter(
        (value, index) => value !== null && entry.values[index] === null,
      ).length;
      cellsSuppressed += blanked * (histogram.get(member) ?? 0);
    }
  }
  return {
    k,
    generalise: (values) => {
      // A combination first seen after the counting pass (a case recorded meanwhile) is dropped:
      // it was never counted, so it cannot be shown to be in a class of k.
      return published.get(keyOf(values)) ?? null;
    },
    recordsIn,
    recordsOut,
    recordsSuppressed: recordsIn - recordsOut,
    cellsSuppressed,
    classSizes,
  };
}

/** The check a written file must pass: every combination occurs at least k times. */
export function smallestClass(histogram: ReadonlyMap<string, number>): number | null {
  let smallest: number | null = null;
  for (const count of histogram.values()) {
    if (smallest === null || count < smallest) smallest = count;
  }
  return smallest;
}
