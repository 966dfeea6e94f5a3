import { describe, expect, it } from 'vitest';
import {
  cellText,
  publishCumulative,
  publishShare,
  publishStatistic,
  publishTable,
  type PublishedTable,
} from './suppression.ts';

const texts = (table: PublishedTable) => ({
  cells: table.cells.map((row) => row.map(cellText)),
  rowTotals: table.rowTotals.map(cellText),
  columnTotals: table.columnTotals.map(cellText),
  total: cellText(table.total),
});

/** Whether any hidden cell can be worked out from what is shown (one unknown in a line). */
function derivable(table: PublishedTable): boolean {
  const grid = [
    [...table.cells.map((row, index) => [...row, table.rowTotals[index]])],
    [[...table.columnTotals, table.total]],
  ].flat();
  const lines = [...grid, ...(grid[0] ?? []).map((_, column) => grid.map((row) => row[column]))];
  return lines.some((line) => line.filter((cell) => cell?.kind !== 'exact').length === 1);
}

describe('small-number suppression', () => {
  const districts = {
    rows: ['Fictionpur', 'Nowhere'],
    columns: ['police', 'prosecutor', 'judge'],
    values: [
      [40, 3, 25],
      [30, 20, 12],
    ],
  };

  it('staff see exact numbers, totals included', () => {
    expect(texts(publishTable(districts, { exact: true }))).toEqual({
      cells: [
        ['40', '3', '25'],
        ['30', '20', '12'],
      ],
      rowTotals: ['68', '62'],
      columnTotals: ['70', '23', '37'],
      total: '130',
    });
  });

  it('a partner sees "<11" for 3 and a second cell withheld in its row and its column', () => {
    const published = publishTable(districts, { exact: false });
    expect(texts(published)).toEqual({
      cells: [
        ['40', '<11', '–'],
        ['30', '–', '–'],
      ],
      rowTotals: ['68', '62'],
      columnTotals: ['70', '23', '37'],
      total: '130',
    });
    expect(derivable(published)).toBe(false);
  });

  it('a small total is itself "<11", and zeros stay visible', () => {
    const published = publishTable(
      { rows: ['A'], columns: ['x', 'y'], values: [[0, 4]] },
      { exact: false },
    );
    expect(texts(published)).toEqual({
      cells: [['0', '<11']],
      rowTotals: ['<11'],
      columnTotals: ['0', '<11'],
      total: '<11',
    });
  });

  it('no small cell can be derived from totals, whatever the table', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 300; trial += 1) {
      const rows = 1 + Math.floor(random() * 4);
      const columns = 1 + Math.floor(random() * 5);
      const values = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () => Math.floor(random() * (random() < 0.5 ? 12 : 60))),
      );
      const published = publishTable(
        {
          rows: values.map((_, index) => `r${index}`),
          columns: (values[0] ?? []).map((_, index) => `c${index}`),
          values,
        },
        { exact: false },
      );
      expect(derivable(published)).toBe(false);
      for (const row of published.cells)
        for (const cell of row)
          if (cell.kind === 'exact') expect(cell.value === 0 || cell.value >= 11).toBe(true);
    }
  });

  it('a running total hides a year that added fewer than 11', () => {
    expect(publishCumulative([5, 30, 35, 60], { exact: false }).map(cellText)).toEqual([
      '<11',
      '30',
      '–',
      '60',
    ]);
    expect(publishCumulative([5, 30, 35, 60], { exact: true }).map(cellText)).toEqual([
      '5',
      '30',
      '35',
      '60',
    ]);
  });

  it('a median rests on at least 11 cases; a share hides when part or rest is small', () => {
    expect(publishStatistic(54, 7, { exact: false })).toBeNull();
    expect(publishStatistic(54, 7, { exact: true })).toBe(54);
    expect(publishStatistic(54, 40, { exact: false })).toBe(54);
    expect(publishShare(45, 50, { exact: false })).toBeNull();
    expect(publishShare(45, 50, { exact: true })).toBe(90);
    expect(publishShare(30, 50, { exact: false })).toBe(60);
  });
});
