import { SimpleGrid, type SimpleGridProps } from '@mantine/core';
import { ChartCard } from './ChartCard.tsx';
import type { Dashboard, DashboardTable } from './dashboard.api.ts';

/** One figure: its table in the dashboard, found the same way in the published version. */
export interface ChartSpec {
  id: string;
  title: string;
  pick: (dashboard: Dashboard) => DashboardTable;
  note?: string;
}

/**
 * A row of the dashboard's figures, each a chart card over one table; a card's downloads carry
 * the same table from the partner-safe dashboard (`published`), whoever is looking.
 */
export function DashboardCharts({
  data,
  published,
  label,
  charts,
  cols = 1,
}: {
  data: Dashboard;
  published: () => Promise<Dashboard>;
  label: (key: string) => string;
  charts: ChartSpec[];
  cols?: SimpleGridProps['cols'];
}) {
  return (
    <SimpleGrid cols={cols}>
      {charts.map((chart) => (
        <ChartCard
          key={chart.id}
          id={chart.id}
          title={chart.title}
          {...(chart.note === undefined ? {} : { note: chart.note })}
          table={chart.pick(data)}
          published={async () => chart.pick(await published())}
          label={label}
        />
      ))}
    </SimpleGrid>
  );
}
