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
import { isRuleId, restoredRuleText, ruleTitle } from '../deadlines/rule-labels.ts';
import { ChartCard } from './ChartCard.tsx';
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

const show = (value: number | null, unit = '') => (value === null ? '—' : `${value}${unit}`);
const cell = (value: PublishedCell) => String(value);

/** The justice-system dashboard: one page for a programme manager, partner-safe for others. */
export function DashboardPage() {
  const { t, i18n } = useDashboardT();
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
  const published = async () =>
    dashboard.data && !dashboard.data.exact
      ? dashboard.data
      : queryClient.query({
          queryKey: ['dashboard', filters, 'published'],
          queryFn: () =>
            getJson<Dashboard>(
              `/api/dashboard${queryString({ ...withoutEmpty(filters), published: 'true' })}`,
            ),
        });
  const safe = (pick: (data: Dashboard) => DashboardTable) => async () => pick(await published());
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
            {t('period', { from: data.period.from, to: data.period.to })}
          </Text>
          {!data.exact && <Alert color="blue">{t('suppressed')}</Alert>}
          <Title order={3}>{t('sections.care')}</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard
              id="rescues"
              title={t('figures.rescues')}
              table={data.rescues}
              published={safe((d) => d.rescues)}
              label={label}
            />
            <ChartCard
              id="in-care"
              title={t('figures.inCare')}
              table={data.inCareByPhase}
              published={safe((d) => d.inCareByPhase)}
              label={label}
            />
          </SimpleGrid>
          <ChartCard
            id="restored"
            title={t('figures.restored')}
            note={t('restoredRule', { rule: restoredRuleText(i18n.t, data.restored.rule) })}
            table={restoredTable(data)}
            published={async () => restoredTable(await published())}
            label={label}
          />
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
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <ChartCard
              id="hearings"
              title={t('figures.hearings')}
              table={data.legal.hearings}
              published={safe((d) => d.legal.hearings)}
              label={label}
            />
            <ChartCard
              id="verdicts"
              title={t('figures.verdicts')}
              table={data.legal.verdicts}
              published={safe((d) => d.legal.verdicts)}
              label={label}
            />
            <ChartCard
              id="court-counts"
              title={t('figures.courtCounts')}
              table={data.legal.counts}
              published={safe((d) => d.legal.counts)}
              label={label}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard
              id="compensation"
              title={t('figures.compensation')}
              table={data.compensation.counts}
              published={safe((d) => d.compensation.counts)}
              label={label}
            />
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
          <ChartCard
            id="deadlines-rule"
            title={t('figures.deadlinesByRule')}
            table={data.deadlines.byRule}
            published={safe((d) => d.deadlines.byRule)}
            label={label}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard
              id="deadlines-place"
              title={t('figures.deadlinesByPlace', { place: label(data.deadlines.by) })}
              table={data.deadlines.byPlace}
              published={safe((d) => d.deadlines.byPlace)}
              label={label}
            />
            <ChartCard
              id="deadlines-year"
              title={t('figures.deadlinesByYear')}
              table={data.deadlines.byYear}
              published={safe((d) => d.deadlines.byYear)}
              label={label}
            />
          </SimpleGrid>
          <Title order={3}>{t('sections.trainings')}</Title>
          <Figure
            title={t('stats.meanGain')}
            value={t('stats.gainValue', {
              gain: show(data.trainings.meanKnowledgeGain),
              tested: cell(data.trainings.tested),
            })}
          />
          <ChartCard
            id="trained"
            title={t('figures.trained')}
            table={data.trainings.byCadreAndDistrict}
            published={safe((d) => d.trainings.byCadreAndDistrict)}
            label={label}
          />
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
