import { Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type LegendPayload,
} from 'recharts';
import {
  download,
  tableCsv,
  tablePng,
  useDashboardT,
  type DashboardTable,
} from './dashboard.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

const COLOURS = ['#4c6ef5', '#f76707', '#12b886', '#ae3ec9', '#fab005', '#868e96'];

/**
 * The chart's series, each a colour swatch and its name. Recharts' own legend names every swatch
 * "<series> legend icon", which a screen reader says in English in the Bengali UI: the swatches
 * here are hidden from it, and the names read as a list.
 */
function SeriesLegend({ payload }: { payload: readonly LegendPayload[] }) {
  return (
    <Group
      component="ul"
      gap="md"
      justify="center"
      style={{ listStyle: 'none', margin: 0, padding: 0 }}
    >
      {payload.map((entry) => (
        <Group component="li" key={entry.value} gap={6} wrap="nowrap">
          <span
            aria-hidden="true"
            style={{ width: 12, height: 12, borderRadius: 2, background: entry.color }}
          />
          <Text size="sm" span>
            {entry.value}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

/**
 * One figure of the dashboard: a bar chart or its table, with CSV and PNG downloads. Downloads
 * always carry the partner-safe figures (`published`), whoever is looking.
 */
export function ChartCard({
  id,
  title,
  table,
  published,
  label,
  note,
}: {
  id: string;
  title: string;
  table: DashboardTable;
  /** Fetches the partner-safe version of this table for a download. */
  published: () => Promise<DashboardTable>;
  label: (key: string) => string;
  note?: string;
}) {
  const { t, i18n } = useDashboardT();
  // Counts in the reader's digits and grouping; "<11" and "–" as they are.
  const numbers = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage));
  const written = (value: number | string | undefined) =>
    typeof value === 'number' ? numbers.format(value) : (value ?? '');
  const [view, setView] = useState<'chart' | 'table'>('chart');
  // Hidden cells ("<11", "–") are not drawn to scale: their bars are empty.
  const data = table.rows.map((row, rowIndex) => {
    const point: Record<string, string | number> = { name: label(row) };
    table.columns.forEach((column, columnIndex) => {
      const cell = table.cells[rowIndex]?.[columnIndex];
      point[column] = typeof cell === 'number' ? cell : 0;
    });
    return point;
  });
  const downloadCsv = async () => {
    const safe = await published();
    download(`${id}.csv`, new Blob([tableCsv(safe, label, t('total'))], { type: 'text/csv' }));
  };
  const downloadPng = async () => {
    download(`${id}.png`, await tablePng(await published(), title, label));
  };
  const empty = table.rows.length === 0;
  return (
    <Card withBorder className="dashboard-card" data-testid={`figure-${id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>{title}</Title>
          <Group gap="xs" className="no-print">
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(value) => setView(value === 'table' ? 'table' : 'chart')}
              data={[
                { value: 'chart', label: t('view.chart') },
                { value: 'table', label: t('view.table') },
              ]}
            />
            <Button size="xs" variant="default" disabled={empty} onClick={() => void downloadCsv()}>
              {t('download.csv')}
            </Button>
            <Button size="xs" variant="default" disabled={empty} onClick={() => void downloadPng()}>
              {t('download.png')}
            </Button>
          </Group>
        </Group>
        {note && (
          <Text size="sm" c="dimmed">
            {note}
          </Text>
        )}
        {empty ? (
          <Text c="dimmed">{t('noData')}</Text>
        ) : view === 'chart' ? (
          <div className="chart-only" style={{ width: '100%', height: 240 }}>
            <ResponsiveContainer>
              <BarChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis allowDecimals={false} tickFormatter={(value: number) => written(value)} />
                <Tooltip
                  formatter={(value) => (typeof value === 'number' ? written(value) : value)}
                />
                {table.columns.length > 1 && (
                  <Legend content={({ payload }) => <SeriesLegend payload={payload ?? []} />} />
                )}
                {table.columns.map((column, index) => (
                  <Bar
                    key={column}
                    dataKey={column}
                    name={label(column)}
                    fill={COLOURS[index % COLOURS.length]}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        ) : null}
        {!empty && (
          <div className={view === 'table' ? '' : 'print-only'}>
            <Table.ScrollContainer minWidth={300}>
              <Table striped withTableBorder aria-label={title}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    {table.columns.map((column) => (
                      <Table.Th key={column}>{label(column)}</Table.Th>
                    ))}
                    <Table.Th>{t('total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {table.rows.map((row, rowIndex) => (
                    <Table.Tr key={row}>
                      <Table.Th>{label(row)}</Table.Th>
                      {table.columns.map((column, columnIndex) => (
                        <Table.Td key={column}>
                          {written(table.cells[rowIndex]?.[columnIndex])}
                        </Table.Td>
                      ))}
                      <Table.Td>{written(table.rowTotals[rowIndex])}</Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr>
                    <Table.Th>{t('total')}</Table.Th>
                    {table.columnTotals.map((cell, index) => (
                      <Table.Td key={table.columns[index] ?? index}>{written(cell)}</Table.Td>
                    ))}
                    <Table.Td>{written(table.total)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
        )}
      </Stack>
    </Card>
  );
}
