import {
  Card,
  Group,
  Loader,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { deadlinesApi, type ObligationFilters } from './deadlines.api.ts';
import { DEADLINES_NAMESPACE } from './deadlines.i18n.ts';
import { ObligationsTable } from './ObligationsTable.tsx';

type View = 'overdue' | 'soon' | 'open' | 'met' | 'all';

function filtersFor(view: View, days: number): ObligationFilters {
  switch (view) {
    case 'overdue':
      return { status: ['overdue'] };
    case 'soon':
      return { dueWithinDays: days };
    case 'open':
      return { status: ['open', 'overdue'] };
    case 'met':
      return { status: ['met', 'met_late'] };
    case 'all':
      return {};
  }
}

/** The cross-case list: what is overdue or due soon on every case the user may see. */
export function DeadlinesPage() {
  const { t } = useTranslation(DEADLINES_NAMESPACE);
  const [view, setView] = useState<View>('soon');
  const [days, setDays] = useState(14);
  const list = useQuery({
    queryKey: ['obligations', view, days],
    queryFn: () => deadlinesApi.obligations({ ...filtersFor(view, days), fields: 'list' }),
    placeholderData: keepPreviousData,
  });
  // The summary counts every open or late deadline once, whatever the list shows.
  const summary = useQuery({
    queryKey: ['obligations', 'summary'],
    queryFn: () =>
      deadlinesApi.obligations({ status: ['open', 'overdue', 'met_late'], fields: 'list' }),
  });
  const all = summary.data?.obligations ?? [];
  const counts = [
    {
      label: t('summary.overdue'),
      value: all.filter((entry) => entry.status === 'overdue').length,
      colour: 'red',
    },
    {
      label: t('summary.dueWeek'),
      value: all.filter((entry) => entry.status === 'open' && (entry.daysLeft ?? 99) < 7).length,
      colour: 'orange',
    },
    {
      label: t('summary.open'),
      value: all.filter((entry) => entry.status === 'open').length,
      colour: 'blue',
    },
    {
      label: t('summary.metLate'),
      value: all.filter((entry) => entry.status === 'met_late').length,
      colour: 'yellow',
    },
  ];

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Text c="dimmed">{t('intro')}</Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {counts.map((count) => (
          <Card
            key={count.label}
            withBorder
            padding="sm"
            style={{ borderLeft: `4px solid var(--mantine-color-${count.colour}-6)` }}
          >
            <Text size="xs" c="dimmed">
              {count.label}
            </Text>
            <Text size="xl" fw={700} c={`${count.colour}.8`}>
              {summary.isLoading ? '…' : count.value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Group align="end">
        <SegmentedControl
          aria-label={t('filters.label')}
          value={view}
          onChange={(value) => setView(value)}
          data={[
            { value: 'overdue', label: t('filters.overdue') },
            { value: 'soon', label: t('filters.soon', { days }) },
            { value: 'open', label: t('filters.open') },
            { value: 'met', label: t('filters.met') },
            { value: 'all', label: t('filters.all') },
          ]}
        />
        {view === 'soon' ? (
          <NumberInput
            label={t('filters.days')}
            value={days}
            min={1}
            max={365}
            w={120}
            onChange={(value) => setDays(typeof value === 'number' && value >= 1 ? value : 14)}
          />
        ) : null}
      </Group>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.isLoading ? <Loader aria-label="…" /> : null}
      {list.data ? <ObligationsTable obligations={list.data.obligations} /> : null}
    </Stack>
  );
}
