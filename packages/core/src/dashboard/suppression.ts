/**
 * Small-number suppression for published counts (CTDC practice): a count from 1 to 10 could point
 * at a person, so it is shown as "<11"; and where a total is published beside it, other cells are
 * withheld too ("complementary" suppression) so the small one cannot be worked out by subtraction.
 * Zero is shown: it names nobody. Staff who may see the cases get exact numbers (`exact: true`).
 */
export const SMALL_NUMBER_LIMIT = 11;

export type Cell =
  | { kind: 'exact'; value: number }
  /** 1 to 10: shown as "<11". */
  | { kind: 'small' }
  /** Withheld so that a small cell cannot be derived from a total. */
  | { kind: 'withheld' };

export const isSmall = (value: number): boolean => value > 0 && value < SMALL_NUMBER_LIMIT;

export function cellText(cell: Cell): string {
  switch (cell.kind) {
    case 'exact':
      return String(cell.value);
    case 'small':
      return '<11';
    case 'withheld':
      return '–';
    default: {
      const unreachable: never = cell;
      return unreachable;
    }
  }
}

/** The number when it may be shown, else null (charts draw nothing for it). */
export const cellValue = (cell: Cell): number | null => (cell.kind === 'exact' ? cell.value : null);

export interface CountTable {
  rows: string[];
  columns: string[];
  /** values[row][column], counts ≥ 0. */
  values: number[][];
}

export interface PublishedTable {
  rows: string[];
  columns: string[];
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell;
}

const exact = (value: number): Cell => ({ kind: 'exact', value });

/**
 * A table with its row, column and grand totals, suppressed when `exact` is false. Every line
 * (a row with its total, a column with its total) with exactly one hidden member gets a second
 * one hidden: the smallest other member, so the least information is lost. Repeated until no
 * line has a lone hidden member.
 */
export function publishTable(table: CountTable, options: { exact: boolean }): PublishedTable {
  const rowCount = table.rows.length;
  const columnCount = table.columns.length;
  // The grid with totals, flat: row rowCount holds the column totals, column columnCount the row
  // totals, and their corner the grand total.
  const width = columnCount + 1;
  const position = (row: number, column: number) => row * width + column;
  const grid = new Array<number>((rowCount + 1) * width).fill(0);
  for (let row = 0; row < rowCount; row += 1) {
    for (let column = 0; column < columnCount; column += 1) {
      const value = table.values[row]?.[column] ?? 0;
      grid[position(row, column)] = value;
      grid[position(row, columnCount)] = (grid[position(row, columnCount)] ?? 0) + value;
      grid[position(rowCount, column)] = (grid[position(rowCount, column)] ?? 0) + value;
      grid[position(rowCount, columnCount)] = (grid[position(rowCount, columnCount)] ?? 0) + value;
    }
  }
  const valueAt = (index: number) => grid[index] ?? 0;
  const hidden: ('small' | 'withheld' | null)[] = grid.map((value) =>
    !options.exact && isSmall(value) ? 'small' : null,
  );
  const isHidden = (index: number) => (hidden[index] ?? null) !== null;
  if (!options.exact) {
    // Each line lists its cells, then its total last.
    const lines: number[][] = [];
    for (let row = 0; row <= rowCount; row += 1) {
      lines.push(Array.from({ length: width }, (_, column) => position(row, column)));
    }
    for (let column = 0; column <= columnCount; column += 1) {
      lines.push(Array.from({ length: rowCount + 1 }, (_, row) => position(row, column)));
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        if (line.filter(isHidden).length !== 1) continue;
        // The smallest visible cell; the line's total only when no cell is left.
        const candidates = line
          .slice(0, -1)
          .filter((index) => !isHidden(index))
          .sort((left, right) => valueAt(left) - valueAt(right));
        const chosen = candidates[0] ?? line[line.length - 1];
        if (chosen === undefined || isHidden(chosen)) continue;
        hidden[chosen] = 'withheld';
        changed = true;
      }
    }
  }
  const cellAt = (row: number, column: number): Cell => {
    const mark = hidden[position(row, column)] ?? null;
    return mark === null ? exact(valueAt(position(row, column))) : { kind: mark };
  };
  return {
    rows: table.rows,
    columns: table.columns,
    cells: table.rows.map((_, row) => table.columns.map((__, column) => cellAt(row, column))),
    rowTotals: table.rows.map((_, row) => cellAt(row, columnCount)),
    columnTotals: table.columns.map((_, column) => cellAt(rowCount, column)),
    total: cellAt(rowCount, columnCount),
  };
}

/**
 * A running total (e.g. survivors restored, cumulative over the years): each step is a count in
 * itself, so a value is shown only when it differs from the last shown value by 0 or by 11 or more;
 * otherwise it is "<11" (if it is itself under 11) or withheld.
 */
export function publishCumulative(values: readonly number[], options: { exact: boolean }): Cell[] {
  if (options.exact) return values.map(exact);
  let lastShown = 0;
  return values.map((value) => {
    const step = value - lastShown;
    if (isSmall(value)) return { kind: 'small' };
    if (isSmall(step)) return { kind: 'withheld' };
    lastShown = value;
    return exact(value);
  });
}

/**
 * A statistic over cases (a median, a 90th percentile, a mean): shown only when it rests on at
 * least 11 cases, since a median of three is close to one person's story.
 */
export function publishStatistic(
  value: number | null,
  cases: number,
  options: { exact: boolean },
): number | null {
  if (value === null) return null;
  return options.exact || cases === 0 || cases >= SMALL_NUMBER_LIMIT ? value : null;
}

/**
 * A share (e.g. conviction rate = convictions / verdicts), in percent with one decimal. Hidden when
 * the part or the rest is a small number: with the whole known, either would reveal the other.
 */
export function publishShare(
  part: number,
  whole: number,
  options: { exact: boolean },
): number | null {
  if (whole === 0) return null;
  if (!options.exact && (isSmall(part) || isSmall(whole - part))) return null;
  return Math.round((part / whole) * 1000) / 10;
}
