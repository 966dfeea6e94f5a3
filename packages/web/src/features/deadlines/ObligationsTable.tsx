import { Badge, Button, Group, List, Loader, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ListTable, type ListColumn } from '../../app/lists/ListTable.tsx';
import {
  deadlinesApi,
  type ObligationExplanation,
  type ObligationStatus,
  type ObligationView,
} from './deadlines.api.ts';
import { DEADLINES_NAMESPACE } from './deadlines.i18n.ts';
import { explanationText } from './explanation-text.ts';
import { citationText, eventLabel, ruleTitle } from './rule-labels.ts';
import { intlLocale } from '../../i18n/number-system.ts';
import { useCaseCodeText } from '../legal-cases/legal-case-title.ts';

const SOON_DAYS = 7;

export function statusColour(obligation: Pick<ObligationView, 'status' | 'daysLeft'>): string {
  const colours: Record<ObligationStatus, string> = {
    overdue: 'red',
    open: obligation.daysLeft !== null && obligation.daysLeft < SOON_DAYS ? 'orange' : 'blue',
    met: 'green',
    met_late: 'yellow',
  };
  return colours[obligation.status];
}

function DaysLeft({ obligation }: { obligation: ObligationView }) {
  const { t } = useTranslation(DEADLINES_NAMESPACE);
  if (obligation.daysLeft === null) return null;
  const text =
    obligation.daysLeft < 0
      ? t('daysOverdue', { count: -obligation.daysLeft })
      : obligation.daysLeft === 0
        ? t('dueToday')
        : t('daysLeft', { count: obligation.daysLeft });
  return (
    <Text
      size="sm"
      c={obligation.status === 'overdue' ? 'red' : 'dimmed'}
      fw={obligation.status === 'overdue' ? 700 : 400}
    >
      {text}
    </Text>
  );
}

/** How the date was computed: from the row when it came with it, else fetched as it opens. */
function Explanation({ obligation }: { obligation: ObligationView }) {
  const { t } = useTranslation(DEADLINES_NAMESPACE);
  const detail = useQuery({
    queryKey: ['obligation', obligation.id],
    queryFn: () => deadlinesApi.obligation(obligation.id),
    enabled: obligation.explanation === undefined,
  });
  const explanation =
    obligation.explanation === undefined ? detail.data?.explanation : obligation.explanation;
  if (explanation) return <ExplanationList explanation={explanation} />;
  if (explanation === null)
    return (
      <Text size="sm" c="dimmed">
        {t('explanation.notRecorded')}
      </Text>
    );
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  return <Loader size="sm" aria-label="…" />;
}

function ExplanationList({ explanation }: { explanation: ObligationExplanation }) {
  const { t, i18n } = useTranslation(DEADLINES_NAMESPACE);
  const language = intlLocale(i18n.resolvedLanguage);
  const context = {
    t: i18n.t,
    formatDate: (value: string) =>
      value.length > 10 ? formatDateTime(value, language) : formatDate(value, language),
  };
  const say = (text: string) => explanationText(context, text);
  const confidence = {
    T: t('explanation.confidenceT'),
    S: t('explanation.confidenceS'),
    U: t('explanation.confidenceU'),
  }[explanation.confidence];
  return (
    <List size="sm" spacing={2}>
      <List.Item>
        <b>{t('explanation.started')}:</b> {eventLabel(t, explanation.startEvent.type)},{' '}
        {formatDateTime(explanation.startEvent.at, language)}
      </List.Item>
      <List.Item>
        <b>{t('explanation.condition')}:</b> {say(explanation.condition)}
      </List.Item>
      <List.Item>
        <b>{t('explanation.counting')}:</b> {say(explanation.counting)}
      </List.Item>
      <List.Item>
        <b>{t('explanation.satisfiedBy')}:</b> {eventLabel(t, explanation.satisfiedBy)}
        {explanation.satisfyingEvent
          ? ` (${t('explanation.satisfiedAt')} ${formatDateTime(explanation.satisfyingEvent.at, language)})`
          : ''}
      </List.Item>
      <List.Item>
        <b>{t('explanation.citation')}:</b> {citationText(i18n.t, explanation.citation)} ·{' '}
        <b>{t('explanation.confidence')}:</b> {confidence}
      </List.Item>
      {explanation.notes.map((note) => (
        <List.Item key={note}>{say(note)}</List.Item>
      ))}
    </List>
  );
}

/**
 * Deadlines as a table: due date, what, for whom, and a coloured status (overdue in red). Each row
 * opens to show how the date was computed, so nobody has to trust a number they cannot check.
 */
export function ObligationsTable({
  obligations,
  showCase = true,
}: {
  obligations: ObligationView[];
  showCase?: boolean;
}) {
  const { t, i18n } = useTranslation(DEADLINES_NAMESPACE);
  const caseCodeText = useCaseCodeText();
  const language = intlLocale(i18n.resolvedLanguage);
  const [expanded, setExpanded] = useState<string | undefined>();
  if (obligations.length === 0) return <Text c="dimmed">{t('table.empty')}</Text>;
  const columns: ListColumn<ObligationView>[] = [
    {
      key: 'due',
      header: t('table.due'),
      cell: (obligation) => (
        <>
          <Text size="sm">{formatDateTime(obligation.dueAt, language)}</Text>
          <DaysLeft obligation={obligation} />
        </>
      ),
    },
    {
      key: 'deadline',
      header: t('table.deadline'),
      onCard: 'title',
      cell: (obligation) => (
        <>
          <Text size="sm" fw={500}>
            {ruleTitle(t, obligation.rule, obligation.title)}
          </Text>
          <Group gap={4}>
            <Text size="xs" c="dimmed" fw={400}>
              {citationText(i18n.t, obligation.citation)}
            </Text>
            {obligation.unconfirmed ? (
              <Tooltip label={t('unconfirmed')}>
                <Badge size="xs" color="gray" variant="outline">
                  {t('explanation.confidenceU')}
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
        </>
      ),
    },
    ...(showCase
      ? [
          {
            key: 'case',
            header: t('table.case'),
            cell: (obligation: ObligationView) =>
              caseCodeText(obligation.caseType, obligation.caseCode),
          },
        ]
      : []),
    { key: 'subject', header: t('table.subject'), cell: (obligation) => obligation.subject ?? '—' },
    {
      key: 'status',
      header: t('table.status'),
      onCard: 'badge',
      cell: (obligation) => (
        <Badge
          color={statusColour(obligation)}
          variant={obligation.status === 'overdue' ? 'filled' : 'light'}
        >
          {t(`status.${obligation.status}`)}
        </Badge>
      ),
    },
    {
      key: 'details',
      onCard: 'action',
      cell: (obligation) => {
        const open = expanded === obligation.id;
        return (
          <Button
            size="compact-xs"
            variant="subtle"
            aria-expanded={open}
            onClick={() => setExpanded(open ? undefined : obligation.id)}
          >
            {t('table.details')}
          </Button>
        );
      },
    },
  ];
  return (
    <ListTable
      rows={obligations}
      rowKey={(obligation) => obligation.id}
      label={t('table.caption')}
      caption={t('table.caption')}
      minWidth={640}
      columns={columns}
      rowData={(obligation) => ({ 'data-status': obligation.status })}
      details={(obligation) =>
        expanded === obligation.id ? <Explanation obligation={obligation} /> : null
      }
    />
  );
}
