import { spreadsheetSafeText, UTF8_BOM } from '@dawn/core';
import { useTranslation } from 'react-i18next';

/** The dashboard's strings live under `dashboard` (i18n/features/dashboard). */
export function useDashboardT() {
  return useTranslation(undefined, { keyPrefix: 'dashboard' });
}

/** A count as published: the number, "<11", or "–" (withheld). Mirrors dashboard.schemas.ts. */
export type PublishedCell = number | '<11' | '–';

export interface DashboardTable {
  rows: string[];
  columns: string[];
  cells: PublishedCell[][];
  rowTotals: PublishedCell[];
  columnTotals: PublishedCell[];
  total: PublishedCell;
}

interface Interval {
  cases: PublishedCell;
  medianDays: number | null;
  p90Days: number | null;
}

export interface Dashboard {
  exact: boolean;
  period: { from: string; to: string };
  rescues: DashboardTable;
  inCareByPhase: DashboardTable;
  restored: {
    rule: string;
    years: number[];
    perYear: PublishedCell[];
    cumulative: PublishedCell[];
  };
  legal: {
    firToChargesheet: Interval & { within60Share: number | null; within90Share: number | null };
    firToVerdict: Interval;
    counts: DashboardTable;
    hearings: DashboardTable;
    verdicts: DashboardTable;
    convictionRate: number | null;
  };
  /** Re-trafficking alerts raised and confirmed as the same person, in the period. */
  retrafficking: DashboardTable;
  compensation: {
    counts: DashboardTable;
    amountAwarded: number | null;
    amountDisbursed: number | null;
    medianDaysToAward: number | null;
    medianDaysToPayment: number | null;
  };
  deadlines: {
    by: 'district' | 'police_station' | 'court';
    byRule: DashboardTable;
    byPlace: DashboardTable;
    byYear: DashboardTable;
  };
  trainings: {
    byCadreAndDistrict: DashboardTable;
    meanKnowledgeGain: number | null;
    tested: PublishedCell;
  };
}

/** CSV of a published table (quoted where needed), with its totals. */
export function tableCsv(
  table: DashboardTable,
  label: (key: string) => string,
  totalLabel: string,
): string {
  // Labels are names people typed (a district, a police station): never run as a formula.
  const quote = (raw: string) => {
    const text = spreadsheetSafeText(raw);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    ['', ...table.columns.map(label), totalLabel],
    ...table.rows.map((row, index) => [
      label(row),
      ...(table.cells[index] ?? []).map(String),
      String(table.rowTotals[index] ?? ''),
    ]),
    [totalLabel, ...table.columnTotals.map(String), String(table.total)],
  ];
  // The mark first: Excel reads a CSV without it in the machine's code page, not UTF-8.
  return UTF8_BOM + lines.map((line) => line.map(quote).join(',')).join('\n');
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * A bar chart of a published table drawn on a canvas, as PNG: drawn from the partner-safe figures,
 * so "<11" and withheld cells are labelled, never drawn to scale.
 */
export async function tablePng(
  table: DashboardTable,
  title: string,
  label: (key: string) => string,
): Promise<Blob> {
  const bars = table.rows.flatMap((row, rowIndex) =>
    table.columns.map((column, columnIndex) => ({
      name: table.columns.length > 1 ? `${label(row)} · ${label(column)}` : label(row),
      cell: table.cells[rowIndex]?.[columnIndex] ?? 0,
    })),
  );
  const width = 800;
  const rowHeight = 28;
  const height = 60 + bars.length * rowHeight;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#111';
  context.font = 'bold 16px sans-serif';
  context.fillText(title, 16, 28);
  const largest = Math.max(1, ...bars.map((bar) => (typeof bar.cell === 'number' ? bar.cell : 0)));
  context.font = '13px sans-serif';
  bars.forEach((bar, index) => {
    const y = 50 + index * rowHeight;
    context.fillStyle = '#111';
    context.fillText(bar.name.slice(0, 40), 16, y + 16);
    if (typeof bar.cell === 'number') {
      context.fillStyle = '#4c6ef5';
      context.fillRect(300, y + 4, (bar.cell / largest) * 420, 16);
    }
    context.fillStyle = '#111';
    context.fillText(
      String(bar.cell),
      typeof bar.cell === 'number' ? 300 + (bar.cell / largest) * 420 + 6 : 300,
      y + 16,
    );
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no image'))), 'image/png'),
  );
}
