import { Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { KeysetPager } from '../../app/lists/KeysetPager.tsx';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { useKeysetPages } from '../../app/lists/useKeysetPages.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../auth/useSession.ts';
import { legalCasesApi } from '../legal-cases/legal-cases.api.ts';
import {
  legalBasisKey,
  RESCUE_OPERATIONS_PAGE_SIZE,
  RESCUE_OPERATIONS_QUERY_KEY,
  rescueOperationsApi,
} from './rescue-operations.api.ts';
import { useRescueOperationsT } from './rescue-operation-labels.ts';
import { intlLocale } from '../../i18n/number-system.ts';

/** Rescue operations the user may see, newest first. */
export function RescueOperationsPage() {
  const { t, i18n } = useRescueOperationsT();
  const language = intlLocale(i18n.resolvedLanguage);
  const { can } = useSession();
  const pages = useKeysetPages('all');
  const list = useQuery({
    queryKey: [...RESCUE_OPERATIONS_QUERY_KEY, 'list', pages.after],
    queryFn: () => rescueOperationsApi.list(pages.after),
    placeholderData: keepPreviousData,
  });
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: legalCasesApi.organisations,
    staleTime: 5 * 60_000,
  });
  const organisationName = new Map(
    (organisations.data?.organisations ?? []).map((organisation) => [
      organisation.id,
      organisation.name,
    ]),
  );
  const operations = list.data?.rescueOperations ?? [];
  const count = new Intl.NumberFormat(language);

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('list.title')}</Title>
        {can('rescue_operation:write') && (
          <Button component={Link} to="/rescue-operations/new">
            {t('list.new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('loading')} />
      ) : operations.length === 0 ? (
        pages.pageIndex === 0 && <Text c="dimmed">{t('list.empty')}</Text>
      ) : (
        <ListTable
          rows={operations}
          rowKey={(operation) => operation.id}
          label={t('list.title')}
          caption={t('list.caption')}
          minWidth={640}
          busy={list.isPlaceholderData}
          columns={[
            {
              key: 'occurredAt',
              header: t('fields.occurredAt'),
              onCard: 'title',
              cell: (operation) => (
                <Anchor component={Link} to={`/rescue-operations/${operation.id}`}>
                  {formatDateTime(operation.occurredAt, language)}
                </Anchor>
              ),
            },
            {
              key: 'district',
              header: t('fields.district'),
              cell: (operation) => operation.district,
            },
            {
              key: 'legalBasis',
              header: t('fields.legalBasis'),
              cell: (operation) => t(legalBasisKey(operation.legalBasis)),
            },
            {
              key: 'policeUnit',
              header: t('fields.policeUnit'),
              cell: (operation) =>
                operation.policeUnitId
                  ? (organisationName.get(operation.policeUnitId) ?? '—')
                  : '—',
            },
            {
              key: 'rescued',
              header: t('list.rescued'),
              cell: (operation) => count.format(operation.rescued.length),
            },
            {
              key: 'arrested',
              header: t('list.arrested'),
              cell: (operation) => count.format(operation.arrested.length),
            },
          ]}
        />
      )}
      {list.data && (operations.length > 0 || pages.pageIndex > 0) && (
        <KeysetPager
          pages={pages}
          pageSize={RESCUE_OPERATIONS_PAGE_SIZE}
          rowCount={operations.length}
          busy={list.isPlaceholderData}
          nextCursor={list.data.nextCursor}
          label={t('list.title')}
        />
      )}
    </Stack>
  );
}
