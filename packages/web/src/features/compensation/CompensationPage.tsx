import type { CompensationScheme, LegalCaseTitleFir } from '@dawn/core';
import { Anchor, Badge, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { getJson, queryString } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDate } from '../../app/format.ts';
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
        <Table.ScrollContainer minWidth={900}>
          <Table striped captionSide="top">
            <Table.Caption>
              {order === 'waiting' ? t('compensation.waiting') : t('compensation.recent')}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.case')}</Table.Th>
                <Table.Th>{t('fields.victim')}</Table.Th>
                <Table.Th>{t('fields.scheme')}</Table.Th>
                <Table.Th>{t('compensation.status')}</Table.Th>
                <Table.Th>{t('compensation.applied')}</Table.Th>
                <Table.Th>{t('compensation.sanctioned')}</Table.Th>
                <Table.Th>{t('compensation.disbursed')}</Table.Th>
                <Table.Th>{t('compensation.daysToPayment')}</Table.Th>
                <Table.Th>{t('compensation.daysWaiting')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.claims.map((claim) => (
                <Table.Tr key={`${claim.legalCaseId}-${claim.victimRef}-${claim.scheme}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/legal-cases/${claim.legalCaseId}`}>
                      {caseTitle(claim.titleFir, claim.legalCaseId)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{claim.victimRef}</Table.Td>
                  <Table.Td>{claim.scheme}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={claim.status === 'disbursed' ? 'green' : 'orange'}
                    >
                      {t(`compensation.statuses.${claim.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {rupees(claim.amountApplied)} · {date(claim.appliedAt)}
                  </Table.Td>
                  <Table.Td>
                    {rupees(claim.amountSanctioned ?? claim.amountInterim)} ·{' '}
                    {date(claim.awardedAt ?? claim.interimAt)}
                  </Table.Td>
                  <Table.Td>
                    {rupees(claim.amountDisbursed)} · {date(claim.disbursedAt)}
                  </Table.Td>
                  <Table.Td>{claim.daysOrderToPayment ?? '—'}</Table.Td>
                  <Table.Td>
                    {claim.daysWaiting === null ? (
                      '—'
                    ) : (
                      <Text size="sm" c={claim.daysWaiting > 90 ? 'red.8' : undefined} fw={600}>
                        {claim.daysWaiting}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
