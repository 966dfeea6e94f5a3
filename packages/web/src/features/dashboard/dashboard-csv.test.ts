import { describe, expect, it } from 'vitest';
import { tableCsv, type DashboardTable } from './dashboard.api.ts';

describe('a dashboard table downloaded as CSV', () => {
  const table = {
    rows: ['পূর্ব মেদিনীপুর', '=HYPERLINK("http://example.invalid","Open")'],
    columns: ['2025', '2026'],
    cells: [
      [3, 4],
      [1, 0],
    ],
    rowTotals: [7, 1],
    columnTotals: [4, 4],
    total: 8,
  } satisfies DashboardTable;

  it('opens in Excel as UTF-8 (Bengali district names intact) and runs no typed name as a formula', () => {
    const csv = tableCsv(table, (key) => key, 'মোট');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\n')).toEqual([
      ',2025,2026,মোট',
      'পূর্ব মেদিনীপুর,3,4,7',
      `"'=HYPERLINK(""http://example.invalid"",""Open"")",1,0,1`,
      'মোট,4,4,8',
    ]);
  });
});
