import {
  ActionIcon,
  Anchor,
  Badge,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useWideScreen } from '../../app/useWideScreen.ts';
import { DISPLAY_TIME_ZONE, dateTimeOptions, formatDateTime } from '../../app/format.ts';
import { kolkataDay } from '../../app/kolkata-time.ts';
import { useLegalCasesT } from '../legal-cases/legal-case-labels.ts';
import { useLegalCaseTitle } from '../legal-cases/legal-case-title.ts';
import { CalendarFeedCard } from './CalendarFeedCard.tsx';
import { hearingsApi, type HearingView } from './hearings.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

function currentMonth(): string {
  return kolkataDay(new Date().toISOString()).slice(0, 7);
}

function shiftMonth(month: string, by: number): string {
  const [year = 2000, number = 1] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, number - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/** The days of the month's grid, Monday first, padded with nulls to whole weeks. */
function monthGrid(month: string): (string | null)[] {
  const [year = 2000, number = 1] = month.split('-').map(Number);
  const first = new Date(Date.UTC(year, number - 1, 1));
  const days = new Date(Date.UTC(year, number, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day += 1) cells.push(`${month}-${String(day).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  return cells;
}

function HearingLink({ hearing }: { hearing: HearingView }) {
  const { t, i18n } = useLegalCasesT();
  const caseTitle = useLegalCaseTitle();
  const locale = intlLocale(i18n.resolvedLanguage);
  const time = new Intl.DateTimeFormat(locale, {
    ...dateTimeOptions(locale, {}),
    timeZone: DISPLAY_TIME_ZONE,
  }).format(new Date(hearing.at));
  // A day's cell is a seventh of a phone's width: a word longer than it (a station's name, এফআইআর)
  // breaks inside the cell rather than pushing the last column past the screen's edge.
  return (
    <Anchor
      component={Link}
      to={`/legal-cases/${hearing.legalCaseId}`}
      size="xs"
      display="block"
      style={{ overflowWrap: 'anywhere' }}
    >
      {time} {caseTitle(hearing.titleFir, hearing.legalCaseId)}
      {hearing.kind === 'held' && hearing.adjourned ? ` (${t('hearings.adjourned')})` : ''}
    </Anchor>
  );
}

function MonthView({ month, hearings }: { month: string; hearings: HearingView[] }) {
  const { i18n } = useLegalCasesT();
  const language = intlLocale(i18n.resolvedLanguage);
  const byDay = new Map<string, HearingView[]>();
  for (const hearing of hearings) {
    const day = kolkataDay(hearing.at);
    byDay.set(day, [...(byDay.get(day) ?? []), hearing]);
  }
  // Weekday names from a known Monday, in the user's language.
  const weekdays = Array.from({ length: 7 }, (_, index) =>
    new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, 1 + index)),
    ),
  );
  const cells = monthGrid(month);
  const weeks = Array.from({ length: cells.length / 7 }, (_, week) =>
    cells.slice(week * 7, week * 7 + 7),
  );
  // A table, as a month is read: a screen reader names each day by its weekday column and its
  // number, and the hearings in it are links (an ARIA grid would promise arrow-key moves).
  return (
    <Table
      layout="fixed"
      withTableBorder
      withColumnBorders
      verticalSpacing={4}
      horizontalSpacing={4}
      aria-label={month}
    >
      <Table.Thead>
        <Table.Tr>
          {weekdays.map((weekday) => (
            <Table.Th key={weekday} ta="center" fz="xs">
              {weekday}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {weeks.map((week, weekIndex) => (
          <Table.Tr key={week.find((day) => day !== null) ?? weekIndex}>
            {week.map((day, index) => (
              <Table.Td key={day ?? `pad-${index}`} h={80} valign="top">
                {day && (
                  <>
                    <Text size="xs" c="dimmed">
                      {Number(day.slice(8))}
                    </Text>
                    {(byDay.get(day) ?? []).map((hearing) => (
                      <HearingLink key={`${hearing.legalCaseId}-${hearing.at}`} hearing={hearing} />
                    ))}
                  </>
                )}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function AgendaView({ hearings }: { hearings: HearingView[] }) {
  const { t, i18n } = useLegalCasesT();
  const caseTitle = useLegalCaseTitle();
  const language = intlLocale(i18n.resolvedLanguage);
  if (hearings.length === 0) return <Text c="dimmed">{t('hearings.empty')}</Text>;
  return (
    <ListTable
      rows={[...hearings].sort((left, right) => left.at.localeCompare(right.at))}
      rowKey={(hearing) => `${hearing.legalCaseId}-${hearing.at}`}
      caption={t('hearings.agenda')}
      minWidth={0}
      columns={[
        {
          key: 'when',
          header: t('hearings.when'),
          cell: (hearing) => (
            <>
              {formatDateTime(hearing.at, language)}{' '}
              <Badge size="xs" variant="light" color={hearing.kind === 'held' ? 'gray' : 'blue'}>
                {t(`hearings.${hearing.kind}`)}
              </Badge>
            </>
          ),
        },
        {
          key: 'case',
          header: t('list.case'),
          onCard: 'title',
          cell: (hearing) => (
            <Anchor component={Link} to={`/legal-cases/${hearing.legalCaseId}`}>
              {caseTitle(hearing.titleFir, hearing.legalCaseId)}
            </Anchor>
          ),
        },
        { key: 'court', header: t('list.court'), cell: (hearing) => hearing.court ?? '—' },
        {
          key: 'purpose',
          header: t('fields.purpose'),
          cell: (hearing) => (hearing.purpose ? t(`choices.${hearing.purpose}`) : '—'),
        },
        {
          key: 'witnesses',
          header: t('fields.witnesses'),
          cell: (hearing) => hearing.witnesses.join(', ') || '—',
        },
      ]}
    />
  );
}

/** Hearings across every case the user may see: a month grid or an agenda, and the ICS feed. */
export function HearingsPage() {
  const { t, i18n } = useLegalCasesT();
  const language = intlLocale(i18n.resolvedLanguage);
  const [month, setMonth] = useState(currentMonth);
  // Seven columns of days do not fit a phone: there the hearings open as a list.
  const wide = useWideScreen();
  const [view, setView] = useState<'month' | 'agenda'>(wide ? 'month' : 'agenda');
  const hearings = useQuery({
    queryKey: ['hearings', month],
    queryFn: () => hearingsApi.month(month),
    placeholderData: keepPreviousData,
  });
  const [year = 2000, number = 1] = month.split('-').map(Number);
  const monthName = new Intl.DateTimeFormat(language, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, number - 1, 15)));

  return (
    <Stack gap="lg">
      <Title order={2}>{t('hearings.title')}</Title>
      <Group justify="space-between">
        <Group gap="xs">
          <ActionIcon
            variant="default"
            aria-label={t('hearings.previous')}
            onClick={() => setMonth(shiftMonth(month, -1))}
          >
            ‹
          </ActionIcon>
          <Text fw={600} miw={160} ta="center" aria-live="polite">
            {monthName}
          </Text>
          <ActionIcon
            variant="default"
            aria-label={t('hearings.next')}
            onClick={() => setMonth(shiftMonth(month, 1))}
          >
            ›
          </ActionIcon>
        </Group>
        <SegmentedControl
          aria-label={t('hearings.view')}
          value={view}
          onChange={(value) => setView(value === 'agenda' ? 'agenda' : 'month')}
          data={[
            { value: 'month', label: t('hearings.month') },
            { value: 'agenda', label: t('hearings.agenda') },
          ]}
        />
      </Group>
      <ErrorAlert error={hearings.error} />
      {hearings.isLoading ? (
        <Loader aria-label={t('loading')} />
      ) : view === 'month' ? (
        <MonthView month={month} hearings={hearings.data?.hearings ?? []} />
      ) : (
        <AgendaView hearings={hearings.data?.hearings ?? []} />
      )}
      <CalendarFeedCard />
    </Stack>
  );
}
