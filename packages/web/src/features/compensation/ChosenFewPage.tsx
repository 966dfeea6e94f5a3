import type { LegalCaseTitleFir, LegalEventType } from '@dawn/core';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { getJson, queryString } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { kolkataDay } from '../../app/kolkata-time.ts';
import { eventTypeKey, useLegalCasesT } from '../legal-cases/legal-case-labels.ts';
import { useLegalCaseTitle } from '../legal-cases/legal-case-title.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** Mirrors the server's summary (features/reports/report.routes.ts): counts per official. */
interface ChosenFewSummary {
  from: string;
  to: string;
  /** The officials after this page's last; null on the last page. */
  nextCursor: string | null;
  officials: {
    officialId: string;
    name: string;
    designation: string;
    organisation: string;
    onTimeCount: number;
    lateCount: number;
    withoutDeadlineCount: number;
    milestoneCount: number;
    caseCount: number;
  }[];
}

/** One official's milestones, fetched when their card is opened. */
interface ChosenOfficial {
  officialId: string;
  milestones: {
    legalCaseId: string;
    caseTitle: string;
    caseTitleFir: LegalCaseTitleFir | null;
    eventId: string;
    type: string;
    description: string;
    at: string;
    onTime: boolean | null;
  }[];
}

function defaultPeriod(): { from: string; to: string } {
  const today = kolkataDay(new Date().toISOString());
  return { from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today };
}

/** Officials a page: the server's summary is keyset-paged in the report's order. */
const OFFICIALS_PAGE_SIZE = 20;

/**
 * Officials credited with milestones in a period, for recognition on National Civil Services Day
 * (21 April): counts per official first, twenty officials a page (Next / Previous), each
 * official's milestones when their card is opened (a year credits thousands). The printable page
 * is the server's HTML, every official, opened in a new tab.
 */
export function ChosenFewPage() {
  const { t, i18n } = useLegalCasesT();
  const [draft, setDraft] = useState(defaultPeriod);
  const [period, setPeriod] = useState(defaultPeriod);
  const pages = useKeysetPages(JSON.stringify(period));
  const report = useQuery({
    queryKey: ['reports', 'chosen-few', period, pages.after],
    queryFn: () =>
      getJson<ChosenFewSummary>(
        `/api/reports/chosen-few/summary${queryString({
          ...period,
          limit: OFFICIALS_PAGE_SIZE,
          after: pages.after,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setPeriod(draft);
  };
  return (
    <Stack gap="lg">
      <Title order={2}>{t('chosenFew.title')}</Title>
      <Text c="dimmed">{t('chosenFew.intro')}</Text>
      <form onSubmit={submit} aria-label={t('chosenFew.period')}>
        <Group align="flex-end">
          <TextInput
            type="date"
            label={t('chosenFew.from')}
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('chosenFew.to')}
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          />
          <Button type="submit">{t('list.apply')}</Button>
          <Anchor
            href={`/api/reports/chosen-few.html${queryString({
              ...period,
              language: i18n.resolvedLanguage,
            })}`}
            target="_blank"
            rel="noopener"
          >
            {t('chosenFew.printable')}
          </Anchor>
        </Group>
      </form>
      <ErrorAlert error={report.error} />
      {report.isLoading && <Loader aria-label={t('loading')} />}
      {report.data?.officials.length === 0 && pages.pageIndex === 0 && (
        <Text c="dimmed">{t('chosenFew.empty')}</Text>
      )}
      {report.data?.officials.map((official) => (
        <OfficialCard key={official.officialId} official={official} period={period} />
      ))}
      {report.data && (pages.pageIndex > 0 || report.data.nextCursor) && (
        <KeysetPager
          pages={pages}
          pageSize={OFFICIALS_PAGE_SIZE}
          rowCount={report.data.officials.length}
          busy={report.isPlaceholderData}
          nextCursor={report.data.nextCursor}
          label={t('chosenFew.title')}
        />
      )}
    </Stack>
  );
}

function OfficialCard({
  official,
  period,
}: {
  official: ChosenFewSummary['officials'][number];
  period: { from: string; to: string };
}) {
  const { t, i18n } = useLegalCasesT();
  const caseTitle = useLegalCaseTitle();
  const language = intlLocale(i18n.resolvedLanguage);
  const [open, setOpen] = useState(false);
  const detail = useQuery({
    queryKey: ['reports', 'chosen-few', period, official.officialId],
    queryFn: () =>
      getJson<ChosenOfficial>(
        `/api/reports/chosen-few/officials/${official.officialId}${queryString(period)}`,
      ),
    enabled: open,
  });
  return (
    <Card withBorder>
      <Title order={3} size="h4">
        {official.name}
      </Title>
      <Text size="sm" c="dimmed">
        {official.designation}, {official.organisation}
      </Text>
      <Text size="sm">
        {[
          t('chosenFew.onTime', { count: official.onTimeCount }),
          t('chosenFew.late', { count: official.lateCount }),
          t('chosenFew.withoutDeadline', { count: official.withoutDeadlineCount }),
          t('chosenFew.cases', { count: official.caseCount }),
        ].join(' · ')}
      </Text>
      <Group mt="xs">
        <Button
          variant="subtle"
          size="compact-sm"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? t('chosenFew.hideMilestones') : t('chosenFew.showMilestones')}
        </Button>
      </Group>
      {open && <ErrorAlert error={detail.error} />}
      {open && detail.isLoading && <Loader size="sm" aria-label={t('loading')} />}
      {open && detail.data && (
        <Box mt="sm">
          <ListTable
            rows={detail.data.milestones}
            rowKey={(milestone) => milestone.eventId}
            label={t('chosenFew.milestonesOf', { name: official.name })}
            minWidth={480}
            columns={[
              {
                key: 'when',
                header: t('chosenFew.column.when'),
                cell: (milestone) => formatDate(milestone.at, language),
                nowrap: true,
              },
              {
                key: 'case',
                header: t('chosenFew.column.case'),
                onCard: 'title',
                cell: (milestone) => (
                  <Anchor component={Link} to={`/legal-cases/${milestone.legalCaseId}`}>
                    {caseTitle(milestone.caseTitleFir, milestone.legalCaseId)}
                  </Anchor>
                ),
              },
              {
                key: 'milestone',
                header: t('chosenFew.column.milestone'),
                cell: (milestone) =>
                  t(eventTypeKey(milestone.type as LegalEventType), {
                    defaultValue: milestone.description,
                  }),
              },
              {
                key: 'deadline',
                header: t('chosenFew.column.deadline'),
                onCard: 'badge',
                cell: (milestone) =>
                  milestone.onTime === null ? (
                    '—'
                  ) : milestone.onTime ? (
                    <Badge variant="light" color="teal">
                      {t('chosenFew.metInTime')}
                    </Badge>
                  ) : (
                    <Badge variant="light" color="orange" data-testid="met-late">
                      {t('chosenFew.metLate')}
                    </Badge>
                  ),
              },
            ]}
          />
        </Box>
      )}
    </Card>
  );
}
