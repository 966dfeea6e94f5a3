import type { CompensationScheme, LegalCaseTitleFir } from '@dawn/core';
import { Anchor, Badge, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { getJson, queryString } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useLegalCasesT } from '../legal-cases/legal-case-labels.ts';
import { useLegalCaseTitle } from '../legal-cases/legal-case-title.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** Mirrors the server's claim schema (features/compensation/compensation.routes.ts). */
interface ClaimView {
  legalCaseId: string;
  title: string;
  titleFir: LegalCaseTitleFir | null;
  victimRef: string;
  scheme: CompensationScheme;
  authority: string | null;
  status: 'applied' | 'interim' | 'sanctioned' | 'disbursed';
  appliedAt: string | null;
  amountApplied: number | null;
  interimAt: string | null;
  amountInterim: number | null;
  awardedAt: string | null;
  amountSanctioned: number | null;
  disbursedAt: string | null;
  amountDisbursed: number;
  daysOrderToPayment: number | null;
  daysWaiting: number | null;
}

const claims = (order: 'waiting' | 'recent') =>
  getJson<{ claims: ClaimView[] }>(`/api/compensation/claims${queryString({ order })}`);

/** Compensation claims; "waiting longest" lists the unpaid ones to escalate first. */
export function CompensationPage() {
  const { t, i18n } = useLegalCasesT();
  const caseTitle = useLegalCaseTitle();
  const language = intlLocale(i18n.resolvedLanguage);
  const [order, setOrder] = useState<'waiting' | 'recent'>('waiting');
  const list = useQuery({
    queryKey: ['compensation', order],
    queryFn: () => claims(order),
    placeholderData: keepPreviousData,
  });
  const rupees = (amount: number | null) =>
    amount === null
      ? '—'
      : new Intl.NumberFormat(language, {
          style: 'currency',
          currency: 'INR',
          maximumFractionDigits: 0,
        }).format(amount);
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : '—');
  const days = (count: number | null) =>
    count === null ? '—' : new Intl.NumberFormat(language).format(count);

  return (
    <Stack gap="lg">
      <Title order={2}>{t('compensation.title')}</Title>
      <Text c="dimmed">{t('compensation.intro')}</Text>
      <SegmentedControl
        aria-label={t('compensation.order')}
        w="fit-content"
        value={order}
        onChange={(value) => setOrder(value === 'recent' ? 'recent' : 'waiting')}
        data={[
          { value: 'waiting', label: t('compensation.waiting') },
          { value: 'recent', label: t('compensation.recent') },
        ]}
      />
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Loader aria-label={t('loading')} />
      ) : list.data?.claims.length === 0 ? (
        <Text c="dimmed">{t('compensation.empty')}</Text>
      ) : (
        <ListTable
          rows={list.data?.claims ?? []}
          rowKey={(claim) => `${claim.legalCaseId}-${claim.victimRef}-${claim.scheme}`}
          caption={order === 'waiting' ? t('compensation.waiting') : t('compensation.recent')}
          minWidth={900}
          busy={list.isPlaceholderData}
          columns={[
            {
              key: 'case',
              header: t('list.case'),
              onCard: 'title',
              cell: (claim) => (
                <Anchor component={Link} to={`/legal-cases/${claim.legalCaseId}`}>
                  {caseTitle(claim.titleFir, claim.legalCaseId)}
                </Anchor>
              ),
            },
            { key: 'victim', header: t('fields.victim'), cell: (claim) => claim.victimRef },
            { key: 'scheme', header: t('fields.scheme'), cell: (claim) => claim.scheme },
            {
              key: 'status',
              header: t('compensation.status'),
              onCard: 'badge',
              cell: (claim) => (
                <Badge variant="light" color={claim.status === 'disbursed' ? 'green' : 'orange'}>
                  {t(`compensation.statuses.${claim.status}`)}
                </Badge>
              ),
            },
            {
              key: 'applied',
              header: t('compensation.applied'),
              cell: (claim) => `${rupees(claim.amountApplied)} · ${date(claim.appliedAt)}`,
            },
            {
              key: 'sanctioned',
              header: t('compensation.sanctioned'),
              cell: (claim) =>
                `${rupees(claim.amountSanctioned ?? claim.amountInterim)} · ${date(claim.awardedAt ?? claim.interimAt)}`,
            },
            {
              key: 'disbursed',
              header: t('compensation.disbursed'),
              cell: (claim) => `${rupees(claim.amountDisbursed)} · ${date(claim.disbursedAt)}`,
            },
            {
              key: 'daysToPayment',
              header: t('compensation.daysToPayment'),
              cell: (claim) => days(claim.daysOrderToPayment),
            },
            {
              key: 'daysWaiting',
              header: t('compensation.daysWaiting'),
              cell: (claim) =>
                claim.daysWaiting === null ? (
                  '—'
                ) : (
                  <Text span size="sm" c={claim.daysWaiting > 90 ? 'red.8' : undefined} fw={600}>
                    {days(claim.daysWaiting)}
                  </Text>
                ),
            },
          ]}
        />
      )}
    </Stack>
  );
}
