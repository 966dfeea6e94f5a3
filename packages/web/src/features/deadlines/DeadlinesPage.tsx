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
import { intlLocale } from '../../i18n/number-system.ts';

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
  const { t, i18n } = useTranslation(DEADLINES_NAMESPACE);
  const numbers = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage));
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
  // The cards are counted by the server over every deadline the user may see, not from a page.
  const summary = useQuery({
    queryKey: ['obligations', 'summary'],
    queryFn: deadlinesApi.summary,
  });
  const counts = [
    { label: t('summary.overdue'), value: summary.data?.overdue, colour: 'red' },
    { label: t('summary.dueWeek'), value: summary.data?.dueWithinWeek, colour: 'orange' },
    { label: t('summary.open'), value: summary.data?.open, colour: 'blue' },
    { label: t('summary.metLate'), value: summary.data?.metLate, colour: 'yellow' },
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
              {count.value === undefined ? '…' : numbers.format(count.value)}
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
      {summary.error ? <ErrorAlert error={summary.error} /> : null}
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
