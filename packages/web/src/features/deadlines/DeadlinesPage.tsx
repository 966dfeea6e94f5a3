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
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { oneOf, useUrlFilters } from '../../app/lists/useUrlFilters.ts';
import { DEADLINES_PAGE_SIZE, deadlinesApi, type ObligationFilters } from './deadlines.api.ts';
import { DEADLINES_NAMESPACE } from './deadlines.i18n.ts';
import { ObligationsTable } from './ObligationsTable.tsx';

const VIEWS = ['overdue', 'soon', 'open', 'met', 'all'] as const;
type View = (typeof VIEWS)[number];

/** The view and its days, kept in the URL (`?view=overdue`, `?view=soon&days=30`). */
function parseView(params: URLSearchParams): { view?: string; days?: string } {
  const days = params.get('days');
  return {
    view: oneOf(params.get('view'), VIEWS),
    days:
      days !== null && /^\d{1,3}$/.test(days) && Number(days) >= 1 && Number(days) <= 365
        ? days
        : undefined,
  };
}

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
  const { filters: chosen, setFilters } = useUrlFilters(parseView);
  const view: View = oneOf(chosen.view ?? null, VIEWS) ?? 'soon';
  const days = chosen.days === undefined ? 14 : Number(chosen.days);
  const setView = (next: View) => setFilters({ view: next, days: chosen.days });
  const setDays = (next: number) => setFilters({ view: chosen.view, days: String(next) });
  const pages = useKeysetPages(`${view} ${days}`);
  const list = useQuery({
    queryKey: ['obligations', view, days, pages.after],
    queryFn: () =>
      deadlinesApi.obligations({
        ...filtersFor(view, days),
        fields: 'list',
        limit: DEADLINES_PAGE_SIZE,
        after: pages.after,
      }),
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
          onChange={(value) => setView(oneOf(value, VIEWS) ?? 'soon')}
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
      {list.data && (list.data.obligations.length > 0 || pages.pageIndex > 0) ? (
        <KeysetPager
          pages={pages}
          pageSize={DEADLINES_PAGE_SIZE}
          rowCount={list.data.obligations.length}
          busy={list.isPlaceholderData}
          nextCursor={list.data.nextCursor}
          label={t('title')}
        />
      ) : null}
    </Stack>
  );
}
