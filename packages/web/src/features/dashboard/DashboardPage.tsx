import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { getJson, queryString } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate, startOfKolkataDay } from '../../app/format.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { isRuleId, restoredRuleText, ruleTitle } from '../deadlines/rule-labels.ts';
import { DashboardCharts, type ChartSpec } from './DashboardCharts.tsx';
import {
  useDashboardT,
  type Dashboard,
  type DashboardTable,
  type PublishedCell,
} from './dashboard.api.ts';
import './dashboard-print.css';

interface Organisation {
  id: string;
  name: string;
  kind: string;
}

interface Filters {
  from: string;
  to: string;
  district: string;
  policeStationId: string;
  courtId: string;
  organisationId: string;
  deadlinesBy: 'district' | 'police_station' | 'court';
}

function defaultFilters(): Filters {
  const today = new Date().toISOString().slice(0, 10);
  return {
    from: `${Number(today.slice(0, 4)) - 2}-01-01`,
    to: today,
    district: '',
    policeStationId: '',
    courtId: '',
    organisationId: '',
    deadlinesBy: 'police_station',
  };
}

const withoutEmpty = (filters: Filters) =>
  Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));

/**
 * Figures written as the reader's language writes numbers (Indian grouping, the digits chosen in
 * the header): "40,50,000", "৪০,৫০,০০০", "144.5".
 */
function numberWriters(locale: string) {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    show: (value: number | null, unit = '') =>
      value === null ? '—' : `${format.format(value)}${unit}`,
    cell: (value: PublishedCell) => (typeof value === 'number' ? format.format(value) : value),
  };
}

/** The justice-system dashboard: one page for a programme manager, partner-safe for others. */
export function DashboardPage() {
  const { t, i18n } = useDashboardT();
  const locale = intlLocale(i18n.resolvedLanguage);
  const { show, cell } = numberWriters(locale);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(defaultFilters);
  const [filters, setFilters] = useState(defaultFilters);
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: () => getJson<{ organisations: Organisation[] }>('/api/organisations'),
  });
  const dashboard = useQuery({
    queryKey: ['dashboard', filters],
    queryFn: () => getJson<Dashboard>(`/api/dashboard${queryString(withoutEmpty(filters))}`),
  });
  const published = async (): Promise<Dashboard> =>
    dashboard.data && !dashboard.data.exact
      ? dashboard.data
      : queryClient.query({
          queryKey: ['dashboard', filters, 'published'],
          queryFn: () =>
            getJson<Dashboard>(
              `/api/dashboard${queryString({ ...withoutEmpty(filters), published: 'true' })}`,
            ),
        });
  const label = (key: string) =>
    isRuleId(key) ? ruleTitle(i18n.t, key, key) : t(`labels.${key}`, { defaultValue: key });
  const of = (kind: string) =>
    (organisations.data?.organisations ?? []).filter((organisation) => organisation.kind === kind);
  const select = (name: 'policeStationId' | 'courtId' | 'organisationId', kinds: string[]) => (
    <NativeSelect
      label={t(`filters.${name}`)}
      value={draft[name]}
      onChange={(event) => setDraft({ ...draft, [name]: event.currentTarget.value })}
      data={[
        { value: '', label: t('filters.any') },
        ...kinds
          .flatMap(of)
          .map((organisation) => ({ value: organisation.id, label: organisation.name })),
      ]}
    />
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const data = dashboard.data;
  const charts = (specs: ChartSpec[], cols?: Parameters<typeof DashboardCharts>[0]['cols']) =>
    data && (
      <DashboardCharts
        data={data}
        published={published}
        label={label}
        charts={specs}
        {...(cols === undefined ? {} : { cols })}
      />
    );
  return (
    <Stack gap="lg" className="dashboard-page">
      <Group justify="space-between">
        <Title order={2}>{t('title')}</Title>
        <Button variant="default" className="no-print" onClick={() => window.print()}>
          {t('print')}
        </Button>
      </Group>
      <form onSubmit={submit} aria-label={t('filters.label')} className="no-print">
        <Group align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={t('filters.from')}
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('filters.to')}
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          />
          <TextInput
            label={t('filters.district')}
            value={draft.district}
            onChange={(event) => setDraft({ ...draft, district: event.currentTarget.value })}
          />
          {select('policeStationId', ['police_station', 'ahtu'])}
          {select('courtId', ['court'])}
          {select('organisationId', ['ngo'])}
          <NativeSelect
            label={t('filters.deadlinesBy')}
            value={draft.deadlinesBy}
            onChange={(event) =>
              setDraft({
                ...draft,
                deadlinesBy: event.currentTarget.value as Filters['deadlinesBy'],
              })
            }
            data={(['police_station', 'district', 'court'] as const).map((value) => ({
              value,
              label: label(value),
            }))}
          />
          <Button type="submit">{t('filters.apply')}</Button>
        </Group>
      </form>
      {dashboard.isPending && <Loader />}
      {dashboard.error && <ErrorAlert error={dashboard.error} />}
      {data && (
        <>
          <Text size="sm" c="dimmed">
            {t('period', {
              from: formatDate(startOfKolkataDay(data.period.from.slice(0, 10)), locale),
              to: formatDate(startOfKolkataDay(data.period.to.slice(0, 10)), locale),
            })}
          </Text>
          {!data.exact && <Alert color="blue">{t('suppressed')}</Alert>}
          <Title order={3}>{t('sections.care')}</Title>
          {charts(
            [
              { id: 'rescues', title: t('figures.rescues'), pick: (d) => d.rescues },
              { id: 'in-care', title: t('figures.inCare'), pick: (d) => d.inCareByPhase },
            ],
            { base: 1, md: 2 },
          )}
          {charts([
            {
              id: 'restored',
              title: t('figures.restored'),
              note: t('restoredRule', { rule: restoredRuleText(i18n.t, data.restored.rule) }),
              pick: restoredTable,
            },
          ])}
          {charts([
            {
              id: 'retrafficking',
              title: t('figures.retrafficking'),
              pick: (d) => d.retrafficking,
            },
          ])}
          <Title order={3}>{t('sections.legal')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <Figure
              title={t('stats.firToChargesheet')}
              value={t('stats.medianP90', {
                median: show(data.legal.firToChargesheet.medianDays),
                p90: show(data.legal.firToChargesheet.p90Days),
                cases: cell(data.legal.firToChargesheet.cases),
              })}
            />
            <Figure
              title={t('stats.within')}
              value={t('stats.withinValue', {
                within60: show(data.legal.firToChargesheet.within60Share, '%'),
                within90: show(data.legal.firToChargesheet.within90Share, '%'),
              })}
            />
            <Figure
              title={t('stats.firToVerdict')}
              value={t('stats.medianP90', {
                median: show(data.legal.firToVerdict.medianDays),
                p90: show(data.legal.firToVerdict.p90Days),
                cases: cell(data.legal.firToVerdict.cases),
              })}
            />
            <Figure
              title={t('stats.convictionRate')}
              value={show(data.legal.convictionRate, '%')}
            />
          </SimpleGrid>
          {charts(
            [
              { id: 'hearings', title: t('figures.hearings'), pick: (d) => d.legal.hearings },
              { id: 'verdicts', title: t('figures.verdicts'), pick: (d) => d.legal.verdicts },
              { id: 'court-counts', title: t('figures.courtCounts'), pick: (d) => d.legal.counts },
            ],
            { base: 1, md: 3 },
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {charts([
              {
                id: 'compensation',
                title: t('figures.compensation'),
                pick: (d) => d.compensation.counts,
              },
            ])}
            <Card withBorder>
              <Stack gap={4}>
                <Title order={4}>{t('stats.compensationDelays')}</Title>
                <Text>
                  {t('stats.daysToAward', { days: show(data.compensation.medianDaysToAward) })}
                </Text>
                <Text>
                  {t('stats.daysToPayment', { days: show(data.compensation.medianDaysToPayment) })}
                </Text>
                <Text>
                  {t('stats.amountAwarded', { amount: show(data.compensation.amountAwarded) })}
                </Text>
                <Text>
                  {t('stats.amountDisbursed', { amount: show(data.compensation.amountDisbursed) })}
                </Text>
              </Stack>
            </Card>
          </SimpleGrid>
          <Title order={3}>{t('sections.deadlines')}</Title>
          {charts([
            {
              id: 'deadlines-rule',
              title: t('figures.deadlinesByRule'),
              pick: (d) => d.deadlines.byRule,
            },
          ])}
          {charts(
            [
              {
                id: 'deadlines-place',
                title: t('figures.deadlinesByPlace', { place: label(data.deadlines.by) }),
                pick: (d) => d.deadlines.byPlace,
              },
              {
                id: 'deadlines-year',
                title: t('figures.deadlinesByYear'),
                pick: (d) => d.deadlines.byYear,
              },
            ],
            { base: 1, md: 2 },
          )}
          <Title order={3}>{t('sections.trainings')}</Title>
          <Figure
            title={t('stats.meanGain')}
            value={t('stats.gainValue', {
              gain: show(data.trainings.meanKnowledgeGain),
              tested: cell(data.trainings.tested),
            })}
          />
          {charts([
            {
              id: 'trained',
              title: t('figures.trained'),
              pick: (d) => d.trainings.byCadreAndDistrict,
            },
          ])}
        </>
      )}
    </Stack>
  );
}

function restoredTable(data: Dashboard): DashboardTable {
  return {
    rows: data.restored.years.map(String),
    columns: ['restored_in_year', 'restored_cumulative'],
    cells: data.restored.years.map((_, index) => [
      data.restored.perYear[index] ?? '–',
      data.restored.cumulative[index] ?? '–',
    ]),
    rowTotals: data.restored.years.map(() => '–'),
    columnTotals: [data.restored.cumulative.at(-1) ?? 0, '–'],
    total: '–',
  };
}

function Figure({ title, value }: { title: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Text size="lg" fw={700}>
        {value}
      </Text>
    </Card>
  );
}
